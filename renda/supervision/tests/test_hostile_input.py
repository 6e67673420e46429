"""Hostile input on every supervision form: never a 500.

The records of every area are built once for the module through the services
(each test runs in a savepoint inside the module's transaction); the pages of
``/supervision/`` (as committee staff and as unit staff) and of ``/open/`` (as
the public) are crawled from a few seeds, once per role for the module (the
records do not change between tests, so neither do the forms), and every form found
(POST and GET) is sent hostile values: an empty body, "abc" for everything,
dates at the ends of the calendar, numbers that overflow, 10,000 characters, an
unknown choice and the ids of another congress's records. Each field is
attacked alone, the others holding a plausible value taken from the form
itself, so the hostile value reaches the service too. Each POST runs in a
savepoint rolled back after it, so the records stay in the state the crawl saw.
A 4xx page (400 with the form and its message, 403, 404, 409, 429) is right; a
5xx is a failure, listed with the form, the field and the value.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from renda.congresses.choices import CommitteeKind
from renda.congresses.models import Committee
from renda.core.captcha import SESSION_KEY
from tests.matrix import module_data

from .. import forms_kinds as kind_forms
from ..choices import ReviewKind, SupervisionKind
from ..forms_followup import OPINION_FORMS, POINT_FORMS
from ..services import filing as filing_services
from ..services import followup as followup_services
from ..services import plan as plan_services
from ..views.filing import ACTION_FORMS as REVIEW_FORMS
from .factories_filing import accepted_document, file_document
from .factories_followup import reported_opinion, sent_opinion
from .factories_kinds import kind_item
from .factories_plan import open_call, plan_with_entries
from .factories_publication import make_document, make_official

# The world and the role users once for the module (tests/matrix.py); every test
# runs in a savepoint inside the module's transaction.
module_data(globals())

LONG = "长" * 10_000
# No CharField of the app is longer than this; a longer value was let through.
LONG_LIMIT = 1000
MAX_PAGES = 90
SKIP_PARTS = ("/download/", "/file/", "/evidence/", "export.xlsx", "summary.docx")
SKIP_FIELDS = {"csrfmiddlewaretoken", "captcha_token"}
_addresses = itertools.count(1)


# Forms in a page ------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select", "textarea"
    value: str = ""
    options: list = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: list = field(default_factory=list)

    def key(self):
        """The same form of another record (every item's "start") is sent once."""
        path = urlsplit(self.action).path
        try:
            match = resolve(path)
        except Resolver404:
            return (self.method, path)
        verb = match.kwargs.get("verb", "")
        names = tuple(sorted(f.name for f in self.fields))
        return (self.method, match.view_name, verb, names)


class _Parser(HTMLParser):
    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: set[str] = set()
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in ("href", "hx-get"):
            if a.get(attr):
                self.links.add(urljoin(self.base, a[attr]))
        if tag == "form":
            self._form = Form(
                method=(a.get("method") or "get").lower(),
                action=urljoin(self.base, a.get("action") or self.base),
                multipart="multipart" in (a.get("enctype") or ""),
            )
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and any(
                f.name == a["name"] for f in self._form.fields
            ):
                return
            self._form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value") or ("on" if kind in ("checkbox", "radio") else ""),
                )
            )
        elif tag == "textarea":
            self._form.fields.append(Field(a["name"], "textarea"))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            if value:
                self._select.options.append(value)
                if "selected" in a or not self._select.value:
                    self._select.value = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _plausible(f: Field) -> str:
    """A value the form would likely take, so one hostile field reaches the service."""
    if f.value:
        return f.value
    return {
        "date": "2024-06-28",
        "datetime-local": "2024-06-28T09:00",
        "month": "2024-06",
        "number": "1",
        "email": "a@example.com",
        "tel": "13800001234",
        "checkbox": "on",
    }.get(f.kind, "测试内容")


def _crawlable(url: str) -> bool:
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return False
    path = parts.path
    if not (path.startswith("/supervision/") or path.startswith("/open/")):
        return False
    return not any(part in path for part in SKIP_PARTS)


