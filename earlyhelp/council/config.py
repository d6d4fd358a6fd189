"""The council's configuration file: reading it, checking it, and naming what is wrong."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_FILE = Path(__file__).with_name("default_council.toml")


class ConfigError(Exception):
    """A council file that cannot be used; the message names the line or key at fault."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Council(_Strict):
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    service_name: str = "Early Help"
    social_care_front_door_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    social_care_front_door_phone: str = Field(min_length=5)
    social_care_out_of_hours_phone: str = Field(min_length=5)
    front_door_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class Timescales(_Strict):
    acknowledgement_working_days: int = Field(1, ge=0, le=30)
    decision_working_days: int = Field(2, ge=0, le=30)
    assessment_working_days: int = Field(15, ge=1, le=120)
    review_interval_weeks: int = Field(6, ge=1, le=52)
    intensive_support_months: int = Field(12, ge=1, le=36)
    keep_in_touch_months: int = Field(3, ge=0, le=24)
    outcome_sustained_months: int = Field(6, ge=0, le=24)
    re_referral_months: int = Field(12, ge=1, le=60)


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
    code: str = Field(min_length=1, max_length=20)
    label: str = Field(min_length=1)
    outcome: str


class Level(_Strict):
    level: int = Field(ge=1, le=4)
    name: str = Field(min_length=1)
    min_needs: int = Field(ge=0)
    descriptor: str = Field(min_length=1)


def _unique(items: list, attr: str, section: str) -> None:
    seen: set = set()
    for index, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            raise ValueError(f"{section}[{index}].{attr}: {value!r} appears twice")
        seen.add(value)


class CouncilConfig(_Strict):
    council: Council
    timescales: Timescales = Timescales()
    wards: list[Ward] = Field(min_length=1)
    agencies: list[Agency] = Field(min_length=1)
    teams: list[Team] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    needs: list[Need] = Field(min_length=1)
    levels: list[Level] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _check_references(self) -> CouncilConfig:
        for section, attr in [("wards", "code"), ("agencies", "code"), ("teams", "code"),
                              ("outcomes", "code"), ("needs", "code"), ("levels", "level")]:
            _unique(getattr(self, section), attr, section)
        agencies = {a.code for a in self.agencies}
        for index, team in enumerate(self.teams):
            if team.agency not in agencies:
                raise ValueError(f"teams[{index}].agency: no agency has the code {team.agency!r}")
        outcomes = {o.code for o in self.outcomes}
        for index, need in enumerate(self.needs):
            if need.outcome not in outcomes:
                raise ValueError(
                    f"needs[{index}].outcome: no headline outcome has the code {need.outcome!r}"
                )
        levels = sorted(self.levels, key=lambda lv: lv.level)
        if [lv.level for lv in levels] != [1, 2, 3, 4]:
            raise ValueError("levels: give exactly one entry for each of levels 1, 2, 3 and 4")
        if any(a.min_needs > b.min_needs for a, b in zip(levels, levels[1:], strict=False)):
            raise ValueError("levels: min_needs must not fall as the level rises")
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


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        path = ""
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {message}" if path else message)
    return "; ".join(lines)


def parse(text: str, source: str = "council file") -> CouncilConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}") from exc
    try:
        return CouncilConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc)}") from exc


def load(path: Path | str) -> CouncilConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    return parse(text, str(path))


@cache
def current() -> CouncilConfig:
    """The configuration in force: EARLYHELP_COUNCIL_FILE, or the shipped defaults."""
    return load(settings.EARLYHELP_COUNCIL_FILE or DEFAULT_FILE)
