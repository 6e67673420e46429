"""Pages: partner systems and their keys (/hotline/partners/)."""

from django.urls import path

from .views import partners as views

urlpatterns: list = [
    path("partners/", views.partner_list_page, name="partners"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/rotate/", views.partner_rotate, name="partner_rotate"),
    path("partners/<int:pk>/revoke/", views.partner_revoke, name="partner_revoke"),
]
