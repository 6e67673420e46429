"""The one congress picker of the filter forms (suggestions and 双联 pages)."""

from renda.congresses.forms import CongressFilterForm
from renda.congresses.models import Congress
from renda.liaison.views.dashboard import StatsForm
from renda.suggestions import forms_staff


def test_the_workflow_filter_forms_share_the_congress_picker():
    for form_class in (
        StatsForm,
        forms_staff.InboxFilterForm,
        forms_staff.ListFilterForm,
        forms_staff.StatsFilterForm,
        forms_staff.OverdueSortForm,
    ):
        assert issubclass(form_class, CongressFilterForm), form_class


def test_no_congress_chosen_means_the_users_first(world):
    congresses = Congress.objects.filter(pk=world.city_congress.pk)

    form = CongressFilterForm({}, congresses=congresses)

    assert form.is_valid()
    assert form.chosen_congress() == world.city_congress


def test_a_congress_outside_the_list_is_named_as_such(world):
    congresses = Congress.objects.filter(pk=world.city_congress.pk)
    other = Congress.objects.exclude(pk=world.city_congress.pk).first()

    form = CongressFilterForm({"congress": other.pk}, congresses=congresses)

    assert not form.is_valid()
    assert form.problems() == ["人大：所选人大无效或不在您的工作范围内，请重新选择。"]
    assert form.chosen_congress() == world.city_congress
