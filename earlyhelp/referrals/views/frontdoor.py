"""The front door's pages: the duty queue, a request with its family, matching, deciding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.access import rules
from earlyhelp.core.errors import InvalidInput, TransitionNotAllowed
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.council.config import current
from earlyhelp.referrals import actions, queries
from earlyhelp.referrals.forms.decision import DecisionForm, MatchForm, NoFurtherActionForm


def _conflict(request: HttpRequest, reference: str, reason: str) -> HttpResponse:
    return render(request, "referrals/frontdoor/conflict.html",
                  {"reference": reference, "reason": reason}, status=409)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", queries.QueueView.AWAITING)
    if view not in dict(queries.QueueView.choices):
        view = queries.QueueView.AWAITING
    page = queries.duty_queue(request.user, view, request.GET.get("page"),
                              by=origin_of(request))
    return render(request, "referrals/frontdoor/queue.html", {
        "page": page, "view": view, "views": queries.QueueView.choices,
    })


@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    found = queries.request_page(request.user, reference, by=origin_of(request))
    suggested = current().level(found.request.suggested_level)
    return render(request, "referrals/frontdoor/detail.html", {
        "page": found, "r": found.request, "suggested": suggested,
        "can_decide": rules.can_decide_requests(request.user) and found.is_open,
    })


@login_required
@require_POST
def match(request: HttpRequest, reference: str, named_id: int) -> HttpResponse:
    named = queries.named_person_for_front_door(request.user, reference, named_id)
    back = redirect("referrals:detail", reference=reference)
    form = MatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the buttons for a suggested record.")
        return back
    choice, by = form.cleaned_data["choice"], origin_of(request)
    try:
        if choice == MatchForm.NEW:
            person = actions.create_person_from(named, by=by)
            messages.success(request, f"A new record was created for {person}.")
            return back
        suggestion = queries.suggestion_for(request.user, named, form.cleaned_data["candidate"])
        if suggestion is None:
            messages.error(request, "That record is no longer suggested for this person.")
            return back
        if choice == MatchForm.CONFIRM:
            actions.confirm_match(named, suggestion.person, suggestion.score, by=by)
            messages.success(request, f"{named} is linked to the record of {suggestion.person}.")
        else:
            actions.reject_match(named, suggestion.person, suggestion.score, by=by)
            messages.success(request, f"{suggestion.person} was marked as not {named}.")
    except TransitionNotAllowed as exc:
        return _conflict(request, reference, str(exc))
    return back


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        found = queries.request_to_decide(request.user, reference)
    except TransitionNotAllowed as exc:
        return _conflict(request, reference, str(exc))
    form = DecisionForm()
    nfa_form = NoFurtherActionForm(prefix="nfa")
    if request.method == "POST":
        by = origin_of(request)
        try:
            if request.POST.get("kind") == "nfa":
                nfa_form = NoFurtherActionForm(request.POST, prefix="nfa")
                if nfa_form.is_valid():
                    actions.decide_no_further_action(
                        found, reason_code=nfa_form.cleaned_data["no_further_action_reason"],
                        reason=nfa_form.cleaned_data["reason"], by=by,
                    )
                    messages.success(request, f"{reference}: no further action. The referrer "
                                              "will be told.")
                    return redirect("referrals:queue")
            else:
                form = DecisionForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    decided = actions.decide_request(
                        found, level=data["level"], outcome=data["outcome"],
                        reason=data["reason"], outcome_detail=data["outcome_detail"],
                        level_differs_reason=data["level_differs_reason"], by=by,
                    )
                    messages.success(request, f"{reference} decided: level "
                                              f"{decided.get_level_display()}, "
                                              f"{decided.get_outcome_display().lower()}. The "
                                              "referrer will be told.")
                    return redirect("referrals:queue")
        except InvalidInput as exc:
            (nfa_form if request.POST.get("kind") == "nfa" else form).add_problems(exc.problems)
        except TransitionNotAllowed as exc:
            return _conflict(request, reference, str(exc))
    config = current()
    return form_page(request, "referrals/frontdoor/decide.html", {
        "r": found,
        "suggested": config.level(found.suggested_level),
        "form": form,
        "nfa_form": nfa_form,
        "unmatched": queries.has_unmatched_people(found),
    }, form, nfa_form)

