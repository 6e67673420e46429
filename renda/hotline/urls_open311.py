"""Renda's Open311 GeoReport v2 server (/open311/v2/, namespace ``open311``)."""

from django.urls import re_path

from .open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns: list = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(
        r"^services/(?P<code>[A-Za-z0-9_\-]{1,40})" + FMT,
        views.service_definition,
        name="service",
    ),
    re_path(r"^requests" + FMT, views.requests_endpoint, name="requests"),
    re_path(
        r"^requests/(?P<request_id>[0-9A-Za-z\-]{1,40})" + FMT,
        views.request_detail,
        name="request",
    ),
    re_path(
        r"^tokens/(?P<token>[0-9A-Za-z\-]{1,40})" + FMT,
        views.token_detail,
        name="token",
    ),
    # Last: anything else is the standard's 404, not an HTML page.
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
