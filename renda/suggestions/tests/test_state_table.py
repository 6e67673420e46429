"""The state tables and the one transition() helper (renda.core.state)."""

import pytest
from django.db import models

from renda.core.errors import InvalidTransition
from renda.core.state import StateTable, transition
from renda.suggestions.choices import (
    ASSIGNMENT_TRANSITIONS,
    SUGGESTION_TRANSITIONS,
    AssignmentStatus,
    SuggestionStatus,
)
from renda.suggestions.models import Assignment, Suggestion


class Light(models.TextChoices):
    RED = "RED", "红灯"
    GREEN = "GREEN", "绿灯"


class Crossing:
    state_table = StateTable(
        Light,
        {"go": ({Light.GREEN}, None), "switch": ({Light.RED}, Light.GREEN)},
        noun="该路口",
        code="demo.invalid_state",
        actions={"go": "通行"},
    )

    def __init__(self, status):
        self.status = status


def test_transition_sets_the_target_and_returns_the_fields_to_save():
    crossing = Crossing(Light.RED)

    assert transition(crossing, "switch") == ["status"]
    assert crossing.status == Light.GREEN
    # A verb that stays put changes nothing.
    assert transition(crossing, "go") == []


def test_a_wrong_state_is_an_invalid_transition_naming_state_and_action():
    crossing = Crossing(Light.RED)

    with pytest.raises(InvalidTransition) as error:
        transition(crossing, "go")

    assert error.value.code == "demo.invalid_state"
    assert error.value.message == "该路口当前状态为“红灯”，不能通行。"
    assert crossing.status == Light.RED


def test_a_table_refuses_unknown_states_and_verbs():
    with pytest.raises(ValueError, match="Unknown states"):
        StateTable(Light, {"fly": ({"BLUE"}, None)})
    with pytest.raises(KeyError):
        transition(Crossing(Light.RED), "fly")


def test_the_models_use_their_tables():
    assert Suggestion.state_table is SUGGESTION_TRANSITIONS
    assert Assignment.state_table is ASSIGNMENT_TRANSITIONS
    suggestion = Suggestion(status=SuggestionStatus.SUBMITTED)
    assert transition(suggestion, "accept") == ["status"]
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assignment = Assignment(status=AssignmentStatus.REPLIED)
    assert assignment.can_withdraw() is False
    with pytest.raises(InvalidTransition) as error:
        transition(assignment, "withdraw")
    assert error.value.message == "该交办事项当前状态为“已答复”，不能撤回。"


def test_a_merged_suggestion_takes_no_step_of_its_own():
    primary = Suggestion(pk=1, title="主建议", status=SuggestionStatus.ACCEPTED)
    merged = Suggestion(status=SuggestionStatus.ACCEPTED, merged_into=primary)

    with pytest.raises(InvalidTransition) as error:
        transition(merged, "assign", action="交办")

    assert error.value.code == "suggestions.merged"
    assert "已并入“主建议”" in error.value.message


def test_services_move_states_and_write_events_only_through_the_helpers():
    from pathlib import Path

    import renda.suggestions.services as package

    root = Path(package.__file__).parent
    for path in sorted(root.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert ".status = " not in source, f"{path.name} sets a status by hand"
        assert "SuggestionEvent.objects.create" not in source, path.name
