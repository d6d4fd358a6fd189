"""Annex A speed: List 2 (early help) for the six months to a county's end, as an xlsx."""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from django.db import connection

from earlyhelp.demo import county
from earlyhelp.performance.queries.annex_a import window, write_annex_a

COUNTY = True
RUNS = 3


def run(options, say) -> tuple[str, str]:
    counts, loaded = county.for_benchmark(options["requests"], say)
    as_of = county.END
    timings, sizes, rows = [], [], {}
    with tempfile.TemporaryDirectory(prefix="earlyhelp-annex-a-") as folder:
        for run_number in range(RUNS):
            out = os.path.join(folder, f"annex-a-{run_number}.xlsx")
            started = time.perf_counter()
            written = write_annex_a(as_of, [2], out, by=None)
            timings.append(time.perf_counter() - started)
            sizes.append(os.path.getsize(out))
            rows = written.rows
    period = window(as_of)
    body = "\n".join([
        county.describe(counts, loaded),
        "",
        f"`write_annex_a({as_of}, [2], path)`: List 2 (early help) for {period.label}, "
        f"{rows[2]:,} rows, an xlsx of {sizes[-1] / 1024 / 1024:.1f} MiB written to a "
        "temporary file.",
        "",
        "| figure | value | required |",
        "| --- | --- | --- |",
        f"| List 2, first run | {timings[0]:.1f} s | |",
        f"| List 2, median of {RUNS} runs | {statistics.median(timings):.1f} s | ≤ 10 s |",
        f"| List 2, slowest run | {max(timings):.1f} s | |",
    ])
    return f"Annex A speed ({counts['requestforsupport']:,} requests, {connection.vendor})", body
