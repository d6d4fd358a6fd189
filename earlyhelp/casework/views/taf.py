"""The Team Around the Family and the family's consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_http_methods

from earlyhelp.casework.actions import taf as actions
from earlyhelp.casework.forms.taf import AddMemberForm, ConsentForm
from earlyhelp.casework.queries import common
from earlyhelp.casework.queries import taf as queries
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of

ADD, END, WITHDRAW, GIVE = "add", "end", "withdraw", "give"


def _people(episode: Any) -> list[tuple[str, str]]:
    return [
        (str(user.pk), f"{user.get_full_name()}, {user.get_role_display()}"
         + (f", {user.agency.name}" if user.agency else ""))
        for user in queries.candidates(episode)
    ]


def _post(request: HttpRequest, pk: int, add_form: AddMemberForm,
          consent_form: ConsentForm) -> HttpResponse | None:
    """Carry out the change the page's form asked for: a redirect when done, None to show the
    page again with the reasons."""
    episode = queries.episode_to_change(request.user, pk)
    by, kind = origin_of(request), request.POST.get("kind")
    try:
        if kind == ADD:
            if add_form.is_valid():
                user = queries.user_to_add(add_form.cleaned_data["user"])
                member = actions.add_taf_member(episode, user=user,
                                                role=add_form.cleaned_data["role"], by=by)
                messages.success(request, f"{member.user.get_full_name()} has joined the Team "
                                          "Around the Family.")
                return redirect("casework:taf", pk=pk)
        elif kind == END:
            member = queries.member_of(episode, request.POST.get("member"))
            actions.end_taf_membership(member, by=by)
            messages.success(request, f"{member.user.get_full_name()} has left the Team Around "
                                      "the Family.")
            return redirect("casework:taf", pk=pk)
        elif kind in (WITHDRAW, GIVE) and consent_form.is_valid():
            record = (actions.withdraw_consent if kind == WITHDRAW else actions.give_consent)
            record(episode, given_by=consent_form.cleaned_data["given_by"],
                   note=consent_form.cleaned_data["note"], by=by)
            messages.success(request, "Consent withdrawn: the Team Around the Family's partners "
                                      "no longer see the plan." if kind == WITHDRAW else
                                      "Consent recorded: the Team Around the Family's partners "
                                      "see the plan again.")
            return redirect("casework:taf", pk=pk)
    except InvalidInput as exc:
        (add_form if kind == ADD else consent_form).add_problems(exc.problems)
    return None


@casework_page
@require_http_methods(["GET", "POST"])
def taf(request: HttpRequest, pk: int) -> HttpResponse:
    # Only those who see the whole record: a TAF partner gets 404 here, the same as a stranger.
    episode = common.episode_for(request.user, pk)
    people = _people(episode)
    posted = request.POST if request.method == "POST" else None
    kind = request.POST.get("kind") if posted else None
    add_form = AddMemberForm(posted if kind == ADD else None, people=people)
    consent_form = ConsentForm(posted if kind in (WITHDRAW, GIVE) else None)
    if posted is not None:
        done = _post(request, pk, add_form, consent_form)
        if done is not None:
            return done
    page = queries.taf_page(request.user, pk, by=origin_of(request))
    return form_page(request, "casework/taf/taf.html", {
        "header": common.header(request.user, page.episode, "taf"),
        "page": page, "add_form": add_form, "consent_form": consent_form,
        "consent_kind": WITHDRAW if page.episode.consent_active else GIVE,
    }, add_form, consent_form)


urlpatterns = [
    path("episodes/<int:pk>/taf/", taf, name="taf"),
]
