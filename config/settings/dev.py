"""Settings for `make run`: the demo on SQLite, served by gunicorn on loopback."""

from .base import *  # noqa: F403

DEBUG = False

# Two-factor (issue 13): the demo does not require it, so that the printed demo
# log-ins work as they are; anyone may still turn it on at 账号 > 两步验证.
RENDA_OTP_REQUIRED_ROLES = []
RENDA_OTP_ADMIN_REQUIRED = False
