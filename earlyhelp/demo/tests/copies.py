"""The demo and county generators write rows in bulk, past the models' save() and the actions:
these find the copied columns they left otherwise than those would have."""

from __future__ import annotations

from collections import defaultdict

from earlyhelp.casework.models import Closure, Need
from earlyhelp.people.models import Membership


def memberships_unlike_their_person() -> list[int]:
    """Memberships whose dates are not their person's."""
    return [
        pk for pk, *copied, born, due in Membership.objects.values_list(
            "pk", "date_of_birth", "expected_due_date",
            "person__date_of_birth", "person__expected_due_date")
        if copied != [born, due]
    ]


def closures_unlike_their_needs() -> list[int]:
    """Signed-off closures whose every_need_met is not what their episode's needs say."""
    met: dict[int, list[bool | None]] = defaultdict(list)
    for episode, was_met in Need.objects.values_list("episode_id", "met"):
        met[episode].append(was_met)
    return [
        pk for pk, episode, every in Closure.objects.filter(signed_off_at__isnull=False)
        .values_list("pk", "episode_id", "every_need_met")
        if every != (bool(met[episode]) and all(met[episode]))
    ]
