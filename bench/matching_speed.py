"""Matching speed: one incoming person looked up among a county of people on record."""

from __future__ import annotations

import time

from earlyhelp.demo import county
from earlyhelp.people import matching
from earlyhelp.people.models import MatchKey


def run(options, say) -> tuple[str, str]:
    people, lookups = options["people"], options["lookups"]
    say(f"Generating {people:,} people with their match keys")
    started = time.monotonic()
    first = county.generate_people(
        people, seed=1, progress=lambda done: done % 200_000 == 0 and say(f"  {done:,}")
    )
    loaded = time.monotonic() - started
    keys = MatchKey.objects.count()
    say(f"Loaded in {loaded:.0f} s; making {lookups} noisy incoming people")
    wanted = county.incoming(lookups, people, seed=2, county_seed=1)
    # A first pass warms the caches, as a server that has been up a while would have them.
    for _, record in wanted[:50]:
        matching.suggest(record)
    timings, found, top, likely = [], 0, 0, 0
    candidates = []
    for position, record in wanted:
        truth = first + position
        candidates.append(len(matching.search_keys(record)))
        started = time.perf_counter()
        suggestions = matching.suggest(record)
        timings.append(time.perf_counter() - started)
        ids = [s.person_id for s in suggestions]
        found += truth in ids
        top += bool(ids) and ids[0] == truth
        likely += bool(suggestions) and suggestions[0].likely and ids[0] == truth
    timings.sort()
    n = len(timings)

    def ms(q: float) -> str:
        return f"{timings[min(n - 1, int(n * q))] * 1000:.1f} ms"

    body = "\n".join([
        f"{people:,} made-up people in households (`earlyhelp.demo.county`), {keys:,} match "
        f"keys; {n:,} incoming people, each a noisy copy of someone on record (typos, "
        "nicknames, swapped day and month, previous family names, missing fields), looked up "
        "one at a time with `matching.suggest` (3 queries each).",
        "",
        "| figure | value | required |",
        "| --- | --- | --- |",
        f"| look-up, median | {ms(0.5)} | |",
        f"| look-up, 95th percentile | {ms(0.95)} | ≤ 50 ms |",
        f"| look-up, 99th percentile | {ms(0.99)} | |",
        f"| look-up, slowest | {timings[-1] * 1000:.1f} ms | |",
        f"| true person in the top 5 | {found / n:.2%} | |",
        f"| true person first | {top / n:.2%} | |",
        f"| true person first and likely | {likely / n:.2%} | |",
        f"| search keys per look-up, mean | {sum(candidates) / n:.1f} | |",
        f"| loading {people:,} people with keys | {loaded:.0f} s | |",
    ])
    database = options.get("database") or "default"
    return f"Matching speed ({people:,} people, {database})", body
