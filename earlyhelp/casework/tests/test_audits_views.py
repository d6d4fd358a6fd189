"""The audits pages: the manager audits a case, the worker reads it, and audits due."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.audits import audit_case
from earlyhelp.casework.models import CaseAudit, Episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, login
from earlyhelp.council.config import current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def form_data(**overrides: str) -> dict[str, str]:
    data = {"month": "2026-11", "grade": "good", "comments": "Plan is clear; reviews on time."}
    data |= {f"answer_{item.code}": "yes" for item in current().audit_checklist}
    data |= overrides
    return data


def recorded(cast, episode, month: dt.date, grade: str, comments: str = "Fine.") -> CaseAudit:
    return audit_case(episode, month=month, grade=grade, comments=comments,
                      answers={item.code: "partly" for item in current().audit_checklist},
                      by=cast.origin(cast.team_manager))


def opened_in_august(episode: Episode) -> Episode:
    Episode.objects.filter(pk=episode.pk).update(opened_at=MONDAY_MORNING - dt.timedelta(days=90))
    episode.refresh_from_db()
    return episode


def test_the_manager_audits_a_case_and_the_worker_then_reads_it(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager)
    page = client.get(reverse("casework:audit_new", args=[episode.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="2026-11" selected>November 2026</option>' in html
    for item in current().audit_checklist:
        assert item.question.replace("'", "&#x27;") in html
    response = client.post(reverse("casework:audit_new", args=[episode.pk]),
                           form_data(answer_partners="no", grade="requires_improvement",
                                     comments="Partners have not joined the TAF yet."))
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:audits", args=[episode.pk])
    made = CaseAudit.objects.get(episode=episode)
    assert made.answers["partners"] == "no" and made.grade == "requires_improvement"

    client.logout()
    login(client, cast.practitioner)
    page = client.get(reverse("casework:audits", args=[episode.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "November 2026" in html
    assert "Requires improvement" in html
    assert "Partners have not joined the TAF yet." in html
    assert "Audited by Tara Tester" in html
    # The worker reads the audits but is not offered a new one.
    assert reverse("casework:audit_new", args=[episode.pk]) not in html
    assert AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=cast.practitioner.pk,
                                     household_id=episode.household_id).exists()


def test_the_audits_page_lists_every_audit_newest_month_first_with_each_answer(client, cast):
    episode = opened_in_august(allocated_episode(cast))
    recorded(cast, episode, dt.date(2026, 9, 1), "inadequate", "No plan yet.")
    recorded(cast, episode, dt.date(2026, 11, 1), "outstanding", "Excellent work.")
    recorded(cast, episode, dt.date(2026, 10, 1), "good", "Improving.")
    login(client, cast.team_manager)
    html = client.get(reverse("casework:audits", args=[episode.pk])).content.decode()
    assert html.index("Excellent work.") < html.index("Improving.") < html.index("No plan yet.")
    assert "govuk-tag--red" in html and "Inadequate" in html
    assert html.count("<dd class=\"govuk-summary-list__value\">Partly</dd>") == 3 * len(
        current().audit_checklist)
    assert reverse("casework:audit_new", args=[episode.pk]) in html


def test_a_case_not_yet_audited_says_so(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    html = client.get(reverse("casework:audits", args=[episode.pk])).content.decode()
    assert "This case has not been audited yet." in html


def test_every_mistake_is_shown_against_its_question(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager)
    data = form_data(grade="", comments="")
    del data["answer_voice"]
    response = client.post(reverse("casework:audit_new", args=[episode.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_answer_voice"' in html
    assert "Choose yes, partly or no: Are the child&#x27;s voice" in html
    assert 'href="#id_grade"' in html and "Choose a grade for the case" in html
    assert "Write your comments on the case" in html
    # What was answered stays answered.
    assert 'id="id_answer_plan" name="answer_plan" type="radio" value="yes" checked' in html
    assert not CaseAudit.objects.exists()


def test_a_future_month_is_refused_with_its_reason(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager)
    response = client.post(reverse("casework:audit_new", args=[episode.pk]),
                           form_data(month="2027-01"))
    assert response.status_code == 422
    assert "The month audited must be this month or a month before" in response.content.decode()


def test_auditing_the_same_month_twice_is_a_conflict_naming_the_month(client, cast):
    episode = allocated_episode(cast)
    recorded(cast, episode, dt.date(2026, 11, 1), "good")
    login(client, cast.team_manager)
    page = client.get(reverse("casework:audit_new", args=[episode.pk])).content.decode()
    assert "November 2026 (already audited)" in page
    response = client.post(reverse("casework:audit_new", args=[episode.pk]), form_data())
    assert response.status_code == 409
    assert "already been audited for November 2026" in response.content.decode()
    assert CaseAudit.objects.count() == 1


def test_the_month_list_goes_back_to_the_month_the_episode_opened(client, cast):
    episode = opened_in_august(allocated_episode(cast))
    login(client, cast.team_manager)
    html = client.get(reverse("casework:audit_new", args=[episode.pk])).content.decode()
    assert [m for m in ("November", "October", "September", "August", "July")
            if f">{m} 2026<" in html] == ["November", "October", "September", "August"]


def test_audits_due_lists_the_team_s_open_cases_not_audited_this_month(client, cast):
    audited = allocated_episode(cast)
    due = opened_in_august(allocated_episode(cast))
    recorded(cast, audited, dt.date(2026, 11, 1), "good")
    recorded(cast, due, dt.date(2026, 9, 1), "inadequate")
    closed = allocated_episode(cast)
    Episode.objects.filter(pk=closed.pk).update(status=EpisodeStatus.CLOSED)
    login(client, cast.team_manager)
    response = client.get(reverse("casework:audits_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cases to audit in November 2026" in html
    assert reverse("casework:audit_new", args=[due.pk]) in html
    assert "September 2026: Inadequate" in html
    assert reverse("casework:audit_new", args=[audited.pk]) not in html
    assert reverse("casework:audit_new", args=[closed.pk]) not in html
    assert "The Brown family" in html
    event = AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=cast.team_manager.pk).last()
    assert event is not None and event.detail["references"] == [due.reference]


def test_audits_due_says_when_everything_has_been_audited(client, cast):
    login(client, cast.team_manager)
    html = client.get(reverse("casework:audits_due")).content.decode()
    assert "Every open case of your team has been audited this month." in html


def test_audits_due_takes_the_same_queries_for_one_family_as_for_many(client, cast):
    allocated_episode(cast)
    login(client, cast.team_manager)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("casework:audits_due")).status_code == 200
    for _ in range(3):
        episode = allocated_episode(cast)
        recorded(cast, episode, dt.date(2026, 11, 1), "good")
        Episode.objects.filter(pk=episode.pk).update(opened_at=MONDAY_MORNING)
    for _ in range(3):
        allocated_episode(cast)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("casework:audits_due")).content.decode()
    assert html.count("/audits/new/") == 4
    assert len(many) == len(one)


def test_opening_the_audit_form_is_recorded_against_the_family(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager).get(reverse("casework:audit_new", args=[episode.pk]))
    event = AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=cast.team_manager.pk).last()
    assert event is not None
    assert (event.household_id, event.detail) == (episode.household_id, {"page": "new audit"})
