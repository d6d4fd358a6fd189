"""The council's configuration file: reading it, checking it, and naming what is wrong."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from django.conf import settings
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

DEFAULT_FILE = Path(__file__).with_name("default_council.toml")


class ConfigError(Exception):
    """A council file that cannot be used; the message names the line or key at fault."""


class _Strict(BaseModel):
    # Strict: TOML has real integers and strings, so "3" where a number belongs is a mistake.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


BLANK = "is blank; write it in words a worker would recognise"


def _not_blank(value: str) -> str:
    # Spaces alone would pass min_length and show a worker nothing.
    if not value.strip():
        raise ValueError(BLANK)
    return value


# Text a worker reads to decide and to measure: it must say something.
Words = Annotated[str, AfterValidator(_not_blank)]


class Council(_Strict):
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    service_name: str = "Early Help"
    social_care_front_door_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    social_care_front_door_phone: str = Field(min_length=5)
    social_care_out_of_hours_phone: str = Field(min_length=5)
    front_door_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class Timescales(_Strict):
    acknowledgement_working_days: int = Field(default=1, ge=0, le=30)
    decision_working_days: int = Field(default=2, ge=0, le=30)
    assessment_working_days: int = Field(default=15, ge=1, le=120)
    review_interval_weeks: int = Field(default=6, ge=1, le=52)
    intensive_support_months: int = Field(default=12, ge=1, le=36)
    keep_in_touch_months: int = Field(default=3, ge=0, le=24)
    outcome_sustained_months: int = Field(default=6, ge=0, le=24)
    re_referral_months: int = Field(default=12, ge=1, le=60)

    def next_review(self, after: dt.date) -> dt.date:
        """A plan's next review: the review interval after its start or its last review."""
        return after + dt.timedelta(weeks=self.review_interval_weeks)


class Ward(_Strict):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1)


class Agency(_Strict):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1)
    kind: Literal[
        "education", "health", "police", "voluntary", "housing", "social_care",
        "early_help", "other",
    ]


class Team(_Strict):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1)
    agency: str


class Outcome(_Strict):
    code: str = Field(min_length=1, max_length=20)
    label: str = Field(min_length=1)


class Need(_Strict):
    """A descriptor of the council's Outcomes Plan: a need under one headline outcome, what
    shows it at the start and the measure that shows it was met."""

    code: str = Field(min_length=1, max_length=20)
    label: str = Field(min_length=1)
    outcome: str
    evidence: Words
    met_when: Words
    # None: the timescales' outcome_sustained_months applies.
    sustained_months: int | None = Field(default=None, ge=0, le=24)


class Level(_Strict):
    level: int = Field(ge=1, le=4)
    name: str = Field(min_length=1)
    min_needs: int = Field(ge=0)
    descriptor: str = Field(min_length=1)


class AuditQuestion(_Strict):
    code: str = Field(min_length=1, max_length=20)
    question: str = Field(min_length=1)


# The questions a manager answers in a monthly case audit, when the council file names none.
DEFAULT_AUDIT_CHECKLIST = [
    AuditQuestion(code="assessment", question="Was the whole-family assessment completed on "
                  "time, with every member of the household seen?"),
    AuditQuestion(code="voice", question="Are the child's voice and the family's own view "
                  "recorded and do they shape the plan?"),
    AuditQuestion(code="plan", question="Is the plan SMART, covering every need, with who, "
                  "what and by when for each action?"),
    AuditQuestion(code="reviews", question="Are reviews held on time, with progress on each "
                  "action and need and a new scaling score?"),
    AuditQuestion(code="partners", question="Are partners in the Team Around the Family "
                  "involved and their actions up to date?"),
    AuditQuestion(code="risk", question="Are risks identified, responded to and escalated "
                  "when they rise?"),
    AuditQuestion(code="records", question="Are case notes and the chronology up to date and "
                  "clear to someone new to the family?"),
    AuditQuestion(code="oversight", question="Is management oversight and supervision "
                  "recorded on the case?"),
]


def _duplicates(items: list, attr: str, section: str) -> list[str]:
    seen: set = set()
    found = []
    for index, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            found.append(f"{section}[{index}].{attr}: {value!r} appears twice")
        seen.add(value)
    return found


