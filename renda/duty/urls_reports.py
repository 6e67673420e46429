"""Pages of the duty app: reports to voters (namespace ``duty``)."""

from django.urls import path

from .views import reports

urlpatterns: list = [
    path("reports/", reports.reports, name="reports"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/<int:pk>/", reports.report_detail_page, name="report_detail"),
    path("reports/<int:pk>/qr.svg", reports.report_qr, name="report_qr"),
    path("reports/<int:pk>/poster/", reports.report_poster, name="report_poster"),
    path("reports/<int:pk>/draft.docx", reports.report_draft, name="report_draft"),
]
