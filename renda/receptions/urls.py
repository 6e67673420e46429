"""URLs of reception days and residents' requests.

``urlpatterns`` sit under /stations/ in the ``stations`` namespace (their names
predate this app: ``stations:reception_days``...); ``public_urlpatterns`` are
the short public URLs under /s/ (namespace ``public``) printed under QR codes.
config/urls.py mounts both.
"""

from django.urls import path

from .views import drafts, public
from .views import reception_days as days
from .views import requests as views

urlpatterns: list = [
    path(
        "<int:station_pk>/reception-days/",
        days.reception_days,
        name="reception_days",
    ),
    path(
        "<int:station_pk>/reception-days/new/",
        days.reception_day_create,
        name="reception_day_create",
    ),
    path(
        "reception-days/<int:pk>/edit/",
        days.reception_day_edit,
        name="reception_day_edit",
    ),
    path(
        "reception-days/<int:pk>/hold/",
        days.reception_day_hold,
        name="reception_day_hold",
    ),
    path(
        "reception-days/<int:pk>/postpone/",
        days.reception_day_postpone,
        name="reception_day_postpone",
    ),
    path(
        "reception-days/<int:pk>/cancel/",
        days.reception_day_cancel,
        name="reception_day_cancel",
    ),
    path(
        "reception-days/<int:pk>/confirm-late/",
        days.reception_day_confirm_late,
        name="reception_day_confirm_late",
    ),
    path("<int:station_pk>/requests/", views.station_requests, name="requests"),
    path("<int:station_pk>/requests/new/", views.request_create, name="request_create"),
    path("requests/mine/", views.my_requests, name="my_requests"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/photos/<int:pk>/", views.request_photo, name="request_photo"),
    path("requests/<int:pk>/route/", views.request_route, name="request_route"),
    path("requests/<int:pk>/convert/", views.request_convert, name="request_convert"),
    path(
        "requests/<int:pk>/prepare-draft/",
        drafts.request_prepare_draft,
        name="request_prepare_draft",
    ),
    path(
        "requests/<int:pk>/answer-on-the-spot/",
        views.request_answer_on_the_spot,
        name="request_answer_on_the_spot",
    ),
    path("requests/<int:pk>/tell/", views.request_tell, name="request_tell"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("requests/<int:pk>/reveal/", views.request_reveal, name="request_reveal"),
    path(
        "congress/<int:congress_pk>/escalated/",
        views.escalated_requests,
        name="escalated_requests",
    ),
    path("unit/requests/", views.unit_requests, name="unit_requests"),
    path(
        "unit/requests/<int:pk>/answer/",
        views.unit_request_answer,
        name="unit_request_answer",
    ),
]

public_urlpatterns: list = [
    path("r/", public.lookup, name="lookup"),
    path("r/<str:receipt_number>/", public.receipt, name="receipt"),
    path("<int:station_pk>/", public.board, name="board"),
    path("<int:station_pk>/form/", public.request_form, name="form"),
]
