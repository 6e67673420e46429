import pytest
from django import forms

from renda.core.forms import IdMultipleChoiceField
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
