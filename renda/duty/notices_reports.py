"""Who is told what about reports to voters: the deputy, when the report is
registered as held, with the voters' ratings so far."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from renda.notifications.choices import NotificationKind

from .choices import Rating
from .models import VoterRating
from .notices import deputy_user, send_after_commit


def _ratings_so_far(report) -> str:
    counts = dict(
        VoterRating.objects.filter(report=report)
        .values_list("overall")
        .annotate(n=Count("id"))
        .values_list("overall", "n")
    )
    total = sum(counts.values())
    if not total:
        return "目前还没有选民评议。"
    parts = "、".join(
        f"{label}{counts.get(value, 0)}票" for value, label in Rating.choices
    )
    return f"目前已有{total}位选民评议（总体评价：{parts}）。"


def report_held(report) -> None:
    """Tell the deputy that their report is registered, with the ratings so far."""
    send_after_commit(
        recipients=lambda: deputy_user(report.deputy),
        kind=NotificationKind.DUTY,
        title=f"述职情况已登记：{report.date:%Y年%-m月%-d日}",
        body=(
            f"您在{report.place}的述职已登记，实到选民{report.audience}人。"
            f"{_ratings_so_far(report)}评议截至述职后的规定天数，可在述职页面查看。"
        ),
        url=reverse("duty:report_detail", args=[report.pk]),
        target=report,
        dedupe_key=f"duty.report_held:{report.pk}",
    )