def crawl(client, seeds) -> list[Form]:
    seen, forms, queue = set(), {}, list(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or not _crawlable(url):
            continue
        seen.add(url)
        response = client.get(url, REMOTE_ADDR=_address())
        assert response.status_code < 500, (url, response.status_code)
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = _Parser("http://testserver" + url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            form.action = _path(form.action)
            if _crawlable(form.action):
                forms.setdefault(form.key(), form)
        for link in parser.links:
            link = _path(link, keep_query=False)
            if link not in seen and _crawlable(link):
                queue.append(link)
    return list(forms.values())


def _path(url, *, keep_query=True):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if keep_query and parts.query else "")


def _address():
    """A fresh client address per request: the public forms' hourly limits stay out."""
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


# Hostile values ---------------------------------------------------------------------


DATES = {"date", "datetime-local", "month", "text"}
CHOICES = {"select", "radio", "checkbox", "hidden"}
# The values of each kind of attack, and the fields each is tried on alone (all
# of them also go into every field at once).
HOSTILE = {
    "abc": (lambda foreign: ["abc"], {"date", "number", "month", *CHOICES}),
    "far_future": (lambda foreign: ["9999-12-31"], DATES),
    "year_one": (lambda foreign: ["0001-01-01"], DATES),
    "overflow": (
        lambda foreign: ["99999999999999999999", "-1"],
        {"number", "text", *CHOICES},
    ),
    "long_text": (lambda foreign: [LONG], {"text", "textarea", "search", "tel"}),
    "unknown_choice": (lambda foreign: ["NO_SUCH_CHOICE"], CHOICES),
    # Ids of 西安区 records. Ids of different tables coincide, so two values
    # reach every table's field; more only cost time.
    "other_congress": (
        lambda foreign: [str(pk) for pk in foreign[-2:]],
        {"number", *CHOICES},
    ),
}


def _captcha(client, form) -> dict:
    pending = client.session.get(SESSION_KEY) or {}
    if not pending:
        return {}
    token = max(pending, key=lambda key: pending[key][1])
    return {"captcha_token": token, "captcha_answer": str(pending[token][0])}


def _send(client, form, data):
    if form.method == "get":
        return client.get(form.action, data, REMOTE_ADDR=_address())
    if any(f.name.startswith("captcha") for f in form.fields):
        # A fresh question for each try, so the hostile value is what is judged.
        client.get(form.action, REMOTE_ADDR=_address())
        data = {**data, **_captcha(client, form)}
    with transaction.atomic():
        response = client.post(form.action, data, REMOTE_ADDR=_address())
        if response.status_code < 400 and LONG in data.values():
            response.overlong = _overlong()
        transaction.set_rollback(True)
    return response


def _overlong() -> list:
    """Text fields the request stored past their ``max_length``.

    SQLite does not hold a varchar to its length, so a form or service that
    lets 10,000 characters through shows only here (PostgreSQL: a 500).
    """
    found = []
    for model in apps.get_app_config("supervision").get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and f.max_length
        ]
        if not fields:
            continue
        lengths = {f"hostile_len_{name}": Length(name) for name in fields}
        query = Q()
        for name in fields:
            query |= Q(**{f"hostile_len_{name}__gt": LONG_LIMIT})
        row = model.objects.alias(**lengths).filter(query).values(*fields).first()
        if row is None:
            continue
        for name in fields:
            max_length = model._meta.get_field(name).max_length
            if len(row[name] or "") > max_length:
                found.append(f"{model.__name__}.{name}")
    return found


def attack(client, forms, hostile, foreign) -> list:
    failures = []
    for form in forms:
        fields = [f for f in form.fields if f.name not in SKIP_FIELDS]
        base = {f.name: _plausible(f) for f in fields if f.kind != "file"}
        tries = []
        if hostile == "abc":
            tries.append(("<empty body>", "", {}))
        values, kinds = HOSTILE[hostile]
        for value in values(foreign):
            tries.append(("<every field>", value, dict.fromkeys(base, value)))
            for f in fields:
                if f.kind not in kinds:
                    continue
                tries.append((f.name, value, {**base, f.name: value}))
        for name, value, data in tries:
            response = _send(client, form, data)
            if response.status_code >= 500:
                failures.append(
                    (form.method, form.action, name, value[:20], response.status_code)
                )
            elif getattr(response, "overlong", None):
                failures.append(
                    (form.method, form.action, name, "overlong", response.overlong)
                )
    return failures


