"""Pages of the filing area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import filing as views

urlpatterns: list = [
    path("filing/unit/", views.filing_unit, name="filing_unit"),
    path("filing/", views.filings, name="filings"),
    path("filing/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filing/<int:pk>/accept/", views.filing_accept, name="filing_accept"),
    path("filing/<int:pk>/return/", views.filing_return, name="filing_return"),
    path("filing/<int:pk>/refile/", views.filing_refile, name="filing_refile"),
    path("filing/reviews/", views.reviews, name="reviews"),
    path("filing/reviews/new/", views.review_new, name="review_new"),
    path("filing/reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path(
        "filing/reviews/<int:pk>/<str:verb>/",
        views.review_action,
        name="review_action",
    ),
    path("filing/report/", views.filing_report, name="filing_report"),
]
