"""The year's counts and the summary's opening sentence equal counts made
independently from a random mix of items built through the services."""

import datetime as dt
import io
import random
import re
from collections import Counter

import pytest
from docx import Document

from renda.supervision.choices import (
    DocumentType,
    FilingStatus,
    ResolutionOutcome,
    SupervisionKind,
)
from renda.supervision.documents import summary_docx, summary_text
from renda.supervision.models import Filing, NormativeDocument, ResolutionRecord, Theme
from renda.supervision.selectors.stats import year_counts
from renda.supervision.services.items import (
    item_cancel,
    item_complete,
    item_create,
    item_start,
)

pytestmark = pytest.mark.django_db

YEARS = [2018, 2019, 2020, 2021]
SENTENCE_ORDER = [
    ("work_reports", "WORK_REPORT"),
    ("law_inspections", "LAW_INSPECTION"),
    ("field_inspections", "FIELD_INSPECTION"),
    ("inquiries", "INQUIRY"),
    ("vote_evaluations", "VOTE_EVALUATION"),
    ("research", "RESEARCH"),
    ("resolutions", "RESOLUTION"),
]


def _sentence(expected: dict) -> str:
    return (
        f"全年共听取审议专项工作报告{expected['work_reports']}项，"
        f"开展执法检查{expected['law_inspections']}项、"
        f"专项视察{expected['field_inspections']}次、"
        f"专题询问{expected['inquiries']}次、"
        f"票决评议{expected['vote_evaluations']}次、"
        f"专题调研{expected['research']}项、"
        f"备案审查规范性文件{expected['filings']}件，"
        f"依法作出决议决定{expected['resolutions']}项。"
    )


def _random_date(rng, year):
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def build_mix(world, staff, seed: int, count: int = 70):
    """Items of every kind across years, completed, left open or cancelled.

    Returns what was built as plain records: (kind, done_on, cancelled,
    outcome, first_theme_name), and the accepted filings' (year, congress).
    """
    rng = random.Random(seed)
    congress = world.city_congress
    themes = [
        Theme.objects.create(congress=congress, name=name, rank=rank)
        for name, rank in (("社会关切", 30), ("疫情防控", 10), ("经济高质量发展", 20))
    ]
    by_rank = sorted(themes, key=lambda t: t.rank)
    built = []
    for n in range(count):
        kind = rng.choice(SupervisionKind.values)
        chosen = rng.sample(themes, rng.randrange(0, 3))
        plan_year = rng.choice(YEARS)
        item = item_create(
            congress=congress,
            year=plan_year,
            kind=kind,
            title=f"随机事项{n}",
            theme_ids=[t.pk for t in chosen],
            actor=staff,
        )
        fate = rng.choice(["planned", "started", "done", "done", "done", "cancel"])
        done_on, cancelled, outcome = None, False, None
        if fate in ("started", "done") or (fate == "cancel" and rng.random() < 0.5):
            item = item_start(item=item, actor=staff)
        if fate == "done":
            # Sometimes heard early in the next year.
            done_year = plan_year + (1 if rng.random() < 0.2 else 0)
            done_on = _random_date(rng, done_year)
            item = item_complete(item=item, done_on=done_on, actor=staff)
            if kind == SupervisionKind.RESOLUTION and rng.random() < 0.7:
                outcome = rng.choice(
                    [ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED]
                )
                ResolutionRecord.objects.create(
                    item=item,
                    text="决议文本",
                    meeting_name="常委会会议",
                    adopted_on=done_on,
                    members_total=30,
                    votes_for=25 if outcome == ResolutionOutcome.ADOPTED else 10,
                    votes_against=1,
                    votes_abstain=1,
                    not_voting=0,
                    outcome=outcome,
                )
        if fate == "cancel":
            item_cancel(item=item, reason="计划调整", actor=staff)
            cancelled = True
        first_theme = next((t.name for t in by_rank if t in chosen), None)
        built.append((kind, done_on, cancelled, outcome, first_theme))

    filings = []
    for n in range(25):
        year = rng.choice(YEARS)
        target = rng.choice([world.city_congress, world.xian_congress])
        accepted = rng.random() < 0.75
        document = NormativeDocument.objects.create(
            congress=target,
            issuing_unit=world.unit_city,
            document_type=DocumentType.NORMATIVE_DOCUMENT,
            title=f"规范性文件{n}",
            document_number=f"辽府发〔{year}〕{n}号",
            published_on=_random_date(rng, year),
        )
        accepted_on = document.published_on + dt.timedelta(days=rng.randrange(40))
        Filing.objects.create(
            document=document,
            filed_on=document.published_on,
            status=FilingStatus.ACCEPTED if accepted else FilingStatus.FILED,
            accepted_on=accepted_on if accepted else None,
        )
        if accepted:
            filings.append((accepted_on.year, target.pk))
    return built, filings


