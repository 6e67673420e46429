"""The public side of a station: its notice board, the QR form, receipt look-up.

Short paths, because the form's address is printed under the QR code.
"""

from django.urls import path

from . import views_public

app_name = "public"
urlpatterns = [
    path("r/", views_public.lookup, name="lookup"),
    path("r/<str:receipt_number>/", views_public.receipt, name="receipt"),
    path("<int:station_pk>/", views_public.board, name="board"),
    path("<int:station_pk>/form/", views_public.request_form, name="form"),
]
