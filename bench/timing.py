"""Timing helpers shared by the benches: sample a page, read a percentile."""

from __future__ import annotations

import time


def time_get(client, url: str, count: int) -> list[float]:
    """``count`` GETs of ``url`` with a test client, each in milliseconds; any
    answer but 200 stops the bench (a figure of an error page means nothing)."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return samples


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