def expected_counts(built, filings, congress, year) -> dict:
    counted = Counter(
        kind
        for kind, done_on, cancelled, outcome, _theme in built
        if done_on is not None
        and done_on.year == year
        and not cancelled
        and not (
            kind == SupervisionKind.RESOLUTION and outcome == ResolutionOutcome.REJECTED
        )
    )
    expected = {name: counted.get(kind, 0) for name, kind in SENTENCE_ORDER}
    expected["filings"] = sum(
        1 for y, congress_id in filings if y == year and congress_id == congress.pk
    )
    return expected


@pytest.mark.parametrize("seed", [8, 2020, 63])
def test_year_counts_and_the_summary_equal_counts_of_the_items_built(
    world, committee_staff, seed
):
    built, filings = build_mix(world, committee_staff, seed)
    congress = world.city_congress
    # The mix is a real mix: every kind, some cancelled, some left open.
    assert {kind for kind, *_ in built} == set(SupervisionKind.values)
    assert any(cancelled for _k, _d, cancelled, _o, _t in built)
    assert any(done is None and not c for _k, done, c, _o, _t in built)
    for year in [*YEARS, YEARS[-1] + 1]:
        expected = expected_counts(built, filings, congress, year)
        counts = year_counts(congress, year)
        assert {name: getattr(counts, name) for name in expected} == expected, year
        text = summary_text(congress, year)
        lines = text.splitlines()
        assert lines[0] == f"{congress.name}常务委员会{year}年监督工作综述"
        assert lines[2] == _sentence(expected)
        # Every item done in the year is told once, under its first theme.
        done_here = [
            (kind, theme)
            for kind, done_on, cancelled, outcome, theme in built
            if done_on is not None
            and done_on.year == year
            and not cancelled
            and not (
                kind == SupervisionKind.RESOLUTION
                and outcome == ResolutionOutcome.REJECTED
            )
        ]
        sections = _sections(lines[3:])
        per_theme = Counter(theme or "其他监督工作" for _kind, theme in done_here)
        assert {
            heading: len(re.findall("。", body)) for heading, body in sections
        } == dict(per_theme)
        order = [heading for heading, _body in sections]
        ranked = [
            name
            for name in ("疫情防控", "经济高质量发展", "社会关切", "其他监督工作")
            if name in per_theme
        ]
        assert order == ranked


def _sections(lines):
    """[(theme name, paragraph)] from the text after the opening sentence."""
    out = []
    rest = [line for line in lines if line]
    for heading, body in zip(rest[0::2], rest[1::2], strict=True):
        assert re.match(r"^[一二三四五六七八九十]+、", heading)
        out.append((heading.split("、", 1)[1], body))
    return out


def test_the_docx_opens_and_holds_the_sentence(world, committee_staff):
    built, filings = build_mix(world, committee_staff, seed=5, count=30)
    congress = world.city_congress
    expected = expected_counts(built, filings, congress, 2020)
    document = Document(io.BytesIO(summary_docx(congress, 2020)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"{congress.name}常务委员会2020年监督工作综述"
    assert _sentence(expected) in paragraphs
    assert "\n".join(p for p in paragraphs if p) == "\n".join(
        line for line in summary_text(congress, 2020).splitlines() if line
    )


def test_sentences_by_kind(world, committee_staff):
    from renda.supervision.models import InspectedLaw

    congress = world.city_congress
    staff = committee_staff

    def done(kind, title):
        item = item_create(
            congress=congress, year=2020, kind=kind, title=title, actor=staff
        )
        return item_complete(item=item, done_on=dt.date(2020, 6, 1), actor=staff)

    done(SupervisionKind.WORK_REPORT, "关于2019年度审计工作报告")
    inspection = done(SupervisionKind.LAW_INSPECTION, "法律法规实施情况执法检查")
    for name in ("城乡规划法", "环境保护法", "吉林省城镇供热条例"):
        InspectedLaw.objects.create(item=inspection, name=name, law_kind="LAW")
    done(SupervisionKind.RESEARCH, "全市农村人居环境整治情况")
    done(SupervisionKind.FIELD_INSPECTION, "城市供热保障工作")
    text = summary_text(congress, 2020)
    assert "听取审议了《关于2019年度审计工作报告》。" in text
    assert (
        "对《城乡规划法》《环境保护法》《吉林省城镇供热条例》等3部法律法规开展执法检查。"
        in text
    )
    assert "开展全市农村人居环境整治情况调研。" in text
    assert "开展城市供热保障工作视察。" in text
    assert "一、其他监督工作" in text
