"""A pytest plugin that records how long each test's phases take, per worker.

    PYTHONPATH=scripts RENDA_TEST_TIMING=/tmp/timing make test PYTEST_ARGS="-n auto --dist loadfile -p pytest_timing"
    .venv/bin/python scripts/pytest_timing.py /tmp/timing       # the longest modules

Each xdist worker appends one JSON line per phase (setup, call, teardown) to
``$RENDA_TEST_TIMING/<worker>.jsonl``; run as a script, it sums them per module
(decision record 0023, docs/performance.md "The suite's own time").
"""

from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

_out = None


def _file():
    global _out
    if _out is None:
        folder = Path(os.environ.get("RENDA_TEST_TIMING", "var/timing"))
        folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _out = open(folder / f"{worker}.jsonl", "a", encoding="utf-8")  # noqa: SIM115
    return _out


def pytest_runtest_logreport(report):
    line = {"id": report.nodeid, "when": report.when, "d": report.duration}
    _file().write(json.dumps(line) + "\n")
    _file().flush()


def main(folder: str, top: int = 30) -> None:
    per_module: dict[str, float] = collections.defaultdict(float)
    per_worker: dict[str, float] = collections.defaultdict(float)
    for path in sorted(Path(folder).glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(raw)
            per_module[row["id"].split("::")[0]] += row["d"]
            per_worker[path.stem] += row["d"]
    print(f"total {sum(per_module.values()):.0f} s; per worker", dict(per_worker))  # noqa: T201
    for module, seconds in sorted(per_module.items(), key=lambda x: -x[1])[:top]:
        print(f"{seconds:8.1f}  {module}")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