# The records ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(world, committee_staff, unit_staff, district_staff, deputy):
    """One record of each kind the forms act on, in the city congress, and a few of
    the 西安区 congress whose ids a hostile form may send (once for the module: each
    POST of an attack is rolled back, each test runs in a savepoint)."""
    today = timezone.localdate()
    items = {
        kind: kind_item(world, committee_staff, kind)
        for kind in (
            SupervisionKind.LAW_INSPECTION,
            SupervisionKind.INQUIRY,
            SupervisionKind.INTERPELLATION,
            SupervisionKind.SPECIAL_INVESTIGATION,
            SupervisionKind.RESOLUTION,
            SupervisionKind.RESEARCH,
        )
    }
    opinion = reported_opinion(world, committee_staff, unit_staff)
    other = sent_opinion(world, committee_staff)
    make_document(opinion.item)
    make_official(opinion.item)
    filed = file_document(world, unit_staff)
    accepted = accepted_document(world, unit_staff, committee_staff)
    case = filing_services.review_open(
        congress=world.city_congress,
        kind=ReviewKind.ACTIVE,
        subject="住房保障管理办法的审查",
        document_ids=[accepted.document_id],
        actor=committee_staff,
    )
    call = open_call(
        world,
        committee_staff,
        year=today.year + 1,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
    )
    proposal = plan_services.topic_propose(
        call=call,
        title="城市管理专题询问",
        reason="占道经营问题突出",
        actor=deputy,
    )
    point = followup_services.point_add(
        opinion=other,
        text="压减审批时限",
        unit_id=world.unit_city.pk,
        due_on=dt.date(2024, 12, 31),
        actor=committee_staff,
    )
    plan, version = plan_with_entries(world, committee_staff)
    xian_item = kind_item(
        world,
        district_staff,
        SupervisionKind.RESEARCH,
        congress=world.xian_congress,
        title="西安区专题调研",
    )
    xian_committee = Committee.objects.create(
        congress=world.xian_congress, name="西安区财经委", kind=CommitteeKind.SPECIAL
    )
    foreign = sorted(
        {
            world.xian_congress.pk,
            world.unit_xian.pk,
            world.deputy_xian.pk,
            xian_item.pk,
            xian_committee.pk,
            district_staff.pk,
        }
    )
    pages = [
        ("supervision:item_list", []),
        ("supervision:item_create", []),
        ("supervision:theme_create", []),
        ("supervision:opinions", []),
        ("supervision:followup_boards", []),
        ("supervision:filings", []),
        ("supervision:reviews", []),
        ("supervision:review_new", []),
        ("supervision:filing_report", []),
        ("supervision:topic_calls", []),
        ("supervision:topic_proposals", []),
        ("supervision:plans", []),
        ("supervision:stats", []),
        ("supervision:item_detail", [opinion.item_id]),
        ("supervision:item_edit", [opinion.item_id]),
        ("supervision:publication", [opinion.item_id]),
        ("supervision:followup_opinion_new", [opinion.item_id]),
        ("supervision:followup_test_new", [opinion.item_id]),
        ("supervision:followup_item_new", [opinion.item_id]),
        ("supervision:followup_item_board", [opinion.item_id]),
        ("supervision:opinion_detail", [opinion.pk]),
        ("supervision:opinion_detail", [other.pk]),
        ("supervision:filing_detail", [filed.pk]),
        ("supervision:filing_detail", [accepted.pk]),
        ("supervision:review_detail", [case.pk]),
        ("supervision:topic_proposal_detail", [proposal.pk]),
        ("supervision:topic_propose", [call.pk]),
        ("supervision:plan_detail", [plan.pk]),
        ("supervision:plan_entry_new", [plan.pk]),
        ("supervision:plan_entry_edit", [version.entries.first().pk]),
        ("supervision:followup_unit", []),
        ("supervision:filing_unit", []),
    ]
    for item in items.values():
        pages += [
            ("supervision:item_detail", [item.pk]),
            ("supervision:kind_panel", [item.pk]),
        ]
    seeds = [reverse(name, args=args) for name, args in pages]
    public = [
        reverse("open:topic_form", args=[call.pk]),
        reverse("open:topic_receipt"),
        reverse("open:filing_suggest"),
        reverse("open:filing_receipt"),
        reverse("open:filings"),
        reverse("open:supervision_list"),
    ]
    verbs = [
        *(
            ("supervision:opinion_action", pk, verb, cls)
            for pk in (opinion.pk, other.pk)
            for verb, cls in OPINION_FORMS.items()
        ),
        *(
            ("supervision:point_action", point.pk, verb, cls)
            for verb, cls in POINT_FORMS.items()
        ),
        *(
            ("supervision:review_action", case.pk, verb, cls)
            for verb, cls in REVIEW_FORMS.items()
        ),
    ]
    verbs += [(name, pk, "no_such_verb", None) for name, pk, *_ in verbs[:1]]
    # The kind steps, each on an item of every kind (most of them the wrong one).
    verbs += [
        (f"supervision:kind_{step}", item.pk, None, cls)
        for step, cls in KIND_STEPS.items()
        for item in items.values()
    ]
    return {"seeds": seeds, "public": public, "foreign": foreign, "verbs": verbs}


