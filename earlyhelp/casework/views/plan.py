"""The family plan and its SMART actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from earlyhelp.casework.actions import plan as actions
from earlyhelp.casework.forms.plan import ActionForm, PartnerActionForm
from earlyhelp.casework.queries import common
from earlyhelp.casework.queries import plan as queries
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        # The only change made here is starting the plan.
        episode = common.episode_to_change(request.user, pk)
        started = actions.start_plan(episode, by=origin_of(request))
        messages.success(request, f"The family plan has started. The first review is due by "
                                  f"{started.episode.next_review_on:%-d %B %Y}.")
        return redirect("casework:plan", pk=pk)
    page = queries.plan_page(request.user, pk, by=origin_of(request))
    return render(request, "casework/plan/plan.html", {
        "header": common.header(request.user, page.episode, "plan"), "page": page,
    })


@casework_page
@require_http_methods(["GET", "POST"])
def plan_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    episode = queries.episode_for_new_action(
        request.user, pk, by=by if request.method == "GET" else None
    )
    choices = queries.action_choices(episode)
    form = ActionForm(request.POST or None, choices=choices)
    if request.method == "POST":
        valid = form.is_valid()
        try:
            if not valid:
                # One answer names every field at fault, the action's reasons included.
                raise InvalidInput(actions.problems(episode, form.values(), timezone.localdate()))
            added = actions.add_action(episode, form.values(), by=by)
            messages.success(request, f"Action added: {added.what}")
            return redirect("casework:plan", pk=pk)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    return form_page(request, "casework/plan/action_new.html", {
        "header": common.header(request.user, episode, "plan"), "form": form,
    }, form)


@casework_page
@require_http_methods(["GET", "POST"])
def plan_action(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    by = origin_of(request)
    page = queries.action_page(request.user, pk, action_id,
                               by=by if request.method == "GET" else None)
    choices = queries.action_choices(page.episode) if page.can_change_all else None

    def make_form(data: object = None) -> ActionForm | PartnerActionForm:
        if choices is not None:
            return ActionForm(data, initial=ActionForm.initial_for(page.action), choices=choices)
        return PartnerActionForm(data, initial=PartnerActionForm.initial_for(page.action))

    form = make_form()
    stale = ""
    status = 200
    if request.method == "POST":
        form = make_form(request.POST)
        valid = form.is_valid()
        try:
            if not valid and isinstance(form, ActionForm):
                raise InvalidInput(actions.problems(page.episode, form.values(),
                                                    timezone.localdate(), due_changed=False))
            if valid:
                changed = actions.update_action(
                    page.action, version=form.cleaned_data["version"], by=by, **form.changes()
                )
                messages.success(request, f"Action saved: {changed.what}")
                return redirect("casework:plan", pk=pk)
        except actions.StaleVersion as exc:
            # Show what it says now, and keep what this user typed so they can apply it again
            # on top of the newer version, knowingly.
            stale, status = str(exc), 409
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = make_form(data)
            form.is_valid()
            page = queries.refreshed(request.user, page)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    errors = form.error_summary()
    if errors and not stale:
        status = 422
    return render(request, "casework/plan/action.html", {
        "header": common.header(request.user, page.episode, "plan"), "page": page,
        "form": form, "full_form": isinstance(form, ActionForm), "errors": errors,
        "stale": stale,
    }, status=status)


urlpatterns = [
    path("episodes/<int:pk>/plan/", plan, name="plan"),
    path("episodes/<int:pk>/plan/actions/new/", plan_action_new, name="plan_action_new"),
    path("episodes/<int:pk>/plan/actions/<int:action_id>/", plan_action, name="plan_action"),
]