class CouncilConfig(_Strict):
    council: Council
    timescales: Timescales = Timescales()
    wards: list[Ward] = Field(min_length=1)
    agencies: list[Agency] = Field(min_length=1)
    teams: list[Team] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    needs: list[Need] = Field(min_length=1)
    levels: list[Level]
    audit_checklist: list[AuditQuestion] = Field(
        default_factory=lambda: list(DEFAULT_AUDIT_CHECKLIST), min_length=1
    )

    @model_validator(mode="after")
    def _check_references(self) -> CouncilConfig:
        # Every problem at once, one per line as "key path: reason", so a council fixing its
        # file sees the whole list rather than one mistake per attempt.
        found: list[str] = []
        for section, attr in [("wards", "code"), ("agencies", "code"), ("teams", "code"),
                              ("outcomes", "code"), ("needs", "code"), ("levels", "level"),
                              ("audit_checklist", "code")]:
            found += _duplicates(getattr(self, section), attr, section)
        agencies = {a.code for a in self.agencies}
        for index, team in enumerate(self.teams):
            if team.agency not in agencies:
                found.append(f"teams[{index}].agency: no agency has the code {team.agency!r}")
        outcomes = {o.code for o in self.outcomes}
        for index, need in enumerate(self.needs):
            if need.outcome not in outcomes:
                found.append(
                    f"needs[{index}].outcome: no headline outcome has the code {need.outcome!r}"
                )
        numbers = {lv.level for lv in self.levels}
        for number in (1, 2, 3, 4):
            if number not in numbers:
                found.append(f"levels: level {number} is missing; give one entry for each of 1-4")
        levels = sorted(self.levels, key=lambda lv: lv.level)
        for lower, higher in zip(levels, levels[1:], strict=False):
            if lower.min_needs > higher.min_needs:
                index = self.levels.index(higher)
                found.append(
                    f"levels[{index}].min_needs: level {higher.level} needs at least as many "
                    f"needs as level {lower.level} ({lower.min_needs})"
                )
        if found:
            raise ValueError("\n".join(found))
        return self

    # Look-ups used across the service.
    def need(self, code: str) -> Need | None:
        return next((n for n in self.needs if n.code == code), None)

    def outcome(self, code: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.code == code), None)

    def level(self, number: int) -> Level:
        return next(lv for lv in self.levels if lv.level == number)

    def need_choices(self) -> list[tuple[str, str]]:
        return [(n.code, n.label) for n in self.needs]

    def need_label(self, code: str) -> str:
        """The council's words for a need; the code itself if the file no longer has it."""
        need = self.need(code)
        return need.label if need else code

    def outcome_label(self, code: str) -> str:
        outcome = self.outcome(code)
        return outcome.label if outcome else code

    def met_when(self, code: str) -> str:
        """The measure that shows this need was met; empty for a code the file no longer has."""
        need = self.need(code)
        return need.met_when if need else ""

    def sustained_months(self, code: str) -> int:
        """How long a met need must stay met before it counts for a payment-by-results claim:
        its own sustained_months, else the council's outcome_sustained_months."""
        need = self.need(code)
        if need is None or need.sustained_months is None:
            return self.timescales.outcome_sustained_months
        return need.sustained_months

    def outcomes_plan(self) -> list[tuple[Outcome, list[Need]]]:
        """Each headline outcome with its descriptors, both in the file's order."""
        return [(outcome, [n for n in self.needs if n.outcome == outcome.code])
                for outcome in self.outcomes]

    def suggested_level(self, need_codes: list[str] | set[str], significant_harm: bool) -> int:
        """The level the threshold descriptors suggest for these needs."""
        if significant_harm:
            return 4
        count = len(set(need_codes))
        suggested = 1
        for lv in sorted(self.levels, key=lambda lv: lv.level):
            if lv.level < 4 and count >= lv.min_needs:
                suggested = lv.level
        return suggested


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_PATH = re.compile(r"^([A-Za-z0-9_]+)(?:\[(\d+)\])?(?:\.([A-Za-z0-9_]+))?$")


def _lines(text: str) -> dict[tuple, int]:
    """Where each table and key starts: ("teams", 1, "agency") -> its line number.

    A plain scan of headers and keys, enough to point at the place to fix; it does not
    follow multi-line values or inline tables.
    """
    where: dict[tuple, int] = {}
    counts: dict[str, int] = {}
    table: tuple = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                where.setdefault(tuple(name.split(".")), number)
                table = (*name.split("."), counts[name])
            else:
                table = tuple(name.split("."))
            where.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            where.setdefault((*table, key.group(1)), number)
    return where


def _line_of(loc: tuple, where: dict[tuple, int]) -> int | None:
    # A missing key has no line of its own: point at the table it belongs in.
    for end in range(len(loc), 0, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return None


def _path(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _loc(path: str) -> tuple:
    match = _PATH.match(path)
    if not match:
        return ()
    section, index, key = match.groups()
    return tuple(
        part for part in (section, int(index) if index else None, key) if part is not None
    )


_MESSAGES = {
    "missing": "is missing",
    "extra_forbidden": "is not a key the council file has (check its spelling)",
    "string_pattern_mismatch": "is not an email address",
}


def _problems(error: ValidationError) -> list[tuple[tuple, str]]:
    found = []
    for item in error.errors():
        if item["loc"]:
            reason = _MESSAGES.get(item["type"], item["msg"])
            found.append((item["loc"], reason.removeprefix("Value error, ")))
            continue
        # Cross-checks arrive as lines of "path: reason".
        for line in item["msg"].removeprefix("Value error, ").splitlines():
            path, _, reason = line.partition(": ")
            found.append((_loc(path), reason) if reason else ((), line))
    return found


def _describe(error: ValidationError, text: str) -> str:
    where = _lines(text)
    lines = []
    for loc, reason in _problems(error):
        line = _line_of(loc, where)
        at = f" (line {line})" if line else ""
        lines.append(f"{_path(loc)}: {reason}{at}" if loc else f"{reason}{at}")
    return "; ".join(lines)


def parse(text: str, source: str = "council file") -> CouncilConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}") from exc
    try:
        return CouncilConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc, text)}") from exc


def load(path: Path | str) -> CouncilConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: is not UTF-8 text (byte {exc.start})") from exc
    return parse(text, str(path))


def configured_path() -> Path:
    """The file in force: the one EARLYHELP_COUNCIL_FILE names, or the shipped defaults."""
    return Path(settings.EARLYHELP_COUNCIL_FILE or DEFAULT_FILE)


@cache
def current() -> CouncilConfig:
    """The configuration in force, read once per process."""
    return load(configured_path())
