"""Serve Renda and run its task worker together: what `make run` starts.

Starts gunicorn (the web pages) and django-q's ``qcluster`` (the worker that sends
SMS and 企业微信 messages and runs the daily jobs on their schedule). Ctrl-C or
SIGTERM stops both; if either one exits, the other is stopped too and this script
exits with the first one's status. Production runs them as two systemd services
instead (docs/deployment.md).

    python scripts/run_demo.py --bind 127.0.0.1:8000 --workers 3
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 15


def commands(bind: str, workers: int) -> dict[str, list[str]]:
    """Return the two command lines, with the interpreter running this script."""
    bin_dir = Path(sys.executable).parent
    return {
        "web": [
            str(bin_dir / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips=",
        ],
        "worker": [sys.executable, "manage.py", "qcluster"],
    }


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """Ask every running process to stop, then kill those still running after the grace."""
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(command_lines: dict[str, list[str]], poll_seconds: float = 0.5) -> int:
    """Start the commands; return when one exits or a stop signal arrives."""
    stopping: list[int] = []

    def on_signal(signum, frame):
        stopping.append(signum)

    previous = {
        signum: signal.signal(signum, on_signal)
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    # Each child in its own session: Ctrl-C reaches only this script, which then
    # stops both children in order instead of racing them.
    processes = {
        name: subprocess.Popen(line, cwd=ROOT, start_new_session=True)  # noqa: S603
        for name, line in command_lines.items()
    }
    status = 0
    try:
        while not stopping:
            exited = [
                (n, p.returncode) for n, p in processes.items() if p.poll() is not None
            ]
            if exited:
                name, status = exited[0]
                sys.stderr.write(
                    f"run_demo: {name} exited ({status}); stopping the others\n"
                )
                break
            time.sleep(poll_seconds)
    finally:
        stop(processes)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    return run(commands(args.bind, args.workers))


if __name__ == "__main__":
    sys.exit(main())
