"""Reception days and requests moved from stations to receptions keep their tables and rows.

Roll a database back to before the move (stations/0002 applied, receptions not),
write rows through the old stations models, migrate forward, and read them
through the receptions models: the same rows, the same many-to-many rows, the
same content types (renamed, not recreated).
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from renda.receptions.models import (
    PublicRequest,
    PublicRequestEvent,
    PublicRequestPhoto,
    ReceptionDay,
)

BEFORE_THE_MOVE = [
    ("stations", "0002_reception_days_and_requests"),
    ("receptions", None),
]
MODELS = ["receptionday", "publicrequest", "publicrequestphoto", "publicrequestevent"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_rows_survive_the_move():
    executor = _migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
    region = old.get_model("regions", "Region").objects.create(
        code="220402001", name="向阳街道", kind="SUBDISTRICT", path="/220402001/"
    )
    station = old.get_model("stations", "LiaisonStation").objects.create(
        region=region, name="向阳街道人大代表联络站"
    )
    deputy = old.get_model("deputies", "Deputy").objects.create(
        name="丁照民",
        name_pinyin="dingzhaomin",
        name_initials="dzm",
        stroke_key="0002",
        gender="M",
        party="CPC",
    )
    day = old.get_model("stations", "ReceptionDay").objects.create(
        station=station,
        date=dt.date(2025, 6, 10),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站会议室",
        status="HELD",
    )
    day.deputies.add(deputy)
    day.attendees.add(deputy)
    request = old.get_model("stations", "PublicRequest").objects.create(
        station=station,
        reception_day=day,
        source="RECEPTION_DAY",
        receipt_number="ABCDEFGHJK",
        resident_name="张三",
        consent_at=timezone.now(),
        content="路灯坏了",
        received_by=deputy,
    )
    old.get_model("stations", "PublicRequestEvent").objects.create(
        request=request, kind="RECEIVED", at=timezone.now(), summary="受理", data={}
    )
    old.get_model("stations", "PublicRequestPhoto").objects.create(
        request=request,
        file="stations/requests/2025/06/x.png",
        original_name="x.png",
        size=10,
    )
    old_ids = dict(
        ContentType.objects.filter(app_label="stations", model__in=MODELS).values_list(
            "model", "pk"
        )
    )

    assert sorted(old_ids) == sorted(MODELS)

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved_day = ReceptionDay.objects.get()
    assert (moved_day.pk, moved_day.place, moved_day.entered_late) == (
        day.pk,
        "联络站会议室",
        False,
    )
    assert list(moved_day.deputies.values_list("name", flat=True)) == ["丁照民"]
    assert list(moved_day.attendees.values_list("name", flat=True)) == ["丁照民"]
    moved = PublicRequest.objects.get()
    assert (moved.receipt_number, moved.reception_day_id) == ("ABCDEFGHJK", day.pk)
    assert PublicRequestEvent.objects.get().request_id == moved.pk
    assert (
        PublicRequestPhoto.objects.get().file.name == "stations/requests/2025/06/x.png"
    )
    assert executor.loader.detect_conflicts() == {}
    ContentType.objects.clear_cache()
    for model, pk in old_ids.items():
        assert ContentType.objects.get(app_label="receptions", model=model).pk == pk
