"""Monthly quality audits of a case."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.access import rules
from earlyhelp.casework.actions.audits import audit_case, first_of_month
from earlyhelp.casework.forms.audits import AuditForm, month_choices, month_value
from earlyhelp.casework.queries import audits as queries
from earlyhelp.casework.queries.common import header
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_GET
def audits(request: HttpRequest, pk: int) -> HttpResponse:
    episode, shown = queries.case_audits(request.user, pk, by=origin_of(request))
    return render(request, "casework/audits/audits.html", {
        "header": header(request.user, episode, "audits"),
        "audits": shown,
        "can_audit": rules.can_audit_case(request.user, episode),
    })


@casework_page
@require_http_methods(["GET", "POST"])
def audit_new(request: HttpRequest, pk: int) -> HttpResponse:
    episode = queries.episode_to_audit(
        request.user, pk, by=origin_of(request) if request.method == "GET" else None)
    today = timezone.localdate()
    months = month_choices(timezone.localdate(episode.opened_at), today,
                           queries.audited_months(episode))
    form = AuditForm(initial={"month": month_value(first_of_month(today))}, months=months)
    if request.method == "POST":
        form = AuditForm(request.POST, months=months)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = audit_case(episode, month=data["month"], answers=form.answers(),
                                  grade=data["grade"], comments=data["comments"],
                                  by=origin_of(request))
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(request, f"Audit for {made.month:%B %Y} recorded: "
                                          f"{made.get_grade_display().lower()}.")
                return redirect("casework:audits", pk=episode.pk)
    return form_page(request, "casework/audits/new.html", {
        "header": header(request.user, episode, "audits"),
        "form": form,

        "back": reverse("casework:audits", args=[episode.pk]),
    }, form)


@casework_page
@require_GET
def audits_due(request: HttpRequest) -> HttpResponse:
    month, due = queries.audits_due(request.user, by=origin_of(request))
    return render(request, "casework/audits/due.html", {"month": month, "due": due})


urlpatterns = [
    path("episodes/<int:pk>/audits/", audits, name="audits"),
    path("episodes/<int:pk>/audits/new/", audit_new, name="audit_new"),
    path("audits/due/", audits_due, name="audits_due"),
]
