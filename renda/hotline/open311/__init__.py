"""Renda's Open311 GeoReport v2 server (docs/hotline-server.md).

- ``formats``: JSON and XML answers, W3C dates, the standard's error list;
- ``catalogue``: the services and their definitions;
- ``status``: what a partner or the public sees of a request's progress;
- ``views``: the endpoints.
"""
