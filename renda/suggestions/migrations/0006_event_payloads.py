"""One payload shape per event kind (renda/suggestions/events.py PAYLOAD_KEYS).

- EXTENSION_APPROVED / EXTENSION_DECLINED: staff's words are ``reason`` (a
  decision stored them as ``note``; a direct grant already used ``reason``).
- CLOSED: the code is ``close_reason`` (was ``reason``), ``rating_deadline``
  always present (None when closed by rating).
- MERGED: both the primary and each merged item carry ``primary``,
  ``primary_title`` and ``merged``.
"""

from django.db import migrations


def forward(apps, schema_editor):
    Event = apps.get_model("suggestions", "SuggestionEvent")
    Suggestion = apps.get_model("suggestions", "Suggestion")
    for event in Event.objects.filter(
        kind__in=["EXTENSION_APPROVED", "EXTENSION_DECLINED"]
    ).iterator():
        data = dict(event.data or {})
        note = data.pop("note", None)
        data["reason"] = data.get("reason") or note or ""
        data.setdefault("months", None)
        data.setdefault("due_at", None)
        data.setdefault("extension", None)
        event.data = data
        event.save(update_fields=["data"])
    for event in Event.objects.filter(kind="CLOSED").iterator():
        data = dict(event.data or {})
        code = data.pop("reason", None)
        data["close_reason"] = data.get("close_reason") or code or ""
        data.setdefault("rating_deadline", None)
        event.data = data
        event.save(update_fields=["data"])
    for event in Event.objects.filter(kind="MERGED").iterator():
        data = dict(event.data or {})
        if "primary" not in data:
            # The primary's own row: it listed what was merged into it.
            data["primary"] = event.suggestion_id
            data["primary_title"] = (
                Suggestion.objects.filter(pk=event.suggestion_id)
                .values_list("title", flat=True)
                .first()
                or ""
            )
        data.setdefault("merged", [event.suggestion_id])
        event.data = data
        event.save(update_fields=["data"])


def backward(apps, schema_editor):
    Event = apps.get_model("suggestions", "SuggestionEvent")
    for event in Event.objects.filter(kind="EXTENSION_DECLINED").iterator():
        data = dict(event.data or {})
        if "reason" in data:
            data["note"] = data.pop("reason")
            event.data = data
            event.save(update_fields=["data"])
    for event in Event.objects.filter(kind="CLOSED").iterator():
        data = dict(event.data or {})
        if "close_reason" in data:
            data["reason"] = data.pop("close_reason")
            event.data = data
            event.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0005_assignment_withdrawal")]

    operations = [migrations.RunPython(forward, backward)]
