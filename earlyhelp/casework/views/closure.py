"""Closing an episode, and keep-in-touch calls to signposted families."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_http_methods

from earlyhelp.casework.actions import closure as actions
from earlyhelp.casework.actions.keep_in_touch import record_call, take_calls
from earlyhelp.casework.forms.closure import CloseForm, KeepInTouchForm, ReturnClosureForm
from earlyhelp.casework.queries import closure as queries
from earlyhelp.casework.queries.common import header
from earlyhelp.casework.queries.keep_in_touch import keep_in_touch_for
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    page = queries.closing_page(request.user, pk, by=by if request.method == "GET" else None)
    needs = [result.need for result in page.needs]
    form = CloseForm(initial=CloseForm.initial_for(page.closure, needs), needs=needs)
    if request.method == "POST":
        form = CloseForm(request.POST, needs=needs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.request_closure(
                    page.episode, reason=data["reason"], summary=data["summary"],
                    needs_met=form.needs_met(), things_better=data["things_better"],
                    listened_to=data["listened_to"], family_comment=data["family_comment"],
                    by=by,
                )
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(request, "The closure was sent to the team manager to sign "
                                          "off.")
                return redirect("casework:episode", pk=page.episode.pk)
    return form_page(request, "casework/closure/close.html", {
        "header": header(request.user, page.episode, "closure"),
        "page": page, "form": form,
    }, form)


@casework_page
@require_http_methods(["GET", "POST"])
def closure_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    page = queries.sign_off_page(request.user, pk, by=by if request.method == "GET" else None)
    form = ReturnClosureForm()
    if request.method == "POST":
        if request.POST.get("kind") == "return":
            form = ReturnClosureForm(request.POST)
            if form.is_valid():
                try:
                    actions.return_closure(page.episode,
                                           reason=form.cleaned_data["returned_reason"], by=by)
                except InvalidInput as exc:
                    form.add_problems(exc.problems)
                else:
                    messages.success(request, "The closure was returned to the worker.")
                    return redirect("casework:episode", pk=page.episode.pk)
        elif request.POST.get("kind") == "sign_off":
            actions.sign_off_closure(page.episode, by=by)
            messages.success(request, "The episode is closed.")
            return redirect("casework:episode", pk=page.episode.pk)
        else:
            # Closing a family is never what an unrecognised form means.
            return HttpResponseBadRequest("Choose to sign the closure off or to return it.")
    return form_page(request, "casework/closure/sign_off.html", {
        "header": header(request.user, page.episode, "closure"),
        "page": page, "form": form,
    }, form)


@casework_page
@require_http_methods(["GET", "POST"])
def keep_in_touch(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    page = keep_in_touch_for(request.user, pk, by=by if request.method == "GET" else None)
    form = KeepInTouchForm()
    if request.method == "POST" and request.POST.get("kind") == "take":
        taken = take_calls(page.task, by=by)
        messages.success(request, f"You will make {'this call' if taken == 1 else 'these calls'}:"
                                  " your name is against them on the work lists.")
        return redirect("casework:keep_in_touch", pk=page.task.pk)
    if request.method == "POST":
        form = KeepInTouchForm(request.POST)
        if form.is_valid():
            more_help = form.more_help_answer()
            try:
                record_call(page.task, outcome=form.cleaned_data["outcome"],
                            more_help=more_help, by=by)
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            else:
                if more_help:
                    messages.success(request, "The call was recorded. Make a new request for "
                                              "support for the help the family needs.")
                    return redirect("referrals:start")
                messages.success(request, "The call was recorded.")
                return redirect("casework:keep_in_touch", pk=page.task.pk)
    return form_page(request, "casework/closure/keep_in_touch.html", {
        "page": page, "form": form,
    }, form)


urlpatterns = [
    path("episodes/<int:pk>/close/", close, name="close"),
    path("episodes/<int:pk>/close/sign-off/", closure_sign_off, name="closure_sign_off"),
    path("keep-in-touch/<int:pk>/", keep_in_touch, name="keep_in_touch"),
]
