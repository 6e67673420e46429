"""Pages: items sent to the city's 12345 system (/hotline/tickets/)."""

from django.urls import path

from . import views_outbound as views

urlpatterns: list = [
    path(
        "partners/<int:pk>/outbound/",
        views.partner_outbound_view,
        name="partner_outbound",
    ),
    path("tickets/", views.ticket_list_view, name="ticket_list"),
    path("tickets/<int:pk>/", views.ticket_detail_view, name="ticket_detail"),
    path("tickets/<int:pk>/retry/", views.ticket_retry_view, name="ticket_retry"),
    path(
        "tickets/<int:pk>/confirm-not-sent/",
        views.ticket_confirm_not_sent_view,
        name="ticket_confirm_not_sent",
    ),
    path(
        "tickets/<int:pk>/remote-id/",
        views.ticket_enter_remote_id_view,
        name="ticket_enter_remote_id",
    ),
]
