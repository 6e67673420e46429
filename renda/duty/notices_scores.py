"""Who the scoring tells what (after the commit, deduplicated)."""

from __future__ import annotations

from django.urls import reverse

from renda.notifications.choices import NotificationKind

from .choices import ScorePeriod
from .notices import congress_staff, deputy_user, send_after_commit


def scores_published(scores) -> None:
    """Each deputy hears their own published score."""
    for score in scores:
        label = str(ScorePeriod(score.period).label)
        send_after_commit(
            recipients=lambda score=score: deputy_user(score.deputy),
            kind=NotificationKind.DUTY,
            title=f"{score.year}年{label}履职积分已公布",
            body=(
                f"您的{score.year}年{label}履职积分已公布：{score.total} 分"
                f"（{score.band}）。"
            ),
            url=reverse("duty:my_scores"),
            target=score,
            dedupe_key=f"duty.score:{score.pk}:{score.published_at.isoformat()}",
        )


def correction_asked(correction) -> None:
    send_after_commit(
        recipients=lambda: congress_staff(correction.score.congress_id),
        kind=NotificationKind.DUTY,
        title=f"积分更正申请：{correction.deputy.name}",
        body=f"{correction.deputy.name}申请更正{correction.score.year}年度履职积分。",
        url=reverse("duty:correction_detail", args=[correction.pk]),
        target=correction,
        dedupe_key=f"duty.correction.asked:{correction.pk}",
    )


def correction_decided(correction) -> None:
    points = f"，调整 {correction.points} 分" if correction.points else ""
    send_after_commit(
        recipients=lambda: deputy_user(correction.deputy),
        kind=NotificationKind.DUTY,
        title=f"{correction.score.year}年度积分更正申请：{correction.get_status_display()}",
        body=f"您的更正申请{correction.get_status_display()}{points}。{correction.decision}",
        url=reverse("duty:my_scores"),
        target=correction,
        dedupe_key=f"duty.correction.decided:{correction.pk}",
    )
