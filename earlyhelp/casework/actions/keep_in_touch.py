"""Keep-in-touch calls to a signposted family (outcome 1), monthly for the agreed period."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.council.config import current
from earlyhelp.referrals.models import Outcome, RequestForSupport


def schedule(request: RequestForSupport, *, by: Origin) -> list[KeepInTouch]:
    """One call a month after the decision, for the council's keep-in-touch period, for the
    deciding manager's team. Runs inside the decision's transaction."""
    if request.outcome != Outcome.ALTERNATIVE_HELP or request.household_id is None:
        return []
    team_id = getattr(by.user, "team_id", None)
    if team_id is None:
        return []
    decided_on = timezone.localdate(request.decided_at or timezone.now())
    months = current().timescales.keep_in_touch_months
    calls = KeepInTouch.objects.bulk_create(
        KeepInTouch(request=request, household_id=request.household_id, team_id=team_id,
                    due_on=decided_on + relativedelta(months=month))
        for month in range(1, months + 1)
    )
    if calls:
        record(by, Verb.CREATE, request, household_id=request.household_id,
               detail={"keep_in_touch": len(calls), "first_due": calls[0].due_on.isoformat()})
    return calls
