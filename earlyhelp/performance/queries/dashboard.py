"""The dashboard's figures for a period and the period before it, each from database
aggregates, each with the key of the list of records behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from earlyhelp.performance.periods import Period

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    """A count, and the key of its list of records in queries.records ("" when none)."""

    value: int
    records: str = ""


@dataclass(frozen=True)
class Rate:
    """`met` of `total` (timeliness, needs met, feedback), with the key of the list of the
    `total` records."""

    met: int
    total: int
    records: str = ""

    @property
    def percent(self) -> Decimal | None:
        """To two places, as the committee reports give them (67.43%); None of nothing."""
        if not self.total:
            return None
        return (Decimal(100 * self.met) / self.total).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """One row of a breakdown (an agency, a presenting need, a ward) and its count."""

    key: str  # the code or id it is grouped by; "" for "not recorded"
    label: str
    figure: Figure


@dataclass(frozen=True)
class Caseload:
    """One case-holding worker's open families and the children in them, at the period's
    end; a worker with none is listed with none."""

    worker_id: int
    worker: str
    team: str
    families: int
    children: int


@dataclass(frozen=True)
class Month:
    """The activity of one calendar month, for the trend charts."""

    month: dt.date  # its first day
    requests: int
    assessments: int
    plans: int
    closures: int


@dataclass(frozen=True)
class AuditQuarter:
    """Case audits in one quarter, by grade (Grade values to counts, every grade present)."""

    first: dt.date
    label: str  # "Apr-Jun 2026"
    grades: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.grades.values())


@dataclass(frozen=True)
class Figures:
    """Every figure the dashboard shows for one period."""

    period: Period
    # Activity, as the Wirral table sets it out
    requests: Figure
    assessments: Figure  # completed (signed off) in the period
    plans: Figure  # started in the period
    closures: Figure  # episodes closed in the period
    needs_met: Rate  # closed families whose every need was met, of families closed
    # Open work at the period's last day
    open_families: Figure
    open_children: Figure
    caseloads: tuple[Caseload, ...]
    # Timeliness
    acknowledged_in_time: Rate
    decided_in_time: Rate
    assessed_in_time: Rate
    reviewed_in_time: Rate
    # Demand
    by_agency: tuple[Share, ...]
    by_need: tuple[Share, ...]
    by_ward: tuple[Share, ...]
    re_referrals: Rate  # of requests received
    step_ups: Figure
    step_downs: Figure
    # What families said at closure
    things_better: Rate
    listened_to: Rate
    # Trends and quality
    months: tuple[Month, ...]
    audits: tuple[AuditQuarter, ...]

    @property
    def average_families(self) -> Decimal | None:
        """Families per case-holding worker (the Thurrock report's 21)."""
        if not self.caseloads:
            return None
        total = sum(c.families for c in self.caseloads)
        return (Decimal(total) / len(self.caseloads)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Dashboard:
    current: Figures
    previous: Figures
