"""The partner API for requests for support: make one, list your own, see the decision on one."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, overload

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict
from pydantic import ValidationError as TypeErrors

from earlyhelp.access.models import Role
from earlyhelp.access.rules import role_of
from earlyhelp.audit.actions import Origin
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import TokenHttpRequest
from earlyhelp.people.models import Ethnicity, Gender, Relationship
from earlyhelp.referrals import idempotency, queries
from earlyhelp.referrals.actions import submit_request
from earlyhelp.referrals.inputs import NewPerson, NewRequest, problems
from earlyhelp.referrals.models import (
    Channel,
    Level,
    NoFurtherActionReason,
    Outcome,
    RequestForSupport,
)
from earlyhelp.referrals.workflow import Status

router = Router(tags=["Requests for support"])

IDEMPOTENCY_HEADER = "Idempotency-Key"
api_content_type = "application/json; charset=utf-8"
REPLAYED_HEADER = "Idempotent-Replayed"


def _enum(choices: Any) -> dict[str, Any]:
    """Document the allowed codes while leaving the check, and its wording, to the front door."""
    return {"enum": list(choices.values)}


def _required(*names: str) -> Any:
    # Missing fields are refused by the front door's checks, in its words, rather than by the
    # schema; the document still says which fields a request must have.
    def add(schema: dict[str, Any]) -> None:
        schema["required"] = list(names)
        for name in names:
            schema["properties"][name].pop("default", None)
    return add


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_required(
        "relationship", "family_name"))

    relationship: str = Field(
        "", description="How the person belongs to the family. Name at least one `child` or "
        "`unborn` child.", examples=["child"], json_schema_extra=_enum(Relationship))
    family_name: str = Field("", description="Family name (surname).", examples=["Brown"])
    given_name: str = Field("", description="Given name.", examples=["Chloe"])
    date_of_birth: dt.date | None = Field(
        None, description="Date of birth, ISO 8601 (YYYY-MM-DD). Required for a child.",
        examples=["2015-03-14"])
    expected_due_date: dt.date | None = Field(
        None, description="For an unborn child only: the expected due date, YYYY-MM-DD.",
        examples=[None])
    gender: str = Field(
        Gender.NOT_STATED, description="Ofsted Annex A gender code: a Male, b Female, "
        "c Not stated/recorded, d Neither.", examples=["b"], json_schema_extra=_enum(Gender))
    ethnicity: str = Field(
        Ethnicity.NOBT, description="DfE ethnicity code; NOBT when not yet obtained.",
        examples=["WBRI"], json_schema_extra=_enum(Ethnicity))
    nhs_number: str = Field(
        "", description="NHS number where known: 10 digits, spaces allowed.",
        examples=["943 476 5919"])
    upn: str = Field("", description="Unique Pupil Number where known: 13 characters.",
                     examples=[""])
    school: str = Field("", description="School or setting attended.",
                        examples=["Fernhill Primary"])


EXAMPLE_REQUEST = {
    "referrer_name": "Sam Taylor",
    "referrer_role": "Designated safeguarding lead",
    "referrer_email": "sam.taylor@school.example.org",
    "address": "12 Mill Lane, Fernhill",
    "postcode": "FH1 2AB",
    "concerns": "Attendance has fallen to 70% this term and mum says she is struggling.",
    "tried_already": "Attendance meetings in school.",
    "family_view": "Mum would like help with routines.",
    "significant_harm": False,
    "consent_to_request": True,
    "consent_to_share": True,
    "consent_given_by": "Kelly Brown (mother)",
    "consent_given_on": "2026-11-02",
    "needs": ["ATT", "PAR"],
    "people": [
        {"relationship": "child", "given_name": "Chloe", "family_name": "Brown",
         "date_of_birth": "2015-03-14", "gender": "b", "school": "Fernhill Primary"},
        {"relationship": "parent", "given_name": "Kelly", "family_name": "Brown",
         "date_of_birth": "1990-07-01", "gender": "b"},
    ],
}


def _request_schema_extra(schema: dict[str, Any]) -> None:
    _required("concerns", "significant_harm", "consent_to_request", "consent_to_share",
              "needs", "people")(schema)
    schema["examples"] = [EXAMPLE_REQUEST]


class RequestIn(Schema):
    """A request for support. Fields left out take the defaults shown; the referrer's details
    default to the account the token belongs to."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_request_schema_extra)

    referrer_name: str | None = Field(
        None, description="The professional making the request. Defaults to the token's user.",
        examples=["Sam Taylor"])
    referrer_role: str | None = Field(
        None, description="Their job title. Defaults to the token's user's.",
        examples=["Designated safeguarding lead"])
    referrer_email: str | None = Field(
        None, description="Where the acknowledgement and decision are sent. Defaults to the "
        "token's user's email.", examples=["sam.taylor@school.example.org"])
    referrer_phone: str | None = Field(None, description="A phone number for the referrer.")
    referrer_agency: str | None = Field(
        None, description="The referrer's agency code from the council's list. Defaults to the "
        "token's user's agency.", examples=["SCH"])
    address: str = Field("", description="The family's address.",
                         examples=["12 Mill Lane, Fernhill"])
    postcode: str = Field("", description="The family's UK postcode.", examples=["FH1 2AB"])
    ward: str = Field("", description="Ward code (ONS), if known.", examples=[""])
    concerns: str = Field("", description="What worries you, in your own words.")
    tried_already: str = Field("", description="What has been tried already.")
    family_view: str = Field("", description="The family's own view.")
    significant_harm: bool | None = Field(
        None, description="true if a child is or may be at risk of significant harm. Such a "
        "request is not early help: it is recorded and sent at once to children's social care "
        "(status `social_care`). If a child is in immediate danger call 999.",
        examples=[False])
    consent_to_request: bool | None = Field(
        None, description="Does the family agree to this request?", examples=[True])
    consent_to_share: bool | None = Field(
        None, description="Does the family agree to information being shared between agencies?",
        examples=[True])
    consent_given_by: str = Field(
        "", description="Who gave consent. Required when consent_to_request is true.",
        examples=["Kelly Brown (mother)"])
    consent_given_on: dt.date | None = Field(
        None, description="When consent was given, YYYY-MM-DD. Required when "
        "consent_to_request is true.", examples=["2026-11-02"])
    needs: list[str] = Field(
        default_factory=list, description="Presenting need codes from the council's list. At "
        "least one, unless significant_harm is true.", examples=[["ATT", "PAR"]])
    people: list[PersonIn] = Field(
        default_factory=list, description="The children and adults in the family; at least "
        "one child or unborn child.")
    step_down: bool = Field(
        False, description="true for a step-down: children's social care handing a closing "
        "case (child in need, say) to early help. The referrer's agency must then be children's "
        "social care, and `social_care_reference` and `social_care_history` are required.",
        examples=[False])
    social_care_reference: str = Field(
        "", description="For a step-down: the case's reference in children's social care, at "
        "most 50 characters.", examples=[""])
    social_care_history: str = Field(
        "", description="For a step-down, required: the social care history the family brings "
        "(the involvement, the plan, why it is stepping down).", examples=[""])


