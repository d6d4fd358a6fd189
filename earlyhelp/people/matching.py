"""Finding a person among existing records: indexed keys gather candidates, Fellegi-Sunter
weights score each one field by field, and the reasons say why so a person can decide."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jellyfish
from django.db import connection
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from earlyhelp.people.models import MatchKey, Person

HERE = Path(__file__).resolve().parent
WEIGHTS_FILE = HERE / "match_weights.json"
NICKNAMES_FILE = HERE / "nicknames.csv"

# A key shared by thousands (a common date of birth, say) must not flood the scorer: each key
# contributes at most this many people, and at most SCORED of those found are scored.
PER_KEY = 150
SCORED = 300

# Jaro-Winkler thresholds for "spelled similarly" and "roughly alike".
CLOSE = 0.92
ROUGH = 0.80

# Comparison level names, shared with the training code that estimates their m and u.
EXACT, NICKNAME, PREVIOUS, SWAPPED, PARTIAL = "exact", "nickname", "previous", "swapped", "partial"
CLOSE_LEVEL, ROUGH_LEVEL, DIFFERENT, MISSING = "close", "rough", "different", "missing"

# Below this score, and not likely, a suggestion is shown to the front door only on request: it
# was among the closest records found, but the evidence is against it being the person.
UNLIKELY_BELOW = 0.2

FIELDS = ("given_name", "family_name", "date_of_birth", "postcode", "address", "nhs_number",
          "upn")


@dataclass(frozen=True)
class Record:
    """The fields matching compares; built from a Person or from a name on a request."""

    given_name: str = ""
    family_name: str = ""
    other_family_names: tuple[str, ...] = ()
    other_given_names: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""
    upn: str = ""


@dataclass
class Suggestion:
    person: Person
    person_id: int
    score: float
    likely: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def unlikely(self) -> bool:
        return not self.likely and self.score < UNLIKELY_BELOW


# --- reference data -------------------------------------------------------------------------

@functools.cache
def nickname_table() -> dict[str, frozenset[str]]:
    """Each name to the formal names it may stand for (a formal name stands for itself)."""
    forms: dict[str, set[str]] = {}
    with NICKNAMES_FILE.open(encoding="utf-8") as handle:
        for row in csv.reader(line for line in handle if not line.startswith("#")):
            names = [norm_name(n) for n in row if n.strip()]
            if not names:
                continue
            formal = names[0]
            for name in names:
                forms.setdefault(name, set()).add(formal)
    return {name: frozenset(formals) for name, formals in forms.items()}


@functools.cache
def weights() -> dict[str, Any]:
    """The trained model: a match weight (log2 m/u) for each level of each comparison, and
    for the fields that tell one member of a household from another, the weight they carry
    between two records at the same home (the same m over the u among housemates)."""
    model = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    comparisons = model["comparisons"]
    levels = {
        name: {level: math.log2(p["m"] / p["u"]) for level, p in comparison.items()}
        for name, comparison in comparisons.items()
    }
    at_home = {
        name: {level: math.log2(comparisons[name][level]["m"] / p["u"])
               for level, p in comparison.items()}
        for name, comparison in model["within_household"].items()
    }
    return {"prior": model["prior_match_weight"], "threshold": model["likely_threshold"],
            "levels": levels, "at_home": at_home}


# --- normalising ----------------------------------------------------------------------------

def norm_name(value: str) -> str:
    return "".join(ch for ch in (value or "").lower() if ch.isalpha())


def norm_postcode(value: str) -> str:
    # Compared as given (any country's format), ignoring case and spaces.
    return re.sub(r"\s", "", value or "").upper()


def norm_address(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (value or "").lower()).split())


def norm_identifier(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def name_forms(given: str) -> frozenset[str]:
    """A given name with the formal names it is a nickname for: Bill gives bill and william."""
    name = norm_name(given)
    if not name:
        return frozenset()
    return frozenset({name}) | nickname_table().get(name, frozenset())


def _family_code(name: str) -> str:
    return jellyfish.soundex(name) if name else ""


def _given_code(name: str) -> str:
    return jellyfish.metaphone(name).replace(" ", "") or name[:3]


@dataclass(frozen=True)
class _Prepared:
    given: str
    givens: tuple[str, ...]
    forms: frozenset[str]
    family: str
    families: tuple[str, ...]
    dob: dt.date | None
    postcode: str
    address: str
    nhs: str
    upn: str


def _prepare(rec: Record) -> _Prepared:
    given = norm_name(rec.given_name)
    givens = tuple(dict.fromkeys(g for g in (given, *map(norm_name, rec.other_given_names)) if g))
    family = norm_name(rec.family_name)
    families = tuple(
        dict.fromkeys(f for f in (family, *map(norm_name, rec.other_family_names)) if f)
    )
    forms = frozenset().union(*(name_forms(g) for g in givens)) if givens else frozenset()
    return _Prepared(
        given=given, givens=givens, forms=forms, family=family, families=families,
        dob=rec.date_of_birth, postcode=norm_postcode(rec.postcode),
        address=norm_address(rec.address), nhs=norm_identifier(rec.nhs_number),
        upn=norm_identifier(rec.upn),
    )


# --- building records -----------------------------------------------------------------------

def _other_names(other_names: list[dict[str, str]] | None) -> tuple[tuple[str, ...], ...]:
    families = tuple(n["family"] for n in other_names or () if n.get("family"))
    givens = tuple(n["given"] for n in other_names or () if n.get("given"))
    return families, givens


def record_of(person: Person) -> Record:
    families, givens = _other_names(person.other_names)
    return Record(
        given_name=person.given_name, family_name=person.family_name,
        other_family_names=families, other_given_names=givens,
        date_of_birth=person.date_of_birth, postcode=person.postcode, address=person.address,
        nhs_number=person.nhs_number, upn=person.upn,
    )


def record_from_named(named: Any) -> Record:
    """A person named on a request; their address is the request's (one query at most, for
    the request, and none when it was fetched with select_related)."""
    request = named.request
    return Record(
        given_name=named.given_name, family_name=named.family_name,
        date_of_birth=named.date_of_birth, postcode=request.postcode,
        address=request.address, nhs_number=named.nhs_number, upn=named.upn,
    )


# --- blocking keys --------------------------------------------------------------------------

def _keys(p: _Prepared, swapped: bool) -> set[str]:
    found: set[str] = set()
    if p.nhs:
        found.add(f"n:{p.nhs}")
    if p.upn:
        found.add(f"u:{p.upn}")
    dates = []
    if p.dob:
        dates.append(p.dob.strftime("%Y%m%d"))
        if swapped and p.dob.day <= 12 and p.dob.day != p.dob.month:
            dates.append(f"{p.dob.year:04d}{p.dob.day:02d}{p.dob.month:02d}")
    given_codes = {_given_code(g) for g in p.forms}
    for date in dates:
        found.add(f"d:{date}")
    for family in p.families:
        code = _family_code(family)
        if p.dob:
            found.add(f"fy:{code}:{p.dob.year}")
        if p.postcode:
            found.add(f"fp:{code}:{p.postcode}")
        for given in given_codes:
            found.add(f"gf:{given}:{code}")
    if p.postcode:
        for given in given_codes:
            found.add(f"gp:{given}:{p.postcode}")
    return found


def keys(rec: Record) -> set[str]:
    """The keys a person is filed under: pure and cheap, for bulk loads as well."""
    return _keys(_prepare(rec), swapped=False)


def search_keys(rec: Record) -> set[str]:
    """The keys to look an incoming person up by: their own, and their date with day and
    month swapped."""
    return _keys(_prepare(rec), swapped=True)


# --- comparing ------------------------------------------------------------------------------

def _jw(a: str, b: str) -> float:
    return JaroWinkler.similarity(a, b)


def _by_similarity(a: str, b: str) -> str:
    similarity = _jw(a, b)
    if similarity >= CLOSE:
        return CLOSE_LEVEL
    return ROUGH_LEVEL if similarity >= ROUGH else DIFFERENT


_RANK = {EXACT: 0, NICKNAME: 1, PREVIOUS: 1, SWAPPED: 1, PARTIAL: 2, CLOSE_LEVEL: 2,
         ROUGH_LEVEL: 3, DIFFERENT: 4}


def _rank(level: str) -> int:
    return _RANK[level]


def _given(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.givens or not b.givens:
        return MISSING, "No given name to compare"
    if a.given and a.given == b.given or set(a.givens) & set(b.givens):
        return EXACT, "Same given name"
    if a.forms & b.forms:
        return NICKNAME, f"Given name is a nickname ({_title(a.given)} / {_title(b.given)})"
    level = min((_by_similarity(x, y) for x in a.givens for y in b.givens), key=_rank)
    if level == CLOSE_LEVEL:
        return level, f"Given name spelled similarly ({_title(a.given)} / {_title(b.given)})"
    if level == ROUGH_LEVEL:
        return level, f"Given name partly alike ({_title(a.given)} / {_title(b.given)})"
    return DIFFERENT, "Given name differs"


def _family(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.family or not b.family:
        return MISSING, "No family name to compare"
    if a.family == b.family:
        return EXACT, "Same family name"
    shared = set(a.families) & set(b.families)
    if shared:
        return PREVIOUS, f"Family name matches a previous name ({_title(sorted(shared)[0])})"
    level = min((_by_similarity(x, y) for x in a.families for y in b.families), key=_rank)
    if level == CLOSE_LEVEL:
        return level, f"Family name spelled similarly ({_title(a.family)} / {_title(b.family)})"
    if level == ROUGH_LEVEL:
        return level, f"Family name partly alike ({_title(a.family)} / {_title(b.family)})"
    return DIFFERENT, "Family name differs"


def _dob(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.dob or not b.dob:
        return MISSING, "No date of birth to compare"
    x, y = a.dob, b.dob
    if x == y:
        return EXACT, "Same date of birth"
    if x.year == y.year and x.day == y.month and x.month == y.day:
        return SWAPPED, "Day and month of birth swapped"
    if (x.year == y.year) + (x.month == y.month) + (x.day == y.day) == 2:
        return PARTIAL, "Date of birth differs in one part"
    return DIFFERENT, "Date of birth differs"


def _code(x: str, y: str, what: str, one_off: str = "") -> tuple[str, str]:
    """Compare two codes (postcode, NHS number, UPN): the same, one keystroke apart when
    `one_off` says how that reads, or different."""
    if x == y:
        return EXACT, f"Same {what}"
    if one_off and DamerauLevenshtein.distance(x, y) <= 1:
        return CLOSE_LEVEL, f"{_title(what)} {one_off}"
    return DIFFERENT, f"{_title(what)} differs"


def _postcode(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.postcode or not b.postcode:
        return MISSING, "No postcode to compare"
    return _code(a.postcode, b.postcode, "postcode", "differs by one character")


def _address(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.address or not b.address:
        return MISSING, "No address to compare"
    if a.address == b.address:
        return EXACT, "Same address"
    similarity = _jw(a.address, b.address)
    if similarity >= 0.9:
        return CLOSE_LEVEL, "Address alike"
    if similarity >= 0.75:
        return ROUGH_LEVEL, "Address partly alike"
    return DIFFERENT, "Address differs"


def _nhs(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.nhs or not b.nhs:
        return MISSING, ""
    return _code(a.nhs, b.nhs, "NHS number", "differs by one digit")


def _upn(a: _Prepared, b: _Prepared) -> tuple[str, str]:
    if not a.upn or not b.upn:
        return MISSING, ""
    return _code(a.upn, b.upn, "Unique Pupil Number")


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


COMPARISONS = {
    "given_name": _given, "family_name": _family, "date_of_birth": _dob,
    "postcode": _postcode, "address": _address, "nhs_number": _nhs, "upn": _upn,
}


def levels(incoming: Record, existing: Record) -> dict[str, str]:
    """The comparison level of each field; the training code counts these."""
    a, b = _prepare(incoming), _prepare(existing)
    return {name: compare(a, b)[0] for name, compare in COMPARISONS.items()}


# Address and postcode both say where someone lives, so they are one piece of evidence: the
# stronger of the two counts. Family name, address and postcode together say which household;
# only these say which person in it.
LOCATION = ("address", "postcode")
HOME_LEVELS = (EXACT, CLOSE_LEVEL)
# What tells a person from everyone else: an identifier, the given name, or the date of birth,
# except at the same home under a given name that differs or is only partly alike, because
# twins share a home, a family name and a date of birth, and are often given names alike.
NAMED = (EXACT, NICKNAME, CLOSE_LEVEL)
BORN = (EXACT, SWAPPED, PARTIAL)


def _numbers(address: str) -> list[str]:
    return re.findall(r"\d+", address)


def _home(a: _Prepared, b: _Prepared, address: str, postcode: str) -> bool:
    """The same address, or one alike with the same house number (a neighbour's is alike
    too); or, when an address is missing, the same postcode."""
    if address != MISSING:
        return address == EXACT or address == CLOSE_LEVEL and _numbers(a.address) == _numbers(
            b.address)
    return postcode in HOME_LEVELS


def same_home(incoming: Record, existing: Record) -> bool:
    """Whether two records live at the same home, as the scorer decides it."""
    a, b = _prepare(incoming), _prepare(existing)
    return _home(a, b, _address(a, b)[0], _postcode(a, b)[0])


def _score(a: _Prepared, b: _Prepared) -> tuple[float, bool, list[str]]:
    """The probability, whether what tells people apart points to this person, and the
    reasons."""
    model = weights()
    found = {name: compare(a, b) for name, compare in COMPARISONS.items()}
    # At the same home, family name, given name and date of birth are weighed against the
    # other people who live there (who share a family name, and may be twins), not against
    # the county at large.
    home = _home(a, b, found["address"][0], found["postcode"][0])
    at_home = model["at_home"] if home else {}
    weighed: dict[str, float] = {}
    for name, (level, _) in found.items():
        table = at_home.get(name) or model["levels"][name]
        weighed[name] = 0.0 if level == MISSING else table.get(level, 0.0)
    located = [weighed[name] for name in LOCATION if found[name][0] != MISSING]
    total = model["prior"] + (max(located) if located else 0.0) + sum(
        weight for name, weight in weighed.items() if name not in LOCATION
    )
    identified = (
        found["nhs_number"][0] == EXACT or found["upn"][0] == EXACT
        or found["given_name"][0] in NAMED
        or found["date_of_birth"][0] in BORN and (found["given_name"][0] == MISSING or not home)
    )
    # The strongest evidence first, for and then against.
    reasons = sorted(((weighed[name], reason) for name, (_, reason) in found.items() if reason),
                     key=lambda item: -item[0])
    probability = 1.0 / (1.0 + 2.0 ** -total) if total > -60 else 0.0
    return probability, identified, [reason for _, reason in reasons]


def score(incoming: Record, existing: Record) -> tuple[float, list[str]]:
    """The probability that two records are the same person, and the reasons."""
    probability, _, reasons = _score(_prepare(incoming), _prepare(existing))
    return probability, reasons


# --- suggesting -----------------------------------------------------------------------------

_PERSON = Person._meta.db_table
_KEY = MatchKey._meta.db_table
_CANDIDATE_FIELDS = ("pk", "given_name", "family_name", "other_names", "date_of_birth",
                     "postcode", "address", "nhs_number", "upn")


def _candidate_ids(search: set[str]) -> list[int]:
    """People filed under any of the keys, most keys shared first: one query."""
    if not search:
        return []
    ordered = sorted(search)
    part = f"SELECT person_id FROM (SELECT person_id FROM {_KEY} WHERE key = %s LIMIT {PER_KEY}) k"
    sql = " UNION ALL ".join(f"{part}{i}" for i in range(len(ordered)))
    with connection.cursor() as cursor:
        cursor.execute(sql, ordered)
        hits = Counter(row[0] for row in cursor.fetchall())
    return [pid for pid, _ in hits.most_common(SCORED)]


def suggest(incoming: Record, limit: int = 5) -> list[Suggestion]:
    """Likely matches for an incoming person, best first; three queries whatever the count."""
    ids = _candidate_ids(search_keys(incoming))
    if not ids:
        return []
    mine = _prepare(incoming)
    ranked = []
    for row in Person.objects.filter(pk__in=ids).values_list(*_CANDIDATE_FIELDS):
        pk, given, family, other_names, dob, postcode, address, nhs, upn = row
        families, givens = _other_names(other_names)
        theirs = _prepare(Record(given, family, families, givens, dob, postcode, address, nhs,
                                 upn))
        probability, identified, reasons = _score(mine, theirs)
        ranked.append((probability, pk, identified, reasons))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ranked = ranked[:limit]
    people = Person.objects.in_bulk([pk for _, pk, _, _ in ranked])
    threshold = weights()["threshold"]
    # Likely needs a high probability and evidence of the person, not only of their household.
    return [
        Suggestion(person=people[pk], person_id=pk, score=round(probability, 4),
                   likely=probability >= threshold and identified, reasons=reasons)
        for probability, pk, identified, reasons in ranked
    ]
