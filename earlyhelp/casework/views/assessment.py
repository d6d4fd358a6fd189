"""The whole-family assessment: reading it, starting and editing it, signing it off."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.casework.actions import assessment as actions
from earlyhelp.casework.forms.assessment import AssessmentForm, SignOffForm
from earlyhelp.casework.models import Episode
from earlyhelp.casework.queries import assessment as queries
from earlyhelp.casework.queries.common import episode_for, header
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of

SAVE, SAVE_AND_ADD, SUBMIT = "save", "add", "submit"


@casework_page
@require_http_methods(["GET"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.assessment_page(request.user, pk, by=origin_of(request))
    return render(request, "casework/assessment/page.html", {"page": page})


@casework_page
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_for(request.user, pk)
    actions.start_assessment(episode, by=origin_of(request))
    return redirect("casework:assessment_edit", pk=pk)


def _edit_page(
    request: HttpRequest, episode: Episode, form: AssessmentForm, *, status: int = 200,
    newer: queries.Saved | None = None, stale: str = "",
) -> HttpResponse:
    return render(request, "casework/assessment/edit.html", {
        "header": header(request.user, episode, "assessment"), "form": form,
        "saved": form.saved, "errors": form.error_summary(), "newer": newer, "stale": stale,
        "intents": {"save": SAVE, "add": SAVE_AND_ADD, "submit": SUBMIT},
    }, status=status)


@casework_page
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    episode, saved = queries.assessment_to_edit(request.user, pk, by=by)
    if saved is None:
        return redirect("casework:assessment", pk=pk)
    if request.method == "GET":
        return _edit_page(request, episode, AssessmentForm(saved=saved))
    form = AssessmentForm(request.POST, saved=saved)
    if not form.is_valid():
        return _edit_page(request, episode, form, status=422)
    try:
        stored = actions.save_assessment(saved.assessment, version=form.cleaned_data["version"],
                                         answers=form.answers(), by=by)
    except actions.StaleAssessment as exc:
        # Show the newer version and keep what this person typed, to save over it knowingly.
        newer = queries.saved(exc.assessment)
        return _edit_page(request, episode, AssessmentForm.with_version(request.POST, newer),
                          status=409, newer=newer, stale=str(exc))
    except InvalidInput as exc:
        form.add_problems(exc.problems)
        return _edit_page(request, episode, form, status=422)
    intent = request.POST.get("intent", SAVE)
    if intent == SUBMIT:
        try:
            actions.submit_assessment(stored, version=stored.version, by=by)
        except InvalidInput as exc:
            # What was typed is saved; the page shows it as stored, with what is missing.
            form = AssessmentForm.as_saved(queries.saved(stored))
            form.add_problems(exc.problems)
            return _edit_page(request, episode, form, status=422)
        messages.success(request, "The assessment has been sent to the team manager to sign off.")
        return redirect("casework:assessment", pk=pk)
    if intent == SAVE_AND_ADD:
        messages.success(request, "Your changes have been saved. Add more needs below.")
        return redirect("casework:assessment_edit", pk=pk)
    messages.success(request, "Your changes have been saved. You can come back to them later.")
    return redirect("casework:assessment", pk=pk)


@casework_page
@require_http_methods(["GET", "POST"])
def assessment_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    page = queries.assessment_to_sign_off(request.user, pk, by=by)
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and page.saved is not None:
        stored = page.saved.assessment
        try:
            if form.cleaned_data["decision"] == SignOffForm.APPROVE:
                actions.sign_off_assessment(stored, by=by)
                messages.success(request, "The assessment is signed off as complete.")
            else:
                actions.return_assessment(stored, reason=form.cleaned_data["reason"], by=by)
                messages.success(request, "The assessment has been returned to the worker.")
            return redirect("casework:assessment", pk=pk)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
    return form_page(request, "casework/assessment/sign_off.html", {
        "page": page, "header": page.header, "form": form,
    }, form)


urlpatterns = [
    path("episodes/<int:pk>/assessment/", assessment, name="assessment"),
    path("episodes/<int:pk>/assessment/start/", assessment_start, name="assessment_start"),
    path("episodes/<int:pk>/assessment/edit/", assessment_edit, name="assessment_edit"),
    path("episodes/<int:pk>/assessment/sign-off/", assessment_sign_off, name="assessment_sign_off"),
]
