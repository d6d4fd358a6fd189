"""Case notes and the family's chronology."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.casework.actions.notes import add_note
from earlyhelp.casework.forms.notes import NoteForm
from earlyhelp.casework.models import NoteKind
from earlyhelp.casework.queries import common
from earlyhelp.casework.queries.chronology import chronology_page
from earlyhelp.casework.queries.notes import notes_page
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    significant_only = request.GET.get("kind") == NoteKind.SIGNIFICANT
    form = NoteForm()
    if request.method == "POST":
        form = NoteForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        try:
            # The action is asked even when something did not parse: it refuses a user who
            # may not write here first, then gives its reasons for every other field.
            add_note(common.episode_for(request.user, pk), kind=data.get("kind") or "",
                     happened_on=data.get("happened_on"), summary=data.get("summary") or "",
                     text=data.get("text") or "", by=origin_of(request))
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, "Your note was added to the family's record.")
            return redirect("casework:notes", pk=pk)
    page = notes_page(request.user, pk, significant_only=significant_only,
                      by=origin_of(request))
    return form_page(request, "casework/notes/notes.html", {
        "header": common.header(request.user, page.episode, "notes"),
        "page": page, "form": form,
    }, form)


@casework_page
@require_GET
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    oldest_first = request.GET.get("order") == "oldest"
    page = chronology_page(request.user, pk, oldest_first=oldest_first, by=origin_of(request))
    return render(request, "casework/notes/chronology.html", {
        "header": common.header(request.user, page.episode, "chronology"),
        "page": page,
    })


urlpatterns = [
    path("episodes/<int:pk>/notes/", notes, name="notes"),
    path("episodes/<int:pk>/chronology/", chronology, name="chronology"),
]
