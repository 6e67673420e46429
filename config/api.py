"""The /api/v1/ instance; each app adds its router in renda/<app>/api.py."""

from renda.core.api import build_api

api = build_api()
