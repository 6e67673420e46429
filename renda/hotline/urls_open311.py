"""Renda's Open311 GeoReport v2 server (/open311/v2/, namespace ``open311``)."""

app_name = "open311"

urlpatterns: list = []
