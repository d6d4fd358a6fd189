"""Every change at the front door: one function per intention, each in one transaction that
checks permission, checks the move, saves, and writes the audit event."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Ward
from earlyhelp.council.workdays import due_at
from earlyhelp.outbox.actions import queue
from earlyhelp.outbox.models import Message
from earlyhelp.people import actions as people_actions
from earlyhelp.people import identifiers
from earlyhelp.people.models import Household, Person
from earlyhelp.referrals import notices, signals, workflow
from earlyhelp.referrals.inputs import NewRequest, problems
from earlyhelp.referrals.models import (
    Channel,
    MatchDecision,
    NamedPerson,
    NoFurtherActionReason,
    Outcome,
    RequestForSupport,
    RequestNeed,
    Resolution,
)
from earlyhelp.referrals.workflow import Status


def submit_request(
    new: NewRequest, *, by: Origin, channel: Channel, received_at: dt.datetime | None = None
) -> RequestForSupport:
    """Accept a request for support: all of it is stored, or none of it."""
    user = by.user
    if not rules.can_submit_requests(user):
        raise PermissionDenied("Your role cannot make requests for support.")
    if channel == Channel.PHONE and not rules.takes_phone_requests(user):
        raise PermissionDenied("Only the front door records requests taken by phone.")
    now = received_at or timezone.now()
    found = problems(new, timezone.localdate(now))
    if found:
        raise InvalidInput(found)
    config = current()
    # The council's file names the agencies and wards; one not yet in the database is refused
    # as input, not a failure.
    agency = Agency.objects.filter(code=new.referrer_agency).first()
    ward = Ward.objects.filter(code=new.ward).first() if new.ward else None
    unknown: dict[str, str] = {}
    if agency is None:
        unknown["referrer_agency"] = "Choose your agency from the list"
    if new.ward and ward is None:
        unknown["ward"] = "Choose a ward from the list"
    if unknown or agency is None:
        raise InvalidInput(unknown)
    with transaction.atomic():
        request = RequestForSupport.objects.create(
            reference=f"new-{uuid.uuid4().hex[:12]}",  # replaced below, once the id is known
            channel=channel,
            received_at=now,
            acknowledgement_due_at=due_at(now, config.timescales.acknowledgement_working_days),
            decision_due_at=due_at(now, config.timescales.decision_working_days),
            submitted_by=user,
            referrer_name=new.referrer_name.strip(),
            referrer_role=new.referrer_role.strip(),
            referrer_agency=agency,
            referrer_email=new.referrer_email.strip(),
            referrer_phone=new.referrer_phone.strip(),
            address=new.address.strip(),
            postcode=identifiers.normalise_postcode(new.postcode) if new.postcode else "",
            ward=ward,
            concerns=new.concerns.strip(),
            tried_already=new.tried_already.strip(),
            family_view=new.family_view.strip(),
            significant_harm=new.significant_harm,
            consent_to_request=bool(new.consent_to_request),
            consent_to_share=bool(new.consent_to_share),
            consent_given_by=new.consent_given_by.strip() if new.consent_to_request else "",
            consent_given_on=new.consent_given_on if new.consent_to_request else None,
            step_down=new.step_down,
            social_care_reference=(
                new.social_care_reference.strip() if new.step_down else ""
            ),
            social_care_history=new.social_care_history.strip(),
            suggested_level=config.suggested_level(new.needs, new.significant_harm),
        )
        request.reference = f"RFS-{request.pk:07d}"
        request.save(update_fields=["reference"])
        RequestNeed.objects.bulk_create(
            RequestNeed(request=request, code=code, received_at=request.received_at)
            for code in dict.fromkeys(new.needs)
        )
        NamedPerson.objects.bulk_create(
            NamedPerson(
                request=request,
                relationship=p.relationship,
                given_name=p.given_name.strip(),
                family_name=p.family_name.strip(),
                date_of_birth=p.date_of_birth,
                expected_due_date=p.expected_due_date,
                gender=p.gender,
                ethnicity=p.ethnicity,
                nhs_number=identifiers.normalise_nhs_number(p.nhs_number),
                upn=identifiers.normalise_upn(p.upn),
                school=p.school.strip(),
            )
            for p in new.people
        )
        record(by, Verb.CREATE, request, detail={"channel": channel})
        if request.significant_harm:
            _route_to_social_care(request, by)
        else:
            queue("acknowledgement", to=request.referrer_email, about=request,
                  **notices.acknowledgement(request))
    return request


def _route_to_social_care(request: RequestForSupport, by: Origin) -> None:
    """Significant harm is not early help: record it as outcome 4 and send it on at once."""
    workflow.check_move(request.status, Status.ROUTED_TO_SOCIAL_CARE)
    now = timezone.now()
    request.status = Status.ROUTED_TO_SOCIAL_CARE
    request.level = 4
    request.outcome = Outcome.SOCIAL_CARE
    request.decision_reason = "The referrer reported a concern of significant harm."
    request.decided_at = now
    request.save()
    config = current()
    queue("social_care_referral", to=config.council.social_care_front_door_email, about=request,
          **notices.to_social_care(request))
    queue("routed_to_social_care", to=request.referrer_email, about=request,
          **notices.routed_to_social_care(request))
    record(by, Verb.ROUTE, request, detail={"reason": "significant harm"})


def _check_front_door(user: object, request: RequestForSupport) -> None:
    if not rules.works_front_door(user):
        raise PermissionDenied("Only the front door can match people.")
    if not workflow.is_open(request.status):
        raise TransitionNotAllowed("This request has been decided; its people can't be changed.")


def _join_household(request: RequestForSupport, named: NamedPerson, person: Person) -> None:
    """Put the person in the request's household, founding it from their own if need be."""
    household = request.household
    if household is None:
        existing = person.memberships.order_by("-id").first()
        household = existing.household if existing else Household.objects.create(
            address=request.address, postcode=request.postcode, ward=request.ward
        )
        request.household = household
        request.save(update_fields=["household"])
    people_actions.add_member(household, person, named.relationship)
    signals.household_linked.send(RequestForSupport, request=request)


