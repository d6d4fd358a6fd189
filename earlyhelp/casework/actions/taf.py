"""The Team Around the Family: partners joining and leaving it, and the family's consent."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import Role
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.common import audit, check_works_on, locked
from earlyhelp.casework.models import ConsentRecord, Episode, TafMember
from earlyhelp.core.errors import InvalidInput, TransitionNotAllowed

# Partner professionals who may join a family's TAF. Practitioners and managers of the family's
# own team already see the whole record, so only those of other teams join.
PARTNER_ROLES = {Role.TAF_MEMBER, Role.REFERRER, Role.PANEL_CHAIR}


def is_partner_professional(user: Any, episode: Episode) -> bool:
    """Whether `user` can be a member of this family's Team Around the Family."""
    role = rules.role_of(user)
    if role in PARTNER_ROLES:
        return True
    return (
        role in rules.CASEWORK_ROLES
        and user.pk != episode.lead_worker_id
        and (episode.team_id is None or user.team_id != episode.team_id)
    )


@transaction.atomic
def add_taf_member(episode: Episode, *, user: Any, role: str, by: Origin) -> TafMember:
    """A partner professional joins the family's TAF; while consent stands they see the plan
    and reviews and update their own actions."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    found: dict[str, str] = {}
    if user is None:
        found["user"] = "Choose who is joining the Team Around the Family"
    elif not is_partner_professional(user, episode):
        found["user"] = (f"{user.get_full_name() or user.get_username()} cannot join: choose an "
                         "active partner professional")
    elif rules.hidden_by_restriction(user, episode.household):
        found["user"] = (f"{user.get_full_name()} is not named on this family's restricted "
                         "record, so they could not see its plan")
    elif episode.taf_members.filter(user=user, ended_at__isnull=True).exists():
        found["user"] = f"{user.get_full_name()} is already in the Team Around the Family"
    if not role.strip():
        found["role"] = "Say what their role in the Team Around the Family is"
    if found:
        raise InvalidInput(found)
    member = TafMember.objects.create(
        episode=episode, user=user, role=role.strip(), added_by=by.user, added_at=timezone.now(),
    )
    audit(by, Verb.CREATE, member, episode, taf_member=user.pk, role=member.role)
    return member


@transaction.atomic
def end_taf_membership(member: TafMember, *, by: Origin) -> TafMember:
    """A partner leaves the TAF: their access to the plan ends at once; the membership stays
    in the record as a past member."""
    episode = locked(member.episode)
    check_works_on(by.user, episode)
    member = TafMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_at is not None:
        raise TransitionNotAllowed(f"{member.user} has already left the Team Around the Family.")
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at"])
    audit(by, Verb.UPDATE, member, episode, taf_member=member.user_id, ended=True)
    return member


def _record_consent(
    episode: Episode, *, given: bool, given_by: str, note: str, by: Origin
) -> ConsentRecord:
    episode = locked(episode)
    check_works_on(by.user, episode)
    if episode.consent_active == given:
        raise TransitionNotAllowed(
            "The family's consent already stands." if given
            else "The family's consent is already withdrawn."
        )
    if not given_by.strip():
        raise InvalidInput({"given_by": "Say who in the family "
                            + ("gave" if given else "withdrew") + " consent"})
    record = ConsentRecord.objects.create(
        episode=episode, given=given, given_by=given_by.strip(), note=note.strip(),
        recorded_by=by.user, recorded_at=timezone.now(),
    )
    episode.consent_active = given
    episode.save(update_fields=["consent_active"])
    audit(by, Verb.UPDATE, episode, episode, consent="given" if given else "withdrawn",
          consent_record=record.pk)
    return record


@transaction.atomic
def withdraw_consent(
    episode: Episode, *, given_by: str, note: str = "", by: Origin
) -> ConsentRecord:
    """The family withdraws consent: from this moment the TAF's partners no longer see the
    plan or reviews, nor update their actions."""
    return _record_consent(episode, given=False, given_by=given_by, note=note, by=by)


@transaction.atomic
def give_consent(
    episode: Episode, *, given_by: str, note: str = "", by: Origin
) -> ConsentRecord:
    """The family gives consent again: the TAF's current members see the plan once more."""
    return _record_consent(episode, given=True, given_by=given_by, note=note, by=by)
