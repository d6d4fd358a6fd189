"""Dashboard speed: every figure for a year and the year before, on a county's ten years."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from earlyhelp.council.workdays import LONDON
from earlyhelp.demo import county
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import dashboard

COUNTY = True
WARM_RUNS = 5
SLOWEST = 5


def year_to(end: dt.date) -> Period:
    return Period(end.replace(year=end.year - 1) + dt.timedelta(days=1), end)


def run(options, say) -> tuple[str, str]:
    counts, loaded = county.for_benchmark(options["requests"], say)
    period = year_to(county.END)
    now = dt.datetime.combine(county.END + dt.timedelta(days=1), dt.time(9), tzinfo=LONDON)
    timings = []
    with CaptureQueriesContext(connection) as first:
        started = time.perf_counter()
        figures = dashboard(period, now=now)
        timings.append(time.perf_counter() - started)
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        dashboard(period, now=now)
        timings.append(time.perf_counter() - started)
    warm = timings[1:]
    target = 1.0 if connection.vendor == "postgresql" else 2.0
    slowest = sorted(first.captured_queries, key=lambda q: -float(q["time"]))[:SLOWEST]
    current = figures.current
    body = "\n".join([
        county.describe(counts, loaded),
        "",
        f"`dashboard(Period({period.first}, {period.last}), now=...)`: every figure of the "
        f"year and of the year before ({period.label} and the twelve months before it); "
        f"the year counts {current.requests.value:,} requests, {current.assessments.value:,} "
        f"assessments, {current.closures.value:,} closures and "
        f"{current.open_families.value:,} families open at its end.",
        "",
        "| figure | value | required |",
        "| --- | --- | --- |",
        f"| whole dashboard, first run | {timings[0]:.2f} s | |",
        f"| whole dashboard, median of {WARM_RUNS} warm runs | {statistics.median(warm):.2f} s"
        f" | ≤ {target:.0f} s |",
        f"| whole dashboard, slowest warm run | {max(warm):.2f} s | |",
        f"| queries | {len(first.captured_queries)} | |",
        "",
        "Slowest queries of the first run:",
        "",
        "| time | query |",
        "| --- | --- |",
        *(f"| {float(q['time']):.3f} s | `{_short(q['sql'])}` |" for q in slowest),
    ])
    database = connection.vendor
    return f"Dashboard speed ({counts['requestforsupport']:,} requests, {database})", body


def _short(sql: str, width: int = 160) -> str:
    text = " ".join(sql.split()).replace("|", "\\|").replace("`", "'")
    return text if len(text) <= width else text[:width] + " …"
