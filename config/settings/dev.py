"""Settings for `make run`: the demo on SQLite, served by gunicorn on loopback."""

from .base import *  # noqa: F403

DEBUG = False