class Links(Schema):
    self: str = Field(description="Where to read this request's status and decision.")


class Created(Schema):
    reference: str = Field(description="The request's reference; quote it to the front door.",
                           examples=["RFS-0000042"])
    status: str = Field(description="`received` (awaiting decision) or `social_care`.",
                        json_schema_extra=_enum(Status))
    received_at: dt.datetime
    acknowledgement_due_at: dt.datetime
    decision_due_at: dt.datetime = Field(
        description="When the decision is due: two working days after receipt by default.")
    suggested_level: int = Field(
        description="The level of need suggested from the needs given (1 to 4); the duty "
        "manager decides.", ge=1, le=4)
    links: Links


class Coded(Schema):
    code: int | str
    label: str


class RequestOut(Schema):
    reference: str = Field(examples=["RFS-0000042"])
    status: str = Field(json_schema_extra=_enum(Status))
    status_label: str = Field(examples=["Awaiting decision"])
    received_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledgement_due_at: dt.datetime
    decision_due_at: dt.datetime
    suggested_level: int
    level: Coded | None = Field(description="The level of need decided, once decided.")
    outcome: Coded | None = Field(description="The outcome decided, once decided.")
    no_further_action_reason: Coded | None = Field(
        description="Why no further action, when that was the decision.")
    decided_at: dt.datetime | None
    links: Links