ROLES = ["committee_staff", "unit_staff", "public"]


@pytest.fixture(scope="module")
def crawled(records):
    """The forms each role's crawl found, by role: the first test of a role crawls
    (and checks every page it reaches), the role's other attacks reuse its forms."""
    return {}


@pytest.mark.parametrize("hostile", list(HOSTILE))
@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_hostile_input_with_a_server_error(
    client, request, records, crawled, role, hostile
):
    if role == "public":
        seeds = records["public"]
    else:
        client.force_login(request.getfixturevalue(role))
        seeds = records["seeds"] + records["public"]
    if role not in crawled:
        crawled[role] = crawl(client, seeds)
    forms = crawled[role]
    assert forms, "the crawl found no form"
    failures = attack(client, forms, hostile, records["foreign"])
    assert failures == []


def test_the_crawl_reaches_the_forms_of_every_area(client, records, committee_staff):
    client.force_login(committee_staff)
    actions = {form.action for form in crawl(client, records["seeds"])}
    for fragment in (
        "/supervision/items/new/",
        "/start/",
        "/questions/new/",
        "/opinions/",
        "/filing/",
        "/reviews/",
        "/topics/",
        "/plans/",
        "/publication/",
    ):
        assert any(fragment in action for action in actions), fragment


def test_the_public_crawl_reaches_the_open_forms(client, records):
    forms = crawl(client, records["public"])
    actions = {(form.method, urlsplit(form.action).path) for form in forms}
    call_form = records["public"][0]
    for expected in (
        ("post", call_form),
        ("get", reverse("open:topic_receipt")),
        ("post", reverse("open:filing_suggest")),
        ("get", reverse("open:filing_receipt")),
    ):
        assert expected in actions, expected
    # The captcha is answered for each try, so the hostile value is what is judged.
    assert any(f.name == "captcha_answer" for form in forms for f in form.fields)


KIND_STEPS = {
    "laws": kind_forms.LawsForm,
    "methods": kind_forms.MethodsForm,
    "inspection_report": kind_forms.InspectionReportForm,
    "question_new": kind_forms.QuestionForm,
    "interpellation_lodge": kind_forms.LodgeForm,
    "interpellation_decide": kind_forms.DecideForm,
    "interpellation_answer": kind_forms.InterpellationAnswerForm,
    "interpellation_satisfaction": kind_forms.SatisfactionForm,
    "investigation_propose": kind_forms.ProposeForm,
    "investigation_exclusions": kind_forms.ExclusionsForm,
    "resolution": kind_forms.ResolutionForm,
    "resolution_execution": kind_forms.ExecutionForm,
}


def _form_of(action, form_class) -> Form:
    """The fields of ``form_class`` as a page would show them."""
    fields = []
    for name, f in form_class.base_fields.items() if form_class else []:
        widget = f.widget
        if isinstance(widget, forms.Textarea):
            kind = "textarea"
        elif isinstance(widget, forms.Select | forms.CheckboxSelectMultiple):
            kind = "select"
        else:
            kind = getattr(widget, "input_type", None) or "text"
        fields.append(Field(name, kind))
    return Form("post", action, True, fields)


@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_every_verb_even_one_the_page_does_not_offer_answers_without_a_500(
    client, records, committee_staff, unit_staff, hostile
):
    """The action URLs take a verb: each verb of each form table, in whatever state
    the record is, and a verb that does not exist; and each step of the kinds on
    an item of every kind."""
    forms_ = [
        _form_of(reverse(name, args=[pk, verb] if verb else [pk]), cls)
        for name, pk, verb, cls in records["verbs"]
    ]
    failures = []
    for user in (committee_staff, unit_staff):
        client.force_login(user)
        failures += attack(client, forms_, hostile, records["foreign"])
    assert failures == []
