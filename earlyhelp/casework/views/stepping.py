"""Step-up to social care, and the edge-of-care flag."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_http_methods

from earlyhelp.access import rules
from earlyhelp.casework.actions.stepping import set_edge_of_care
from earlyhelp.casework.actions.stepping import step_up as step_up_action
from earlyhelp.casework.forms.stepping import NOT_EDGE_OF_CARE, EdgeOfCareForm, StepUpForm
from earlyhelp.casework.queries import common
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    # A closed episode cannot be stepped up: the 409 page says so, for a look as for a post.
    episode = common.open_episode_for(request.user, pk, by=by, seen="step-up")
    form = StepUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            step_up_action(episode, reason=form.cleaned_data["reason"], by=by)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, f"{episode.reference} was stepped up to children's social "
                                      "care and closed. The social care front door has been "
                                      "told.")
            return redirect("casework:episode", pk=pk)
    return form_page(request, "casework/stepping/step_up.html", {
        "header": common.header(request.user, episode, "episode"),
        "may_step_up": rules.can_end_episode(request.user, episode),
        "form": form,
    }, form)


@casework_page
@require_http_methods(["GET", "POST"])
def edge_of_care(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    episode = common.episode_for(request.user, pk, by=by, seen="edge of care")
    if request.method == "POST":
        form = EdgeOfCareForm(request.POST)
        form.is_valid()
        try:
            changed = set_edge_of_care(episode, kind=form.kind,
                                       reason=form.cleaned_data.get("reason") or "", by=by)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        else:
            now = changed.get_edge_of_care_display() or "not edge of care"
            messages.success(request, f"Edge of care: {now}. The change and its reason are in "
                                      "the case notes.")
            return redirect("casework:edge_of_care", pk=pk)
    else:
        form = EdgeOfCareForm(initial={"edge_of_care": episode.edge_of_care or NOT_EDGE_OF_CARE})
    return form_page(request, "casework/stepping/edge_of_care.html", {
        "header": common.header(request.user, episode, "episode"),
        "form": form,
    }, form)


urlpatterns = [
    path("episodes/<int:pk>/step-up/", step_up, name="step_up"),
    path("episodes/<int:pk>/edge-of-care/", edge_of_care, name="edge_of_care"),
]
