"""get_FOO_display() with the choices mapped once per field (renda/core/choices_display.py)."""

from __future__ import annotations

from unittest import mock

from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation
from django.utils.functional import Promise

from renda.core import choices_display
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.models import Suggestion


def test_every_models_display_methods_are_rebound():
    bound = Notification.__dict__["get_kind_display"]
    assert bound.func is choices_display.get_field_display
    assert Suggestion.__dict__["get_status_display"].func is (
        choices_display.get_field_display
    )


def test_the_label_is_the_choices_and_an_unknown_value_is_itself():
    notice = Notification(kind=NotificationKind.MEETING)
    assert notice.get_kind_display() == "会议通知"
    assert isinstance(notice.get_kind_display(), str)
    notice.kind = "NOT_A_KIND"
    assert notice.get_kind_display() == "NOT_A_KIND"
    notice.kind = None
    assert notice.get_kind_display() is None
    assert Suggestion(status=SuggestionStatus.CLOSED).get_status_display() == (
        SuggestionStatus.CLOSED.label
    )


def test_the_labels_are_translated_when_read_not_when_cached():
    notice = Notification(kind=NotificationKind.MEETING)
    notice.get_kind_display()
    field = Notification._meta.get_field("kind")
    # The mapping keeps the lazy labels: each read translates in the language
    # active then, as Django's own method does.
    assert isinstance(field.__dict__[choices_display._ATTRIBUTE]["MEETING"], Promise)
    with translation.override("en"):
        assert notice.get_kind_display() == "会议通知"  # no English catalogue


def test_the_mapping_is_built_once_per_field():
    field = Notification._meta.get_field("kind")
    Notification(kind=NotificationKind.MEETING).get_kind_display()
    with mock.patch.object(
        choices_display, "make_hashable", wraps=choices_display.make_hashable
    ) as hashed:
        for _ in range(3):
            Notification(kind=NotificationKind.DUTY).get_kind_display()
    # The value only, once per call; the field's choices not again.
    assert hashed.call_count == 3
    assert field.__dict__[choices_display._ATTRIBUTE]["DUTY"] == (
        NotificationKind.DUTY.label
    )


@isolate_apps("renda.core")
def test_a_model_that_defines_its_own_display_method_keeps_it():
    class Custom(models.Model):
        kind = models.CharField(max_length=5, choices=[("a", "甲")])

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self):
            return self.kind

        def get_kind_display(self):
            return "自定义"

    with mock.patch.object(choices_display.apps, "get_models", return_value=[Custom]):
        choices_display.install()
    assert Custom(kind="a").get_kind_display() == "自定义"
