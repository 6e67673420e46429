"""The state tables of reception days and requests, applied by renda.core.state alone."""

import re
from pathlib import Path

import pytest

from renda.core.errors import InvalidTransition
from renda.core.state import transition
from renda.receptions.choices import (
    PUBLIC_REQUEST_STATES,
    RECEPTION_DAY_STATES,
    PublicRequestStatus,
    ReceptionDayStatus,
)
from renda.receptions.models import PublicRequest, ReceptionDay

SERVICES = Path(__file__).resolve().parent.parent / "services"


def test_no_service_sets_a_status_by_hand():
    by_hand = [
        f"{path.name}:{number}"
        for path in SERVICES.glob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.status\s*=[^=]", line)
    ]
    assert by_hand == []


@pytest.mark.parametrize(
    ("status", "verb", "result"),
    [
        (PublicRequestStatus.RECEIVED, "route", PublicRequestStatus.ROUTED),
        (PublicRequestStatus.RECEIVED, "convert", PublicRequestStatus.CONVERTED),
        (PublicRequestStatus.ROUTED, "answer", PublicRequestStatus.ANSWERED),
        (PublicRequestStatus.ANSWERED, "tell", PublicRequestStatus.ANSWERED),
        (PublicRequestStatus.CONVERTED, "close", PublicRequestStatus.CLOSED),
        (
            PublicRequestStatus.RECEIVED,
            "answer_on_the_spot",
            PublicRequestStatus.CLOSED,
        ),
        (PublicRequestStatus.ROUTED, "route", None),
        (PublicRequestStatus.RECEIVED, "close", None),
        (PublicRequestStatus.CLOSED, "add_photos", None),
    ],
)
def test_request_moves(status, verb, result):
    item = PublicRequest(status=status)
    if result is None:
        with pytest.raises(InvalidTransition) as error:
            transition(item, verb)
        assert error.value.code == "stations.invalid_state"
        assert error.value.message.startswith("该诉求当前状态为")
    else:
        transition(item, verb)
        assert item.status == result


@pytest.mark.parametrize(
    ("status", "verb", "result"),
    [
        (ReceptionDayStatus.PLANNED, "hold", ReceptionDayStatus.HELD),
        (ReceptionDayStatus.PLANNED, "postpone", ReceptionDayStatus.PLANNED),
        (ReceptionDayStatus.PLANNED, "cancel", ReceptionDayStatus.CANCELLED),
        (ReceptionDayStatus.HELD, "edit", None),
        (ReceptionDayStatus.CANCELLED, "hold", None),
        (ReceptionDayStatus.HELD, "cancel", None),
    ],
)
def test_reception_day_moves(status, verb, result):
    day = ReceptionDay(status=status)
    if result is None:
        with pytest.raises(InvalidTransition) as error:
            transition(day, verb)
        assert error.value.message.startswith("该接待日当前状态为")
    else:
        transition(day, verb)
        assert day.status == result


def test_every_state_is_reached_or_left_by_some_verb():
    for table in (PUBLIC_REQUEST_STATES, RECEPTION_DAY_STATES):
        touched = set()
        for verb in table.moves:
            touched |= set(table[verb].sources)
            if table.target(verb):
                touched.add(table.target(verb))
        assert touched == set(table.states.values)
