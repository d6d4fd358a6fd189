"""Estimate the matching model's m and u probabilities with Splink (DuckDB) on a synthetic
county, and write them to earlyhelp/people/match_weights.json for the online scorer."""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict

import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison

from earlyhelp.demo import county
from earlyhelp.people import matching

EXISTING = 30_000
INCOMING = 6_000
STRANGERS = 4_000
HOUSEHOLD_FIELDS = ("given_name", "family_name", "date_of_birth")


def frame(records: list[tuple[str, matching.Record]]) -> pd.DataFrame:
    """Records as Splink sees them: normalised the way the online scorer normalises."""
    rows = []
    for uid, rec in records:
        p = matching._prepare(rec)
        rows.append({
            "unique_id": uid,
            "given": p.given or None, "given_forms": sorted(p.forms) or None,
            "family": p.family or None, "families": list(p.families) or None,
            "dob": p.dob.isoformat() if p.dob else None,
            "dob_y": p.dob.year if p.dob else None, "dob_m": p.dob.month if p.dob else None,
            "dob_d": p.dob.day if p.dob else None,
            "postcode": p.postcode or None, "address": p.address or None,
            "nhs": p.nhs or None,
        })
    return pd.DataFrame(rows)


START = json.loads(matching.WEIGHTS_FILE.read_text(encoding="utf-8"))["comparisons"]


def _jw(column: str, at: float) -> str:
    return f'jaro_winkler_similarity("{column}_l", "{column}_r") >= {at}'


def _comparison(name: str, column: str, levels: list[tuple[str, str]]) -> CustomComparison:
    """Levels in order, between a null level and an else level; EM starts from the current
    model's m, since from a cold start it finds households rather than people."""
    out = [{"sql_condition": f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
            "label_for_charts": matching.MISSING, "is_null_level": True}]
    for label, sql in [*levels, (matching.DIFFERENT, "ELSE")]:
        level = {"sql_condition": sql, "label_for_charts": label}
        if label in START.get(name, {}):
            level["m_probability"] = START[name][label]["m"]
        out.append(level)
    return CustomComparison(output_column_name=name, comparison_levels=out)


def comparisons() -> list[CustomComparison]:
    m = matching
    return [
        _comparison("given_name", "given", [
            (m.EXACT, '"given_l" = "given_r"'),
            (m.NICKNAME, 'list_has_any("given_forms_l", "given_forms_r")'),
            (m.CLOSE_LEVEL, _jw("given", m.CLOSE)), (m.ROUGH_LEVEL, _jw("given", m.ROUGH))]),
        _comparison("family_name", "family", [
            (m.EXACT, '"family_l" = "family_r"'),
            (m.PREVIOUS, 'list_has_any("families_l", "families_r")'),
            (m.CLOSE_LEVEL, _jw("family", m.CLOSE)), (m.ROUGH_LEVEL, _jw("family", m.ROUGH))]),
        _comparison("date_of_birth", "dob", [
            (m.EXACT, '"dob_l" = "dob_r"'),
            (m.SWAPPED, '"dob_y_l" = "dob_y_r" AND "dob_m_l" = "dob_d_r" '
                        'AND "dob_d_l" = "dob_m_r"'),
            (m.PARTIAL, '("dob_y_l" = "dob_y_r")::int + ("dob_m_l" = "dob_m_r")::int '
                        '+ ("dob_d_l" = "dob_d_r")::int = 2')]),
        _comparison("postcode", "postcode", [
            (m.EXACT, '"postcode_l" = "postcode_r"'),
            (m.CLOSE_LEVEL, 'damerau_levenshtein("postcode_l", "postcode_r") <= 1')]),
        _comparison("address", "address", [
            (m.EXACT, '"address_l" = "address_r"'),
            (m.CLOSE_LEVEL, _jw("address", 0.9)), (m.ROUGH_LEVEL, _jw("address", 0.75))]),
        _comparison("nhs_number", "nhs", [
            (m.EXACT, '"nhs_l" = "nhs_r"'),
            (m.CLOSE_LEVEL, 'damerau_levenshtein("nhs_l", "nhs_r") <= 1')]),
    ]


def population() -> tuple[list, list, set[tuple[str, str]]]:
    """A county on record, and incoming people: noisy copies of some, strangers besides."""
    rng = random.Random(11)
    on_record = list(county.rows(EXISTING, seed=5))
    existing = [(f"e{i}", row.record) for i, row in enumerate(on_record)]
    chosen = rng.sample(range(EXISTING), INCOMING)
    incoming = [(f"i{i}", county.noisy(on_record[i], rng)) for i in chosen]
    strangers = list(county.rows(STRANGERS, seed=6))
    incoming += [(f"s{i}", county.noisy(row, rng)) for i, row in enumerate(strangers)]
    truth = {(f"e{i}", f"i{i}") for i in chosen}
    return existing, incoming, truth