class RequestPage(Schema):
    count: int = Field(description="How many requests you have made in all.")
    page: int
    page_size: int
    next: str | None = Field(description="The next page, or null on the last.")
    previous: str | None
    items: list[RequestOut]


class FieldError(Schema):
    field: str = Field(examples=["people[0].nhs_number"])
    message: str = Field(
        examples=["Enter a valid NHS number: 10 digits, the last a check digit"])


class Problems(Schema):
    detail: str = Field(examples=["The request has problems"])
    errors: list[FieldError]


class Message(Schema):
    detail: str


def origin_of(request: TokenHttpRequest) -> Origin:
    return Origin(user=request.auth, ip_address=request.META.get("REMOTE_ADDR", ""))


def to_new_request(payload: RequestIn, user: Any) -> NewRequest:
    """The front door's own input, with the referrer's details defaulted from the account."""
    data = payload.model_dump(exclude={"people"})
    defaults = {
        "referrer_name": user.get_full_name(),
        "referrer_role": user.job_title,
        "referrer_email": user.email,
        "referrer_phone": user.phone,
        "referrer_agency": user.agency.code if user.agency_id else "",
    }
    for name, default in defaults.items():
        if data[name] is None:
            data[name] = default
    data["significant_harm"] = bool(data["significant_harm"])
    return NewRequest(**data, people=[NewPerson(**p.model_dump()) for p in payload.people])


OWN_AGENCY_ONLY = "You can only make requests for your own agency"


def shape_problems(payload: RequestIn, user: Any) -> dict[str, str]:
    """What the request's shape leaves unsaid that the front door's checks cannot see, and
    a partner's system speaking for an agency other than its own."""
    found: dict[str, str] = {}
    if payload.significant_harm is None:
        found["significant_harm"] = ("Say whether a child is or may be at risk of significant "
                                     "harm (true or false)")
    # A partner's token speaks for its own agency only; the council's own staff may record a
    # request on a partner's behalf.
    own = user.agency.code if user.agency_id else ""
    if (role_of(user) == Role.REFERRER and payload.referrer_agency is not None
            and payload.referrer_agency != own):
        found["referrer_agency"] = OWN_AGENCY_ONLY
    return found


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at `loc` so its default stands in; False if that cannot be done."""
    for step in loc[:-1]:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return False
    if not loc or not isinstance(loc[-1], str) or not isinstance(data, dict):
        return False
    data.pop(loc[-1], None)
    return True


def problems_beside(request: TokenHttpRequest, faulty: list[tuple[Any, ...]]) -> dict[str, str]:
    """The front door's problems with the rest of a body that has type errors, so that one
    answer names every field at fault. Empty when the rest cannot be read."""
    try:
        raw = json.loads(request.body)
    except ValueError:
        return {}
    if not isinstance(raw, dict) or not all(_drop(raw, loc) for loc in faulty):
        return {}
    try:
        payload = RequestIn.model_validate(raw)
    except TypeErrors:
        return {}
    new = to_new_request(payload, request.auth)
    return problems(new, timezone.localdate()) | shape_problems(payload, request.auth)


@overload
def utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def utc(moment: None) -> None: ...
def utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Every time the API gives is in UTC, whatever zone it was worked out in."""
    return moment.astimezone(dt.UTC) if moment is not None else None


def _self_link(request: RequestForSupport) -> Links:
    return Links(self=reverse("api:request_detail", kwargs={"reference": request.reference}))


def created_body(request: RequestForSupport) -> dict[str, Any]:
    """The 201 answer as plain JSON, stored for replays. It is encoded as every other answer is
    (times to the millisecond), so a replay and a later read show the same times."""
    return json.loads(json.dumps(Created(
        reference=request.reference, status=request.status,
        received_at=utc(request.received_at),
        acknowledgement_due_at=utc(request.acknowledgement_due_at),
        decision_due_at=utc(request.decision_due_at), suggested_level=request.suggested_level,
        links=_self_link(request),
    ).model_dump(), cls=DjangoJSONEncoder))


def _coded(choices: Any, value: Any) -> Coded | None:
    if value in (None, ""):
        return None
    return Coded(code=value, label=str(choices(value).label))


