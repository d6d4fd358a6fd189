"""The words of the messages the front door sends. They carry a reference, never a family's
details: email is not a safe place for them, so the reader logs in to see more."""

from __future__ import annotations

from django.utils import timezone

from earlyhelp.council.config import current
from earlyhelp.referrals.models import RequestForSupport
from earlyhelp.referrals.workflow import Status


def acknowledgement(request: RequestForSupport) -> dict[str, str]:
    config = current()
    due = timezone.localtime(request.decision_due_at).strftime("%-d %B %Y")
    return {
        "subject": f"Request for support {request.reference} received",
        "body": (
            f"Thank you. {config.council.name} {config.council.service_name} received your "
            f"request for support {request.reference}.\n\nA duty manager will decide what help "
            f"fits by {due}, and we will tell you. Sign in to earlyhelp to see its status.\n"
        ),
    }


def routed_to_social_care(request: RequestForSupport) -> dict[str, str]:
    council = current().council
    return {
        "subject": f"Request {request.reference} sent to children's social care",
        "body": (
            f"You told us a child may be at risk of significant harm, so request "
            f"{request.reference} has been sent straight to the social care front door.\n\n"
            f"If a child is in immediate danger call 999. To speak to the social care front "
            f"door call {council.social_care_front_door_phone} (out of hours "
            f"{council.social_care_out_of_hours_phone}).\n"
        ),
    }


def to_social_care(request: RequestForSupport) -> dict[str, str]:
    return {
        "subject": f"URGENT: significant harm concern {request.reference}",
        "body": (
            f"A request for support reporting a significant-harm concern was received at "
            f"{timezone.localtime(request.received_at):%d/%m/%Y %H:%M}. Sign in to earlyhelp "
            f"and open {request.reference} for the details.\n"
        ),
    }


def stepped_up(request: RequestForSupport) -> dict[str, str]:
    return {
        "subject": f"Step-up to children's social care: {request.reference}",
        "body": (
            f"The early help duty manager has decided that request {request.reference} needs "
            f"children's social care. Sign in to earlyhelp and open {request.reference} for the "
            f"details and the reason.\n"
        ),
    }


def decision(request: RequestForSupport) -> dict[str, str]:
    if request.status == Status.NO_FURTHER_ACTION:
        what = "no further action"
    else:
        what = request.get_outcome_display().lower()
    return {
        "subject": f"Decision on request for support {request.reference}",
        "body": (
            f"A duty manager has decided request {request.reference}: {what}. Sign in to "
            f"earlyhelp to see the decision.\n"
        ),
    }
