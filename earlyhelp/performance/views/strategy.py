"""Performance pages: the strategy action plan, its actions and their history of status."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.access import rules
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.performance.actions import strategy as actions
from earlyhelp.performance.forms.strategy import ActionForm, EditForm, StatusForm, ThemeForm
from earlyhelp.performance.queries import strategy as queries
from earlyhelp.performance.workflow import Brag

View = Callable[..., HttpResponse]


def viewers(view: View) -> View:
    """Signed in, and one of those who see the service's figures."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not rules.sees_performance(request.user):
            raise PermissionDenied("Only those who answer for the service's performance can "
                                   "see the strategy action plan.")
        return view(request, *args, **kwargs)

    return login_required(page)


def keepers(view: View) -> View:
    """Signed in, and the one who keeps the plan: the strategic lead."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actions.check_manages(request.user)
        return view(request, *args, **kwargs)

    return login_required(page)


def _filters(request: HttpRequest) -> queries.Filters:
    """The status and theme chosen; anything else is ignored, not an error."""
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    return queries.Filters(status=status if status in Brag.values else "",
                           theme=int(theme) if theme.isdigit() else None)


@viewers
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    return render(request, "performance/strategy/plan.html", {
        "summary": queries.summary(), "groups": queries.plan(filters),
        "themes": queries.themes(), "filters": filters, "statuses": Brag.choices,
        "can_manage": rules.can_manage_strategy(request.user),
    })


@viewers
@require_GET
def action(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "performance/strategy/action.html", {
        "page": queries.action_page(pk),
        "can_manage": rules.can_manage_strategy(request.user),
    })


@keepers
@require_http_methods(["GET", "POST"])
def theme_new(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        try:
            added = actions.add_theme(form.title_typed(), by=origin_of(request))
            messages.success(request, f"Theme added: {added.title}")
            return redirect("performance:strategy")
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    return form_page(request, "performance/strategy/theme_new.html", {"form": form}, form)


@keepers
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest) -> HttpResponse:
    themes = queries.themes()
    chosen = request.GET.get("theme", "")
    form = ActionForm(request.POST or None, themes=themes, initial={"theme": chosen})
    if request.method == "POST":
        valid = form.is_valid()
        try:
            if not valid:
                # One answer names every field at fault, the action's own reasons included.
                raise InvalidInput(actions.action_problems(**form.values()))
            added = actions.add_action(by=origin_of(request), **form.values())
            messages.success(request, f"Action {added.number} added")
            return redirect("performance:strategy_action", pk=added.pk)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    return form_page(request, "performance/strategy/action_new.html",
                     {"form": form, "has_themes": bool(themes)}, form)


@keepers
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.action(pk)
    form = EditForm(request.POST or None, initial=EditForm.initial_for(found))
    stale, status = "", 200
    if request.method == "POST":
        valid = form.is_valid()
        try:
            if not valid:
                raise InvalidInput(actions.action_problems(check_theme=False, **form.values()))
            saved = actions.edit_action(found, version=form.seen_version(),
                                        by=origin_of(request), **form.values())
            messages.success(request, f"Action {saved.number} saved")
            return redirect("performance:strategy_action", pk=pk)
        except actions.StaleVersion as exc:
            # Show what it says now, and keep what this user typed so they can apply it again
            # on top of the newer version, knowingly.
            stale, status, found = str(exc), 409, exc.current
            form = _resubmitted(EditForm, request, found.version)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    errors = form.error_summary()
    return render(request, "performance/strategy/action_edit.html", {
        "action": found, "form": form, "errors": errors, "stale": stale,
    }, status=422 if errors and not stale else status)


@keepers
@require_http_methods(["GET", "POST"])
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.action_page(pk)
    form = StatusForm(request.POST or None, initial={"version": page.action.version})
    stale, status = "", 200
    if request.method == "POST":
        form.is_valid()
        try:
            saved = actions.change_status(page.action, version=form.seen_version(),
                                          by=origin_of(request), **form.values())
            messages.success(request, f"Action {saved.number} is now {saved.get_status_display()}"
                                      f" ({saved.status_description.lower()})")
            return redirect("performance:strategy_action", pk=pk)
        except actions.StaleVersion as exc:
            stale, status = str(exc), 409
            page = queries.action_page(pk)
            form = _resubmitted(StatusForm, request, exc.current.version)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    errors = form.error_summary()
    return render(request, "performance/strategy/action_status.html", {
        "page": page, "form": form, "errors": errors, "stale": stale,
    }, status=422 if errors and not stale else status)


def _resubmitted(form_class: Any, request: HttpRequest, version: int) -> Any:
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data)
    form.is_valid()
    return form


urlpatterns = [
    path("strategy/", plan, name="strategy"),
    path("strategy/themes/new/", theme_new, name="strategy_theme_new"),
    path("strategy/actions/new/", action_new, name="strategy_action_new"),
    path("strategy/actions/<int:pk>/", action, name="strategy_action"),
    path("strategy/actions/<int:pk>/edit/", action_edit, name="strategy_action_edit"),
    path("strategy/actions/<int:pk>/status/", action_status, name="strategy_action_status"),
]
