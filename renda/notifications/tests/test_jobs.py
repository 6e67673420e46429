"""The schedule table follows the settings, once; the daily jobs run as tasks."""

import ast
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django_q.models import Schedule, Task
from django_q.tasks import async_task

from renda.notifications.jobs import schedules_sync
from renda.notifications.tasks import command_run

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"


def test_the_configured_schedules_are_created_once(db, settings):
    first = schedules_sync()
    second = schedules_sync()
    call_command("schedules_sync", stdout=io.StringIO())

    names = sorted(Schedule.objects.values_list("name", flat=True))
    assert names == sorted(f"renda:{e['name']}" for e in settings.RENDA_SCHEDULES)
    assert len(first.created) == len(settings.RENDA_SCHEDULES)
    assert second.created == second.updated == second.deleted == []
    daily = Schedule.objects.get(name="renda:suggestions_daily")
    assert (daily.func, daily.args, daily.schedule_type, daily.cron) == (
        "renda.notifications.tasks.command_run",
        "'suggestions_daily'",
        Schedule.CRON,
        "30 6 * * *",
    )
    # 06:30 in Beijing is 22:30 UTC the day before.
    assert (daily.next_run.hour, daily.next_run.minute) == (22, 30)
    retry = Schedule.objects.get(name="renda:deliveries_retry")
    assert (retry.schedule_type, retry.minutes) == (Schedule.MINUTES, 1)


def test_a_changed_entry_is_updated_and_a_removed_one_deleted(db):
    schedules_sync(
        [
            {"name": "a", "func": "x.y", "args": ["one"], "cron": "0 7 * * *"},
            {"name": "b", "func": "x.z", "minutes": 5},
        ]
    )
    Schedule.objects.create(name="by-hand", func="x.w", schedule_type=Schedule.DAILY)

    report = schedules_sync(
        [
            {
                "name": "a",
                "func": "x.y",
                "args": ["one", "--today", "2020-10-09"],
                "cron": "0 8 * * *",
            }
        ]
    )

    assert (report.updated, report.deleted) == (["renda:a"], ["renda:b"])
    a = Schedule.objects.get(name="renda:a")
    assert (a.args, a.cron) == ("'one', '--today', '2020-10-09'", "0 8 * * *")
    assert (a.next_run.hour, a.next_run.minute) == (0, 0)
    # Schedules added by hand under another name are left alone.
    assert sorted(Schedule.objects.values_list("name", flat=True)) == [
        "by-hand",
        "renda:a",
    ]


def test_a_daily_job_runs_as_a_task_and_returns_its_summary(db):
    output = command_run("suggestions_daily", "--today", "2025-03-11")
    assert output.startswith("2025-03-11 建议日常任务")


def test_the_schedule_table_runs_the_daily_jobs_through_the_queue(db):
    schedules_sync()
    daily = Schedule.objects.get(name="renda:supervision_daily")
    args = ast.literal_eval(f"({daily.args},)")

    # In the test settings the queue runs a task in the calling process and
    # records it as django-q's cluster does.
    task_id = async_task(daily.func, *args)

    task = Task.objects.get(id=task_id)
    assert task.success
    assert "共发送 0 项提醒。" in task.result


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_run_demo_stops_the_other_process_when_one_exits():
    sys.path.insert(0, str(SCRIPTS))
    try:
        import run_demo
    finally:
        sys.path.remove(str(SCRIPTS))
    started = time.monotonic()

    status = run_demo.run(
        {
            "web": _python("import time; time.sleep(60)"),
            "worker": _python("import sys, time; time.sleep(0.5); sys.exit(3)"),
        },
        poll_seconds=0.1,
    )

    assert status == 3
    assert time.monotonic() - started < 20


def test_run_demo_stops_both_on_ctrl_c(tmp_path):
    def child(name: str) -> list[str]:
        marker = tmp_path / name
        return _python(
            "import signal, sys, time, pathlib\n"
            f"def bye(*a): pathlib.Path({str(marker)!r}).write_text('x'); sys.exit(0)\n"
            "signal.signal(signal.SIGTERM, bye)\n"
            "time.sleep(60)\n"
        )

    commands = {"web": child("web"), "worker": child("worker")}
    runner = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(SCRIPTS)!r}); import run_demo; "
            f"sys.exit(run_demo.run({commands!r}))",
        ]
    )
    time.sleep(1.5)
    runner.send_signal(signal.SIGINT)

    assert runner.wait(20) == 0
    assert (tmp_path / "web").exists()
    assert (tmp_path / "worker").exists()


@pytest.mark.parametrize(
    "name", ["suggestions_daily", "liaison_reminders", "supervision_daily"]
)
def test_every_scheduled_command_exists(name, settings):
    assert name in get_commands()
    assert any(e.get("args") == [name] for e in settings.RENDA_SCHEDULES)


def test_a_channel_switched_on_without_its_template_fails_the_checks(settings):
    from renda.notifications.checks import channels_configured

    settings.RENDA_NOTIFICATION_BACKENDS = [
        "renda.notifications.backends.InAppBackend",
        "renda.notifications.backends.SmsBackend",
        "renda.notifications.backends.WeComBackend",
    ]
    settings.RENDA_SMS_TENCENT_SDK_APP_ID = "1400000001"
    settings.RENDA_SMS_TENCENT_SIGN_NAME = "辽源人大"
    settings.RENDA_SMS_TENCENT_TEMPLATE_ID = ""
    settings.RENDA_WECOM_AGENT_ID = "1000002"

    errors = channels_configured()

    assert [(e.id, e.msg) for e in errors] == [
        (
            "notifications.E001",
            "SmsBackend is on but RENDA_SMS_TENCENT_TEMPLATE_ID is empty "
            "(docs/deployment.md, section 2).",
        )
    ]
    settings.RENDA_SMS_TENCENT_TEMPLATE_ID = "2000001"
    assert channels_configured() == []
