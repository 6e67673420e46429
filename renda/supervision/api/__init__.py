"""/api/v1/supervision/...: one router per area, listed in config/api.py."""
