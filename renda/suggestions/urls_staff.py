"""URL patterns of the suggestion pages for: staff (joined in urls.py).

Committee staff: review inbox, one item's review/routing panel, overdue board,
extension requests, the congress's list; statistics and .xlsx exports (staff
and leaders); the leader's key suggestions.
"""

from django.urls import path

from .views import review as views_review
from .views import staff as views_staff
from .views import stats as views_stats

urlpatterns: list = [
    path("staff/inbox/", views_staff.inbox, name="staff_inbox"),
    path("staff/<int:pk>/review/", views_review.review, name="staff_review"),
    path(
        "staff/assignments/<int:pk>/withdraw/",
        views_review.withdraw,
        name="staff_withdraw",
    ),
    path("staff/overdue/", views_staff.overdue, name="staff_overdue"),
    path("staff/extensions/", views_staff.extensions, name="staff_extensions"),
    path("staff/all/", views_staff.suggestion_list, name="staff_list"),
    path("stats/", views_stats.stats, name="stats"),
    path("stats/export.xlsx", views_stats.stats_export, name="stats_export"),
    path("stats/ledger.xlsx", views_stats.ledger, name="ledger"),
    path("key/", views_staff.leader_key, name="leader_key"),
]
