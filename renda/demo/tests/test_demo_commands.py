"""The demo commands on a database without the demo: guards and messages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renda.core.models import ActionLog
from renda.deputies.models import Deputy
from renda.deputies.tests.factories import DeputyFactory
from renda.regions.models import Region


def test_demo_logins_without_demo_users_says_to_load_first(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "demo_load" in out.getvalue()


def test_if_empty_does_nothing_when_deputies_exist(db):
    DeputyFactory(name="王芳")
    out = io.StringIO()
    call_command("demo_load", "--if-empty", stdout=out)
    assert "未载入" in out.getvalue()
    assert Region.objects.count() == 0
    assert Deputy.objects.count() == 1
    assert not ActionLog.objects.filter(action="demo.load").exists()


def test_load_refuses_a_database_with_deputies(db):
    DeputyFactory(name="王芳")
    with pytest.raises(CommandError, match="已有数据"):
        call_command("demo_load", stdout=io.StringIO())
    assert Region.objects.count() == 0
    assert Deputy.objects.count() == 1


def test_flush_needs_yes(db):
    DeputyFactory(name="王芳")
    with pytest.raises(CommandError, match="--yes"):
        call_command("demo_load", "--flush", stdout=io.StringIO())
    assert Deputy.objects.count() == 1
