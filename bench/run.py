"""Run every benchmark of Renda and print their result lines.

Each benchmark is a standalone script in this folder that prints lines of the
form ``<name> key=value ...`` and exits non-zero when it misses its goal.
Results are recorded by hand in docs/performance.md with the command used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "roster_import.py",
    "deputy_list.py",
    "suggestions.py",
    # Issue 13 §3: the 双联, supervision and duty figures, demo and grown 10x, 100x.
    "figures.py",
    "first_load.py",
    "routing.py",
    # Issue 13 §3 (decision 0020): every main page of every role ≤ 3x the log-in page.
    "pages.py",
    # Issue 13 §4: gunicorn + its own PostgreSQL, 1M suggestions, faults (locust).
    "load.py",
]


def main() -> int:
    failed = []
    for name in BENCHES:
        script = HERE / name
        if not script.exists():
            print(f"{name}: missing", flush=True)
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        result = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, check=False
        )
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"benchmarks that missed their goal or failed: {', '.join(failed)}")
        return 1
    print("all benchmarks met their goals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
