"""Caseloads at the end of a period list whoever held families then, even a worker who has
since left and whose account was deactivated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from earlyhelp.access.models import Role, User
from earlyhelp.core.testing import Cast, make_user
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import Caseload, figures
from earlyhelp.performance.tests.worlds import World, at

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_a_worker_deactivated_since_is_listed_with_the_families_they_held(cast: Cast) -> None:
    leaver = make_user("lee_leaver", Role.PRACTITIONER, "EH", "EHN")
    idle = make_user("ida_idle", Role.PRACTITIONER, "EH", "EHN")
    w = World(cast)  # everyone joined in 2024
    household = w.household(w.child("Amy", date_of_birth=dt.date(2015, 1, 1)),
                            w.child("Ben", date_of_birth=dt.date(2017, 1, 1)), w.adult("Kim"))
    request = w.request(at(2026, 2, 1), household=household)
    w.episode(household, request, at(2026, 2, 2), worker=leaver)
    # Both left in January 2027; Lee's family was still theirs on 31 December.
    User.objects.filter(pk__in=[leaver.pk, idle.pk]).update(is_active=False)

    year = figures(YEAR, now=at(2027, 3, 1))
    assert year.open_families.value == 1
    # The practitioner who left holding nobody is not listed with none: only the
    # practitioners still active are (Pat and Olly from the cast).
    assert year.caseloads == (
        Caseload(leaver.pk, "Lee Tester", "Early Help North", 1, 2),
        Caseload(cast.practitioner.pk, "Pat Tester", "Early Help North", 0, 0),
        Caseload(cast.outsider.pk, "Olly Tester", "Early Help South", 0, 0),
    )
    assert sum(c.families for c in year.caseloads) == year.open_families.value
    assert year.average_families == Decimal("0.3")