def within_household(existing, incoming, truth) -> tuple[dict, int]:
    """u for the fields that tell housemates apart, counted over the pairs that are not the
    same person but live at the same home (as the scorer decides it): mostly the other members
    of a household, who share a family name and are sometimes twins. Each level starts from a
    count of one, so a level never seen is rare rather than impossible."""
    at_postcode = defaultdict(list)
    for uid, rec in existing:
        at_postcode[matching.norm_postcode(rec.postcode)].append((uid, rec))
    counts = {name: Counter() for name in HOUSEHOLD_FIELDS}
    pairs = 0
    for uid, rec in incoming:
        for other, theirs in at_postcode.get(matching.norm_postcode(rec.postcode), ()):
            if (other, uid) in truth:
                continue
            if not matching.same_home(rec, theirs):
                continue
            found = matching.levels(rec, theirs)
            pairs += 1
            for name in HOUSEHOLD_FIELDS:
                counts[name][found[name]] += 1
    out = {}
    for name in HOUSEHOLD_FIELDS:
        levels = list(START[name])
        seen = sum(counts[name][level] for level in levels)
        out[name] = {level: {"u": round((counts[name][level] + 1) / (seen + len(levels)), 6)}
                     for level in levels}
    return out, pairs


def train(existing, incoming) -> dict:
    db = DuckDBAPI()
    left = db.register(frame(existing), dataset_display_name="on_record")
    right = db.register(frame(incoming), dataset_display_name="incoming")
    settings = SettingsCreator(
        link_type="link_only", comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[block_on("dob"), block_on("family", "postcode")],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([left, right], settings, log_level=30)
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given", "family"))
    return linker.misc.save_model_to_json()


def run(options, say) -> tuple[str, str]:
    say("Generating the training population")
    existing, incoming, truth = population()
    say("Estimating u by random sampling and m by expectation maximisation (Splink, DuckDB)")
    model = train(existing, incoming)
    comparisons_out: dict[str, dict[str, dict[str, float]]] = {}
    for comparison in model["comparisons"]:
        levels = {}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is None or u is None:
                raise RuntimeError(f"Splink left {comparison['output_column_name']} "
                                   f"{level['label_for_charts']} untrained")
            levels[level["label_for_charts"]] = {
                "m": round(max(m, 1e-6), 6), "u": round(max(u, 1e-7), 8)}
        comparisons_out[comparison["output_column_name"]] = levels
    current = json.loads(matching.WEIGHTS_FILE.read_text(encoding="utf-8"))
    # The UPN is absent from the training county; its hand-set values are kept.
    comparisons_out["upn"] = current["comparisons"]["upn"]
    say("Counting how housemates compare")
    at_home, home_pairs = within_household(existing, incoming, truth)
    # The prior is the chance that two records, one on record and one incoming, taken at
    # random, are the same person: the population the u probabilities are measured on.
    pairs, matches = EXISTING * len(incoming), len(truth)
    prior = matches / pairs
    out = {
        "source": f"bench/matching_train.py: Splink EM on a synthetic county ({EXISTING:,} on "
                  f"record, {INCOMING + STRANGERS:,} incoming)",
        "prior_match_weight": round(math.log2(prior / (1 - prior)), 3),
        "likely_threshold": current["likely_threshold"],
        "comparisons": comparisons_out,
        "within_household": at_home,
    }
    matching.WEIGHTS_FILE.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    matching.weights.cache_clear()
    lines = [
        f"Splink (DuckDB) estimated u by random sampling and m by expectation maximisation "
        "(blocking on date of birth, then on given and family name), starting from the "
        f"previous model's m, on {EXISTING:,} made-up "
        f"people on record and {INCOMING + STRANGERS:,} incoming ({INCOMING:,} noisy copies, "
        f"{STRANGERS:,} strangers). Prior: {matches:,} true pairs among {pairs:,} pairs of one "
        f"record on file and one incoming, match weight {out['prior_match_weight']}. "
        f"Within a household: u counted over {home_pairs:,} pairs of different people at the "
        "same home (mostly housemates; the county has twins), with the same m.",
        "",
        "| comparison | level | m | u | match weight |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, levels in comparisons_out.items():
        for level, p in levels.items():
            lines.append(f"| {name} | {level} | {p['m']:.4f} | {p['u']:.6f} | "
                         f"{math.log2(p['m'] / p['u']):+.2f} |")
    lines += [
        "",
        "At the same home (address the same or alike; or, with no address, the same postcode):",
        "",
        "| comparison | level | u among housemates | match weight at home |",
        "| --- | --- | --- | --- |",
    ]
    for name, levels in at_home.items():
        for level, p in levels.items():
            m = comparisons_out[name][level]["m"]
            lines.append(f"| {name} | {level} | {p['u']:.6f} | {math.log2(m / p['u']):+.2f} |")
    return "Matching model training", "\n".join(lines)
