import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from renda.core.forms import IdMultipleChoiceField, IsoDateInput, IsoDateTimeInput
from renda.deputies.models import Deputy


@pytest.mark.parametrize(
    "value", ["99999999999999999999999", "9223372036854775808", "²", "-1"]
)
def test_ids_beyond_range_are_a_form_error_not_a_crash(db, value):
    field = IdMultipleChoiceField(
        queryset=Deputy.objects.all(),
        error_messages={"invalid_pk_value": "参加代表的选择无效。"},
    )

    with pytest.raises(forms.ValidationError) as error:
        field.clean([value])

    assert error.value.messages == ["参加代表的选择无效。"]


def test_real_ids_still_choose_rows(world):
    field = IdMultipleChoiceField(queryset=Deputy.objects.all())

    chosen = field.clean([str(world.deputy_city_a.pk)])

    assert list(chosen) == [world.deputy_city_a]


def test_the_shared_date_inputs_render_iso_in_chinese():
    with translation.override("zh-hans"):
        date_html = IsoDateInput().render("d", dt.date(2026, 12, 10))
        moment = dt.datetime(2026, 12, 10, 9, 30)
        datetime_html = IsoDateTimeInput().render("t", moment)
        plain = forms.DateInput().render("d", dt.date(2026, 12, 10))

    assert 'type="date"' in date_html
    assert 'value="2026-12-10"' in date_html
    assert 'type="datetime-local"' in datetime_html
    assert 'value="2026-12-10T09:30"' in datetime_html
    # Django's own widget is why: the locale's format, which a date input cannot show.
    assert 'value="2026/12/10"' in plain


def test_no_app_builds_its_own_date_input():
    # Every date and datetime input goes through the ISO widgets of renda.core.forms.
    root = Path(__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"forms\.(DateInput|DateTimeInput)\(", line)
    ]
    templates = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r"type=\"(date|datetime-local)\"", path.read_text())
    ]
    assert found == []
    assert templates == []


class _NoteForm(forms.Form):
    note = forms.CharField()


def test_a_refusal_for_a_moved_record_makes_the_page_answer_409():
    from renda.core.errors import ApplicationError, Conflict, InvalidTransition
    from renda.core.forms import apply_service_error, form_status

    stale = _NoteForm({"note": "x"})
    assert stale.is_valid()
    assert apply_service_error(stale, InvalidTransition("已被他人处理。")) == 409
    assert form_status(stale) == 409

    conflict = _NoteForm({"note": "x"})
    assert conflict.is_valid()
    apply_service_error(conflict, Conflict("重复提交。"))
    assert form_status(conflict) == 409

    invalid = _NoteForm({"note": "x"})
    assert invalid.is_valid()
    assert apply_service_error(invalid, ApplicationError("太长。", field="note")) == 400
    assert form_status(invalid) == 400
    # A page showing both answers the stronger refusal; an untouched form, 200.
    assert form_status(invalid, stale) == 409
    assert form_status(_NoteForm(), _NoteForm()) == 200
    assert form_status(_NoteForm({})) == 400


def test_a_refusal_shown_without_a_form_answers_as_the_api():
    from renda.core.errors import ApplicationError, Conflict, InvalidTransition
    from renda.core.forms import refusal_status

    class Blocked(ApplicationError):
        status = 409

    assert refusal_status(InvalidTransition("已被他人处理。")) == 409
    assert refusal_status(Conflict("重复提交。")) == 409
    assert refusal_status(Blocked("尚未公开。")) == 409
    assert refusal_status(ApplicationError("太长。", field="note")) == 400