@transaction.atomic
def confirm_match(named: NamedPerson, candidate: Person, score: float, *, by: Origin) -> None:
    request = RequestForSupport.objects.select_for_update().get(pk=named.request_id)
    _check_front_door(by.user, request)
    named.refresh_from_db()
    if named.resolution != Resolution.PENDING:
        raise TransitionNotAllowed("This person has already been matched.")
    MatchDecision.objects.create(named_person=named, candidate=candidate, score=score,
                                 confirmed=True, decided_by=by.user, decided_at=timezone.now())
    named.person, named.resolution = candidate, Resolution.LINKED
    named.save(update_fields=["person", "resolution"])
    _join_household(request, named, candidate)
    record(by, Verb.MATCH, named, household_id=request.household_id, person_id=candidate.pk,
           detail={"confirmed": True, "score": round(score, 3), "request": request.reference})


@transaction.atomic
def reject_match(named: NamedPerson, candidate: Person, score: float, *, by: Origin) -> None:
    request = RequestForSupport.objects.select_for_update().get(pk=named.request_id)
    _check_front_door(by.user, request)
    named.refresh_from_db()
    if named.resolution != Resolution.PENDING:
        raise TransitionNotAllowed("This person has already been matched.")
    MatchDecision.objects.create(named_person=named, candidate=candidate, score=score,
                                 confirmed=False, decided_by=by.user, decided_at=timezone.now())
    record(by, Verb.MATCH, named, person_id=candidate.pk,
           detail={"confirmed": False, "score": round(score, 3), "request": request.reference})


@transaction.atomic
def create_person_from(named: NamedPerson, *, by: Origin) -> Person:
    """No existing record fits: make a new one from what the referrer said."""
    request = RequestForSupport.objects.select_for_update().get(pk=named.request_id)
    _check_front_door(by.user, request)
    named.refresh_from_db()
    if named.resolution != Resolution.PENDING:
        raise TransitionNotAllowed("This person has already been matched.")
    person = people_actions.create_person(
        given_name=named.given_name, family_name=named.family_name,
        date_of_birth=named.date_of_birth, expected_due_date=named.expected_due_date,
        gender=named.gender, ethnicity=named.ethnicity, nhs_number=named.nhs_number,
        upn=named.upn, address=request.address, postcode=request.postcode, ward=request.ward,
        school=named.school,
    )
    named.person, named.resolution = person, Resolution.NEW
    named.save(update_fields=["person", "resolution"])
    _join_household(request, named, person)
    record(by, Verb.CREATE, person, household_id=request.household_id, person_id=person.pk,
           detail={"request": request.reference})
    return person


