"""What every test shares: the council's records, and named users for each role plus an
outsider who must see nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import django_otp.oath
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.access.models import Role, User
from earlyhelp.audit.actions import Origin
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Episode
from earlyhelp.council.actions import apply_config
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Team
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Household, Person, Relationship
from earlyhelp.referrals.actions import create_person_from, decide_request, submit_request
from earlyhelp.referrals.inputs import NewPerson, NewRequest
from earlyhelp.referrals.models import Channel, RequestForSupport

PASSWORD = "correct horse battery staple"

# A working Monday morning, far from bank holidays, for tests that depend on the clock.
MONDAY_MORNING = dt.datetime(2026, 11, 2, 9, 30, tzinfo=LONDON)


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down: set EMAIL_BACKEND to BROKEN_EMAIL_BACKEND in a test."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server unreachable")


BROKEN_EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"


@dataclass
class Cast:
    """The named users of a test world."""

    referrer: User  # a school's designated safeguarding lead
    other_referrer: User  # a GP in another agency
    front_door: User
    duty_manager: User
    practitioner: User
    team_manager: User
    taf_member: User
    analyst: User
    strategic_lead: User
    admin: User
    outsider: User  # an active user with no relationship to anything

    def origin(self, user: User) -> Origin:
        return Origin(user=user, ip_address="192.0.2.10")


def make_user(
    username: str, role: Role, agency: str, team: str | None = None, **extra: Any
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role,
        email=f"{username}@example.org",
        first_name=extra.pop("first_name", username.split("_")[0].title()),
        last_name=extra.pop("last_name", "Tester"),
        agency=Agency.objects.get(code=agency),
        team=Team.objects.get(code=team) if team else None,
        **extra,
    )
    return user


def make_cast() -> Cast:
    apply_config(current())
    return Cast(
        referrer=make_user("sam_school", Role.REFERRER, "SCH", job_title="Safeguarding lead"),
        other_referrer=make_user("gita_gp", Role.REFERRER, "GP"),
        front_door=make_user("fran_frontdoor", Role.FRONT_DOOR, "EH", "FD"),
        duty_manager=make_user("dev_duty", Role.DUTY_MANAGER, "EH", "FD"),
        practitioner=make_user("pat_practitioner", Role.PRACTITIONER, "EH", "EHN"),
        team_manager=make_user("tara_manager", Role.TEAM_MANAGER, "EH", "EHN"),
        taf_member=make_user("toby_taf", Role.TAF_MEMBER, "HV"),
        analyst=make_user("ana_analyst", Role.ANALYST, "EH"),
        strategic_lead=make_user("stella_strategic", Role.STRATEGIC_LEAD, "EH"),
        admin=make_user("ada_admin", Role.ADMIN, "EH"),
        outsider=make_user("olly_outsider", Role.PRACTITIONER, "EH", "EHS"),
    )


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_token(device: TOTPDevice) -> str:
    return f"{django_otp.oath.totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def login(client: Client, user: User) -> Client:
    """Log a test client in as `user`, with a verified second factor where the role needs one."""
    client.force_login(user)
    if user.needs_second_factor:
        device = TOTPDevice.objects.filter(user=user).first() or totp_device(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def request_input(**overrides: Any) -> NewRequest:
    """A complete, valid request for support about one child and her mother."""
    values: dict[str, Any] = {
        "referrer_name": "Sam Taylor",
        "referrer_email": "sam.taylor@school.example.org",
        "referrer_agency": "SCH",
        "referrer_role": "Designated safeguarding lead",
        "address": "12 Mill Lane, Fernhill",
        "postcode": "FH1 2AB",
        "concerns": "Attendance has fallen to 70% this term and mum says she is struggling.",
        "tried_already": "Attendance meetings in school.",
        "family_view": "Mum would like help with routines.",
        "significant_harm": False,
        "consent_to_request": True,
        "consent_to_share": True,
        "consent_given_by": "Kelly Brown (mother)",
        "consent_given_on": dt.date(2026, 11, 2),
        "needs": ["ATT", "PAR"],
        "people": [
            NewPerson(relationship=Relationship.CHILD, given_name="Chloe", family_name="Brown",
                      date_of_birth=dt.date(2015, 3, 14), gender="b", school="Fernhill Primary"),
            NewPerson(relationship=Relationship.PARENT, given_name="Kelly", family_name="Brown",
                      date_of_birth=dt.date(1990, 7, 1), gender="b"),
        ],
    }
    values.update(overrides)
    return NewRequest(**values)


def submitted(
    cast: Cast, by: User | None = None, received_at: dt.datetime | None = None, **overrides: Any
) -> RequestForSupport:
    """A request made online through the front door's own action (by the school's referrer
    unless `by` says otherwise); consent is dated the day it was received."""
    if received_at is not None:
        overrides.setdefault("consent_given_on", received_at.date())
    return submit_request(request_input(**overrides), by=cast.origin(by or cast.referrer),
                          channel=Channel.WEB, received_at=received_at)


def existing_family() -> tuple[Household, Person, Person]:
    """Chloe and Kelly Brown, already on record from an earlier contact."""
    household = Household.objects.create(address="12 Mill Lane, Fernhill", postcode="FH1 2AB")
    chloe = create_person(given_name="Chloe", family_name="Brown",
                          date_of_birth=dt.date(2015, 3, 14), gender="b",
                          address="12 Mill Lane, Fernhill", postcode="FH1 2AB",
                          nhs_number="9434765919")
    kelly = create_person(given_name="Kelly", family_name="Brown",
                          date_of_birth=dt.date(1990, 7, 1), gender="b",
                          address="12 Mill Lane, Fernhill", postcode="FH1 2AB")
    add_member(household, chloe, Relationship.CHILD)
    add_member(household, kelly, Relationship.PARENT)
    return household, chloe, kelly


def decided_family(cast: Cast, *, outcome: int = 3, level: int | None = None,
                   **overrides: Any) -> RequestForSupport:
    """Chloe and Kelly's request, matched to new records and decided by the duty manager."""
    request = submitted(cast, **overrides)
    for named in request.people.all():
        create_person_from(named, by=cast.origin(cast.front_door))
    level = level or {1: 1, 2: 2, 3: 3, 4: 4}[outcome]
    return decide_request(
        request, level=level, outcome=outcome, reason="Decided in a test.",
        level_differs_reason="Differs in a test.", by=cast.origin(cast.duty_manager),
    )


def awaiting_episode(cast: Cast, **overrides: Any) -> Episode:
    """An intensive family support episode (outcome 3) for Chloe and Kelly, not yet allocated."""
    return Episode.objects.get(opened_by=decided_family(cast, **overrides))


def allocated_episode(cast: Cast, **overrides: Any) -> Episode:
    """Chloe and Kelly's episode allocated by the team manager to the practitioner (team EHN)."""
    episode = awaiting_episode(cast, **overrides)
    allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    return episode