def request_out(request: RequestForSupport) -> RequestOut:
    return RequestOut(
        reference=request.reference, status=request.status,
        status_label=str(Status(request.status).label), received_at=utc(request.received_at),
        acknowledged_at=utc(request.acknowledged_at),
        acknowledgement_due_at=utc(request.acknowledgement_due_at),
        decision_due_at=utc(request.decision_due_at), suggested_level=request.suggested_level,
        level=_coded(Level, request.level), outcome=_coded(Outcome, request.outcome),
        no_further_action_reason=_coded(NoFurtherActionReason,
                                        request.no_further_action_reason),
        decided_at=utc(request.decided_at), links=_self_link(request),
    )


def _create(payload: RequestIn, request: TokenHttpRequest) -> tuple[int, dict[str, Any]]:
    by = origin_of(request)
    new = to_new_request(payload, by.user)
    found = shape_problems(payload, by.user)
    if found:
        # One answer names every field at fault, the front door's own checks included.
        raise InvalidInput(problems(new, timezone.localdate()) | found)
    created = submit_request(new, by=by, channel=Channel.API)
    return 201, created_body(created)


def _json_response(status_code: int, body: dict[str, Any], replayed: bool) -> JsonResponse:
    if status_code == 201:
        # PostgreSQL's jsonb keeps keys in its own order: put them back in the schema's, so a
        # replay is byte for byte the first answer.
        body = {name: body[name] for name in Created.model_fields if name in body}
    response = JsonResponse(body, status=status_code, content_type=api_content_type)
    if status_code == 201:
        response["Location"] = body["links"]["self"]
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response


@router.post(
    "", url_name="requests",
    response={201: Created, 401: Message, 403: Message, 409: Message, 422: Problems},
    summary="Make a request for support",
    openapi_extra={"parameters": [{
        "in": "header", "name": IDEMPOTENCY_HEADER, "required": False,
        "schema": {"type": "string", "maxLength": idempotency.MAX_KEY_LENGTH},
        "description": "Recommended. A unique value (a UUID, say) for this request. If the "
        "call fails or times out, send it again with the same key and body: you get the first "
        "answer back (with the header `Idempotent-Replayed: true`) and no second request is "
        "made. Reusing a key with a different body is refused with 409.",
    }]},
)
def create_request(request: TokenHttpRequest, payload: RequestIn) -> JsonResponse:
    """Accept a request for support from a partner's system. Every problem with the body is
    listed in one 422 answer, each with its field and reason; nothing is stored until all are
    put right. A request reporting significant harm is sent at once to children's social care.
    """
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        status_code, body = _create(payload, request)
        return _json_response(status_code, body, replayed=False)
    if len(key) > idempotency.MAX_KEY_LENGTH:
        raise InvalidInput(
            {IDEMPOTENCY_HEADER: f"Use a key of at most {idempotency.MAX_KEY_LENGTH} characters"}
        )
    try:
        sent = json.loads(request.body)
    except ValueError:
        sent = payload.model_dump(mode="json")
    try:
        answer = idempotency.once(
            request.auth, key, idempotency.fingerprint(sent), lambda: _create(payload, request)
        )
    except idempotency.KeyReused as exc:
        raise HttpError(409, str(exc)) from exc
    return _json_response(answer.status_code, answer.body, answer.replayed)


@router.get("", response={200: RequestPage, 401: Message}, summary="List your requests")
def list_requests(
    request: TokenHttpRequest, page: int = Query(1, ge=1, description="Page number, from 1."),
) -> RequestPage:
    """The requests you have made, newest first, a page of 50 at a time, each with its status
    and any decision. A page past the last gives the last."""
    shown = queries.my_requests(request.auth, page, by=origin_of(request))
    base = reverse("api:requests")
    return RequestPage(
        count=shown.paginator.count, page=shown.number, page_size=shown.paginator.per_page,
        next=f"{base}?page={shown.next_page_number()}" if shown.has_next() else None,
        previous=(
            f"{base}?page={shown.previous_page_number()}" if shown.has_previous() else None
        ),
        items=[request_out(r) for r in shown.object_list],
    )


@router.get(
    "/{reference}", url_name="request_detail",
    response={200: RequestOut, 401: Message, 404: Message},
    summary="The status and decision of one of your requests",
)
def get_request(request: TokenHttpRequest, reference: str) -> RequestOut:
    """One request you made: its status, and once decided the level of need, the outcome and
    when. A request you did not make is 404, the same as one that does not exist."""
    return request_out(queries.my_request(request.auth, reference, by=origin_of(request)))
