"""The weekly Children and Family Panel."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.access import rules
from earlyhelp.casework.actions import panels as actions
from earlyhelp.casework.forms.panels import DecisionForm, ListForm, ScheduleForm, panel_when
from earlyhelp.casework.queries import panels as queries
from earlyhelp.casework.queries.common import header
from earlyhelp.casework.views.common import casework_page, conflict
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_http_methods(["GET"])
def panels(request: HttpRequest) -> HttpResponse:
    page = queries.panels_page(request.user)
    return render(request, "casework/panels/list.html", {"page": page})


@casework_page
@require_http_methods(["GET", "POST"])
def panel_new(request: HttpRequest) -> HttpResponse:
    if not rules.can_schedule_panels(request.user):
        raise PermissionDenied("Only a panel chair or a team manager can schedule a panel.")
    choices = {"chairs": list(queries.chair_choices()),
               "members": list(queries.member_choices())}
    form = ScheduleForm(**choices)
    if request.method == "POST":
        form = ScheduleForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                panel = actions.schedule_panel(
                    meets_on=data["meets_on"], starts_at=data["starts_at"],
                    location=data["location"], chair=form.chosen_chair(),
                    members=form.chosen_members(), notes=data["notes"], by=origin_of(request),
                )
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(request, f"Panel scheduled for {panel_when(panel)}.")
                return redirect("casework:panel", pk=panel.pk)
        else:
            # The form only parses; the action's reasons complete the list of mistakes.
            data = form.cleaned_data
            form.add_problems(actions.schedule_problems(
                data.get("meets_on"), data.get("starts_at"), form.chosen_chair(),
                form.chosen_members(),
            ))
    return form_page(request, "casework/panels/new.html", {
        "form": form,
    }, form)


@casework_page
@require_http_methods(["GET"])
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = queries.agenda(request.user, pk, by=origin_of(request), seen="panel")
    return render(request, "casework/panels/panel.html", {"agenda": agenda})


@casework_page
@require_POST
def panel_held(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.panel_for(request.user, pk)
    try:
        actions.hold_panel(found, by=origin_of(request))
    except InvalidInput as exc:
        agenda = queries.agenda(request.user, pk, by=origin_of(request), seen="panel")
        return render(request, "casework/panels/panel.html", {
            "agenda": agenda, "errors": [("hold", message) for message in exc.problems.values()],
        }, status=422)
    messages.success(request, "The panel is marked as held. Its record is final.")
    return redirect("casework:panel", pk=pk)


@casework_page
@require_http_methods(["GET"])
def panel_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = queries.agenda(request.user, pk, by=origin_of(request), seen="panel agenda")
    return render(request, "casework/panels/agenda.html", {"agenda": agenda})


@casework_page
@require_http_methods(["GET"])
def panel_record(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = queries.agenda(request.user, pk, by=origin_of(request), seen="panel record")
    return render(request, "casework/panels/record.html", {"agenda": agenda})


@casework_page
@require_http_methods(["GET", "POST"])
def panel_case(request: HttpRequest, pk: int, case_id: int) -> HttpResponse:
    case = queries.case_for_chair(request.user, pk, case_id,
                                  by=origin_of(request) if request.method == "GET" else None)
    leads, agencies = list(queries.lead_choices()), list(queries.agency_choices())
    form = DecisionForm(initial={
        "decision": case.decision, "agreed_actions": case.agreed_actions,
        "lead_professional": str(case.lead_professional_id or ""),
        "lead_professional_name": case.lead_professional_name,
        "lead_agency": str(case.lead_agency_id or ""),
    }, leads=leads, agencies=agencies)
    if request.method == "POST":
        form = DecisionForm(request.POST, leads=leads, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.record_panel_decision(
                    case, decision=data["decision"], agreed_actions=data["agreed_actions"],
                    lead_professional=form.chosen_lead(),
                    lead_professional_name=data["lead_professional_name"],
                    lead_agency=form.chosen_agency(), by=origin_of(request),
                )
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(request, f"Decision recorded for item {case.position}.")
                return redirect(reverse("casework:panel", args=[pk]) + f"#case-{case.pk}")
    return form_page(request, "casework/panels/case.html", {
        "case": case, "panel": case.panel, "label": queries.case_label(request.user, case),
        "when": panel_when(case.panel), "form": form,
    }, form)


@casework_page
@require_http_methods(["GET", "POST"])
def list_for_panel(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    episode = queries.episode_to_list(request.user, pk, by=by if request.method == "GET" else None)
    open_panels = queries.open_panels()
    form = ListForm(panels=open_panels)
    if request.method == "POST":
        form = ListForm(request.POST, panels=open_panels)
        if form.is_valid():
            try:
                case = actions.list_for_panel(episode, panel=form.chosen_panel(), by=by)
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            except TransitionNotAllowed as exc:
                return conflict(request, str(exc), reverse("casework:episode", args=[pk]))
            else:
                messages.success(request, f"Listed as item {case.position} for the panel on "
                                          f"{panel_when(case.panel)}.")
                return redirect("casework:episode", pk=pk)
    return form_page(request, "casework/panels/list_for_panel.html", {
        "header": header(request.user, episode, "episode"), "episode": episode,
        "form": form, "open_panels": open_panels,
        "can_schedule": rules.can_schedule_panels(request.user),
    }, form)


urlpatterns = [
    path("panels/", panels, name="panels"),
    path("panels/new/", panel_new, name="panel_new"),
    path("panels/<int:pk>/", panel, name="panel"),
    path("panels/<int:pk>/held/", panel_held, name="panel_held"),
    path("panels/<int:pk>/agenda/", panel_agenda, name="panel_agenda"),
    path("panels/<int:pk>/record/", panel_record, name="panel_record"),
    path("panels/<int:pk>/cases/<int:case_id>/", panel_case, name="panel_case"),
    path("episodes/<int:pk>/panel/", list_for_panel, name="list_for_panel"),
]
