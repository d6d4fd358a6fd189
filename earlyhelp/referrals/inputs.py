"""A request for support as the web form and the API both hand it to the front door, and the
checks on it that both share, so the two give the same reasons for the same mistakes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from earlyhelp.council.config import CouncilConfig, current
from earlyhelp.people import identifiers
from earlyhelp.people.models import Ethnicity, Gender, Relationship


@dataclass
class NewPerson:
    relationship: str
    family_name: str
    given_name: str = ""
    date_of_birth: dt.date | None = None
    expected_due_date: dt.date | None = None
    gender: str = Gender.NOT_STATED
    ethnicity: str = Ethnicity.NOBT
    nhs_number: str = ""
    upn: str = ""
    school: str = ""


@dataclass
class NewRequest:
    referrer_name: str
    referrer_email: str
    referrer_agency: str
    concerns: str
    significant_harm: bool
    consent_to_request: bool | None
    consent_to_share: bool | None
    people: list[NewPerson] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    referrer_role: str = ""
    referrer_phone: str = ""
    address: str = ""
    postcode: str = ""
    ward: str = ""
    tried_already: str = ""
    family_view: str = ""
    consent_given_by: str = ""
    consent_given_on: dt.date | None = None
    # A step-down: children's social care hands a closing case to early help, with its history.
    step_down: bool = False
    social_care_reference: str = ""
    social_care_history: str = ""


# The longest each stored text may be; longer input is refused with a reason rather than
# failing at the database (which PostgreSQL, unlike SQLite, enforces).
_REQUEST_LIMITS = {
    "referrer_name": ("Your name", 200),
    "referrer_role": ("Your role", 200),
    "referrer_email": ("Your email address", 254),
    "referrer_phone": ("Your phone number", 40),
    "address": ("The address", 300),
    "consent_given_by": ("Who gave consent", 200),
    "social_care_reference": ("The social care reference", 50),
}
_PERSON_LIMITS = {
    "given_name": ("Given name", 100),
    "family_name": ("Family name", 100),
    "school": ("School", 200),
}


def _too_long(item: object, limits: dict[str, tuple[str, int]], prefix: str) -> dict[str, str]:
    return {
        f"{prefix}{name}": f"{label} must be {limit} characters or fewer"
        for name, (label, limit) in limits.items()
        if len(getattr(item, name).strip()) > limit
    }


def _person_problems(person: NewPerson, prefix: str, today: dt.date) -> dict[str, str]:
    problems: dict[str, str] = _too_long(person, _PERSON_LIMITS, f"{prefix}.")
    if not person.family_name.strip():
        problems[f"{prefix}.family_name"] = "Enter the person's family name"
    if person.relationship not in Relationship.values:
        problems[f"{prefix}.relationship"] = "Choose how the person is related to the family"
    if person.gender not in Gender.values:
        problems[f"{prefix}.gender"] = "Choose a gender from the list"
    if person.ethnicity not in Ethnicity.values:
        problems[f"{prefix}.ethnicity"] = "Choose an ethnicity from the list"
    if person.date_of_birth and person.expected_due_date:
        problems[f"{prefix}.expected_due_date"] = (
            "Give a date of birth or an expected due date, not both"
        )
    if person.relationship == Relationship.UNBORN:
        if person.expected_due_date is None:
            problems[f"{prefix}.expected_due_date"] = "Enter the expected due date"
        elif person.expected_due_date < today - dt.timedelta(days=28):
            problems[f"{prefix}.expected_due_date"] = (
                "The expected due date has passed: enter the child's date of birth instead"
            )
        elif person.expected_due_date > today + dt.timedelta(weeks=43):
            problems[f"{prefix}.expected_due_date"] = (
                "The expected due date must be within the next 10 months"
            )
    elif person.relationship == Relationship.CHILD and person.date_of_birth is None:
        problems[f"{prefix}.date_of_birth"] = "Enter the child's date of birth"
    if person.date_of_birth and person.date_of_birth > today:
        problems[f"{prefix}.date_of_birth"] = "Date of birth must be today or in the past"
    if person.nhs_number and not identifiers.nhs_number_is_valid(person.nhs_number):
        problems[f"{prefix}.nhs_number"] = (
            "Enter a valid NHS number: 10 digits, the last a check digit"
        )
    if person.upn and not identifiers.upn_is_valid(person.upn):
        problems[f"{prefix}.upn"] = (
            "Enter a valid Unique Pupil Number: 13 characters starting with its check letter"
        )
    return problems


def _step_down_problems(new: NewRequest, config: CouncilConfig) -> dict[str, str]:
    """A step-down comes from children's social care and brings its reference and history."""
    found: dict[str, str] = {}
    kinds = {a.code: a.kind for a in config.agencies}
    if new.referrer_agency in kinds and kinds[new.referrer_agency] != "social_care":
        found["step_down"] = (
            "A step-down comes from children's social care: the referrer's agency must be "
            "children's social care"
        )
    if not new.social_care_reference.strip():
        found["social_care_reference"] = "Enter the social care reference of the case"
    if not new.social_care_history.strip():
        found["social_care_history"] = (
            "Describe the family's social care history: the involvement, the plan and why it "
            "is stepping down"
        )
    return found


def problems(new: NewRequest, today: dt.date) -> dict[str, str]:
    """Every reason the request cannot be accepted, keyed by field ({} when it can)."""
    config = current()
    found: dict[str, str] = {}
    if not new.referrer_name.strip():
        found["referrer_name"] = "Enter your name"
    try:
        EmailValidator()(new.referrer_email)
    except ValidationError:
        found["referrer_email"] = (
            "Enter an email address in the right format, like name@example.org"
        )
    if new.referrer_agency not in {a.code for a in config.agencies}:
        found["referrer_agency"] = "Choose your agency from the list"
    if new.postcode and not identifiers.postcode_is_valid(new.postcode):
        found["postcode"] = "Enter a real UK postcode, like AA1 1AA"
    if new.ward and new.ward not in {w.code for w in config.wards}:
        found["ward"] = "Choose a ward from the list"
    if not new.concerns.strip():
        found["concerns"] = "Describe what you are worried about"
    unknown = [code for code in new.needs if config.need(code) is None]
    if unknown:
        found["needs"] = f"Unknown need codes: {', '.join(unknown)}"
    elif not new.needs and not new.significant_harm:
        found["needs"] = "Choose at least one presenting need"
    if new.consent_to_request is None:
        found["consent_to_request"] = "Say whether the family agrees to this request"
    if new.consent_to_share is None:
        found["consent_to_share"] = "Say whether the family agrees to information being shared"
    if new.consent_to_request:
        if not new.consent_given_by.strip():
            found["consent_given_by"] = "Enter who gave consent"
        if new.consent_given_on is None:
            found["consent_given_on"] = "Enter the date consent was given"
        elif new.consent_given_on > today:
            found["consent_given_on"] = "The date consent was given must be today or in the past"
    if new.step_down:
        found.update(_step_down_problems(new, config))
    for name, reason in _too_long(new, _REQUEST_LIMITS, "").items():
        found.setdefault(name, reason)
    if not any(p.relationship in (Relationship.CHILD, Relationship.UNBORN) for p in new.people):
        found["people"] = "Name at least one child or unborn child"
    for index, person in enumerate(new.people):
        found.update(_person_problems(person, f"people[{index}]", today))
    return found
