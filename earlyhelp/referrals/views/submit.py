"""Making a request for support, and the referrer's own requests."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from earlyhelp.access import rules
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.http import origin_of
from earlyhelp.council.config import current
from earlyhelp.referrals import queries
from earlyhelp.referrals.actions import submit_request
from earlyhelp.referrals.forms.request import (
    RequestSubmission,
    SignificantHarmQuestion,
    referrer_initial,
)
from earlyhelp.referrals.models import Channel

View = Callable[..., HttpResponse]


def submitter_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not rules.can_submit_requests(request.user):
            raise PermissionDenied("Your role cannot make requests for support.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _channel(request: HttpRequest) -> Channel:
    # The front door typing up a call records the caller as the referrer.
    return Channel.PHONE if rules.takes_phone_requests(request.user) else Channel.WEB


@submitter_only
def start(request: HttpRequest) -> HttpResponse:
    form = SignificantHarmQuestion(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("referrals:significant_harm" if form.answered_yes else "referrals:details")
    return render(request, "referrals/submit/start.html",
                  {"form": form, "errors": form.error_summary()})


def _request_page(request: HttpRequest, *, significant_harm: bool, template: str) -> HttpResponse:
    channel = _channel(request)
    if request.method == "POST":
        page = RequestSubmission(request.POST, significant_harm=significant_harm,
                                 add_person="add_person" in request.POST)
        if "add_person" not in request.POST and page.is_valid():
            try:
                created = submit_request(page.new_request(), by=origin_of(request),
                                         channel=channel)
            except InvalidInput as exc:
                page.show_problems(exc.problems)
            else:
                return redirect("referrals:submitted", reference=created.reference)
    else:
        initial = referrer_initial(request.user) if channel == Channel.WEB else {}
        page = RequestSubmission(significant_harm=significant_harm, initial=initial)
    return render(request, template, {
        "page": page, "form": page.form, "people": page.people,
        "errors": page.error_summary(), "by_phone": channel == Channel.PHONE,
        "offers_step_down": rules.can_refer_step_down(request.user),
        "contact": current().council,
    })


@submitter_only
def details(request: HttpRequest) -> HttpResponse:
    return _request_page(request, significant_harm=False,
                         template="referrals/submit/details.html")


@submitter_only
def significant_harm(request: HttpRequest) -> HttpResponse:
    return _request_page(request, significant_harm=True,
                         template="referrals/submit/significant_harm.html")


@submitter_only
def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    made = queries.my_request(request.user, reference, by=origin_of(request))
    config = current()
    return render(request, "referrals/submit/submitted.html", {
        "made": made, "contact": config.council,
        "decision_days": config.timescales.decision_working_days,
    })


@submitter_only
def mine(request: HttpRequest) -> HttpResponse:
    page = queries.my_requests(request.user, request.GET.get("page"), by=origin_of(request))
    return render(request, "referrals/submit/mine.html", {"page": page})


@submitter_only
def mine_detail(request: HttpRequest, reference: str) -> HttpResponse:
    made = queries.my_request(request.user, reference, by=origin_of(request))
    labels = dict(current().need_choices())
    return render(request, "referrals/submit/mine_detail.html", {
        "made": made, "needs": [labels.get(n.code, n.code) for n in made.needs.all()],
    })