def _check_decision(request: RequestForSupport, user: object, target: Status) -> None:
    if not rules.can_decide_requests(user):
        raise PermissionDenied("Only a duty manager can decide a request.")
    workflow.check_move(request.status, target)
    if request.people.filter(resolution=Resolution.PENDING).exists():
        raise TransitionNotAllowed(
            "Confirm a match or create a record for every person before deciding."
        )


@transaction.atomic
def decide_request(
    request: RequestForSupport, *, level: int, outcome: int, reason: str, by: Origin,
    outcome_detail: str = "", level_differs_reason: str = "",
) -> RequestForSupport:
    request = RequestForSupport.objects.select_for_update().get(pk=request.pk)
    _check_decision(request, by.user, Status.DECIDED)
    found: dict[str, str] = {}
    if level not in (1, 2, 3, 4):
        found["level"] = "Choose a level of need from 1 to 4"
    if outcome not in Outcome.values:
        found["outcome"] = "Choose one of the four outcomes"
    if not reason.strip():
        found["reason"] = "Explain the decision"
    differs = level != request.suggested_level
    if level in (1, 2, 3, 4) and differs and not level_differs_reason.strip():
        found["level_differs_reason"] = (
            f"The suggested level is {request.suggested_level}: explain why you chose {level}"
        )
    if found:
        raise InvalidInput(found)
    now = timezone.now()
    request.status = Status.DECIDED
    request.level, request.outcome = level, outcome
    request.outcome_detail = outcome_detail.strip()
    request.decision_reason = reason.strip()
    request.level_differs_reason = level_differs_reason.strip() if differs else ""
    request.decided_by, request.decided_at = by.user, now
    request.save()
    queue("decision", to=request.referrer_email, about=request, **notices.decision(request))
    if outcome == Outcome.SOCIAL_CARE:
        # A step-up must reach the social care front door, not only the referrer.
        queue("social_care_referral", to=current().council.social_care_front_door_email,
              about=request, **notices.stepped_up(request))
    record(by, Verb.DECIDE, request, household_id=request.household_id,
           detail={"level": level, "outcome": outcome})
    # Casework opens an episode (outcomes 2 and 3) or keep-in-touch calls (outcome 1).
    signals.request_decided.send(RequestForSupport, request=request, by=by)
    return request


@transaction.atomic
def decide_no_further_action(
    request: RequestForSupport, *, reason_code: str, reason: str, by: Origin
) -> RequestForSupport:
    request = RequestForSupport.objects.select_for_update().get(pk=request.pk)
    if not rules.can_decide_requests(by.user):
        raise PermissionDenied("Only a duty manager can decide a request.")
    # Unlike a decision, no match is needed first: a request can end for want of information.
    workflow.check_move(request.status, Status.NO_FURTHER_ACTION)
    found: dict[str, str] = {}
    if reason_code not in NoFurtherActionReason.values:
        found["no_further_action_reason"] = "Choose why no further action is needed"
    if not reason.strip():
        found["reason"] = "Explain the decision"
    if found:
        raise InvalidInput(found)
    now = timezone.now()
    request.status = Status.NO_FURTHER_ACTION
    request.no_further_action_reason = reason_code
    request.decision_reason = reason.strip()
    request.decided_by, request.decided_at = by.user, now
    request.save()
    queue("decision", to=request.referrer_email, about=request, **notices.decision(request))
    record(by, Verb.DECIDE, request, household_id=request.household_id,
           detail={"no_further_action": reason_code})
    return request


# Which clock a message to the referrer stops, once it has actually gone.
_ACKNOWLEDGES = {"acknowledgement", "routed_to_social_care"}
_NOTIFIES = {"decision", "routed_to_social_care"}


def note_message_sent(message: Message) -> None:
    """Stop a request's acknowledgement or notification clock at the time its message went."""
    if message.object_type != "RequestForSupport" or message.sent_at is None:
        return
    fields = [name for name, kinds in (("acknowledged_at", _ACKNOWLEDGES),
                                       ("notified_at", _NOTIFIES)) if message.kind in kinds]
    if not fields:
        return
    with transaction.atomic():
        request = RequestForSupport.objects.select_for_update().filter(
            pk=message.object_id
        ).first()
        if request is None:
            return
        # The first message to go stops the clock; a later resend does not move it.
        stamped = [name for name in fields if getattr(request, name) is None]
        if not stamped:
            return
        for name in stamped:
            setattr(request, name, message.sent_at)
        request.save(update_fields=stamped)
        record(None, Verb.UPDATE, request, household_id=request.household_id,
               detail={"message_sent": message.kind, "stamped": stamped})
