"""The assessment's pages: reading it, starting it, saving it part-done, the refusal of a stale
save, submitting it, and the manager's sign-off."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.casework.actions.assessment import (
    Answers,
    MemberAnswers,
    NewNeed,
    return_assessment,
    save_assessment,
    sign_off_assessment,
    start_assessment,
    submit_assessment,
)
from earlyhelp.casework.models import Assessment
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.testing import allocated_episode, login
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Relationship

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def page_url(episode, name="assessment"):
    return reverse(f"casework:{name}", args=[episode.pk])


def started(cast):
    episode = allocated_episode(cast)
    return episode, start_assessment(episode, by=cast.origin(cast.practitioner))


def form_data(assessment, **overrides):
    """What the edit page posts when nothing is changed."""
    assessment.refresh_from_db()
    data = {
        "version": str(assessment.version), "worries": assessment.worries,
        "working_well": assessment.working_well, "needs_to_happen": assessment.needs_to_happen,
        "scaling_score": "" if assessment.scaling_score is None else str(assessment.scaling_score),
        "child_voice": assessment.child_voice, "family_view": assessment.family_view,
        "risk_factors": list(assessment.risk_factors), "intent": "save",
    }
    for member in assessment.members.all():
        data[f"member_{member.person_id}_strengths"] = member.strengths
        data[f"member_{member.person_id}_needs_summary"] = member.needs_summary
    for row in (1, 2):
        data.update({f"new_need_{row}_code": "", f"new_need_{row}_person": "family",
                     f"new_need_{row}_evidence": ""})
    data.update(overrides)
    return data


def complete(cast, assessment):
    members = [MemberAnswers(person_id=m.person_id, strengths="Warm with each other")
               for m in assessment.members.all()]
    return save_assessment(assessment, version=assessment.version,
                           by=cast.origin(cast.practitioner), answers=Answers(
        members=members, worries="Mornings are chaotic.", working_well="Grandma helps.",
        needs_to_happen="A routine for school days.", scaling_score=3,
        child_voice="I want to see my friends.", family_view="Kelly wants support.",
        risk_factors=["mental_health", "poverty"],
        new_needs=[NewNeed(code="ATT", person_id=members[0].person_id, evidence="70%"),
                   NewNeed(code="DEB", evidence="Rent arrears")],
    ))


def submitted(cast):
    episode, assessment = started(cast)
    assessment = complete(cast, assessment)
    submit_assessment(assessment, version=assessment.version, by=cast.origin(cast.practitioner))
    return episode, assessment


def test_the_worker_starts_the_assessment_from_the_page(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    page = client.get(page_url(episode)).text
    assert "The assessment has not been started" in page
    assert "Chloe Brown" in page and "Kelly Brown" in page
    assert "23 November 2026" in page and "Start the assessment" in page

    response = client.post(page_url(episode, "assessment_start"))
    assert response.status_code == 302 and response.url == page_url(episode, "assessment_edit")
    assessment = Assessment.objects.get(episode=episode)
    assert assessment.members.count() == 2
    edit = client.get(response.url).text
    assert "Save and come back later" in edit and "Submit for sign-off" in edit


def test_the_page_shows_the_whole_assessment(client, cast):
    episode, assessment = submitted(cast)
    sign_off_assessment(assessment, by=cast.origin(cast.team_manager))
    login(client, cast.practitioner)
    page = client.get(page_url(episode)).text
    assert "Completed" in page and "Overdue" not in page
    assert "Warm with each other" in page and "Mornings are chaotic." in page
    assert "Grandma helps." in page and "A routine for school days." in page
    assert "3 out of 10" in page
    assert "I want to see my friends." in page and "Kelly wants support." in page
    assert "Enduring or serious parental mental ill health" in page and "Poverty" in page
    # Each need with its council label, whose it is and its Outcomes Plan headline outcome.
    assert "Poor school attendance" in page and "Getting a good education" in page
    assert "Debt or financial difficulty" in page and "Financial stability" in page
    assert "Whole family" in page
    assert "Signed off" in page and "Tara Tester" in page
    assert "Continue the assessment" not in page


def test_the_page_shows_why_the_manager_returned_it(client, cast):
    episode, assessment = submitted(cast)
    return_assessment(assessment, reason="Say more about Kelly's health.",
                      by=cast.origin(cast.team_manager))
    login(client, cast.practitioner)
    page = client.get(page_url(episode)).text
    assert "Returned by the team manager" in page and "Say more about Kelly&#x27;s health." in page
    assert "Continue the assessment" in page


def test_an_assessment_past_its_due_date_shows_as_overdue_until_signed_off(
    client, cast, time_machine
):
    episode, assessment = started(cast)
    time_machine.move_to(dt.datetime(2026, 11, 23, 17, 0, tzinfo=LONDON), tick=False)
    login(client, cast.practitioner)
    assert "Overdue" not in client.get(page_url(episode)).text
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0, tzinfo=LONDON), tick=False)
    login(client, cast.practitioner)
    assert "Overdue" in client.get(page_url(episode)).text
    assessment = complete(cast, assessment)
    submit_assessment(assessment, version=assessment.version, by=cast.origin(cast.practitioner))
    sign_off_assessment(assessment, by=cast.origin(cast.team_manager))
    assert "Overdue" not in client.get(page_url(episode)).text


def test_an_assessment_never_started_shows_as_overdue_too(client, cast, time_machine):
    episode = allocated_episode(cast)
    time_machine.move_to(dt.datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), tick=False)
    login(client, cast.team_manager)
    assert "Overdue" in client.get(page_url(episode)).text


def test_the_page_reads_the_same_number_of_times_however_large_the_family(client, cast):
    small, _ = submitted(cast)
    login(client, cast.practitioner)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_url(small)).status_code == 200

    Assessment.objects.all().delete()
    household = small.household
    for number in range(5):
        person = create_person(given_name=f"Child{number}", family_name="Brown",
                               date_of_birth=dt.date(2012 + number, 1, 1), gender="a")
        add_member(household, person, Relationship.CHILD)
    assessment = start_assessment(small, by=cast.origin(cast.practitioner))
    save_assessment(assessment, version=1, by=cast.origin(cast.practitioner), answers=Answers(
        new_needs=[NewNeed(code=code) for code in ("PAR", "CON", "BEH", "HSG", "WRK", "SUB")]))
    assert assessment.members.count() == 7
    with CaptureQueriesContext(connection) as many:
        assert client.get(page_url(small)).status_code == 200
    assert len(many) == len(few)


def test_saving_part_done_keeps_the_answers_and_adds_needs(client, cast):
    episode, assessment = started(cast)
    chloe = assessment.members.first()
    login(client, cast.practitioner)
    response = client.post(page_url(episode, "assessment_edit"), form_data(
        assessment, worries="School mornings", scaling_score="5",
        **{f"member_{chloe.person_id}_strengths": "Chatty and bright",
           "new_need_2_code": "ATT", "new_need_2_person": str(chloe.person_id),
           "new_need_2_evidence": "Attendance 70%"},
    ))
    assert response.status_code == 302 and response.url == page_url(episode)
    page = client.get(response.url).text
    assert "Your changes have been saved" in page
    assert "School mornings" in page and "5 out of 10" in page and "Chatty and bright" in page
    assert "Poor school attendance" in page and "Attendance 70%" in page
    assessment.refresh_from_db()
    assert assessment.version == 2 and assessment.status == AssessmentStatus.DRAFT


def test_save_and_add_more_needs_returns_to_the_form_with_the_need_listed(client, cast):
    episode, assessment = started(cast)
    login(client, cast.practitioner)
    response = client.post(page_url(episode, "assessment_edit"), form_data(
        assessment, intent="add", new_need_1_code="DA", new_need_1_evidence="Police report"))
    assert response.url == page_url(episode, "assessment_edit")
    page = client.get(response.url).text
    assert "Domestic abuse" in page and "Safe from domestic abuse" in page
    assert 'name="remove_needs"' in page

    need = assessment.episode.needs.get()
    response = client.post(page_url(episode, "assessment_edit"),
                           form_data(assessment, remove_needs=[str(need.pk)]))
    assert response.status_code == 302 and not assessment.episode.needs.exists()


def test_a_badly_formed_answer_is_refused_with_its_reason(client, cast):
    episode, assessment = started(cast)
    login(client, cast.practitioner)
    for score, need_reason in (("eleven", False), ("11", True)):
        response = client.post(page_url(episode, "assessment_edit"), form_data(
            assessment, worries="Typed before the mistake", scaling_score=score,
            new_need_1_evidence="Evidence without a need"))
        assert response.status_code == 422
        page = response.text
        assert "There is a problem" in page
        assert "Scaling score must be a whole number from 0 to 10" in page
        # A number that is out of range is the action's refusal, given with every other one.
        assert ("Choose the need" in page) is need_reason
        assert "Typed before the mistake" in page
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.worries == ""


def test_submitting_an_incomplete_assessment_lists_everything_missing(client, cast):
    episode, assessment = started(cast)
    login(client, cast.practitioner)
    response = client.post(page_url(episode, "assessment_edit"),
                           form_data(assessment, worries="Typed so far", intent="submit"))
    assert response.status_code == 422
    page = response.text
    for missing in ("Record Chloe Brown&#x27;s strengths or needs",
                    "Record Kelly Brown&#x27;s strengths or needs",
                    "Say what is working well", "Say what needs to happen",
                    "Give the family&#x27;s scaling score, from 0 to 10",
                    "Record the child&#x27;s voice", "Record the family&#x27;s own view",
                    "Record at least one need the assessment found"):
        assert missing in page
    assert "Say what the worries are" not in page
    # What was typed is kept, and the form carries on from the version now stored.
    assessment.refresh_from_db()
    assert assessment.worries == "Typed so far" and assessment.status == AssessmentStatus.DRAFT
    assert f'name="version" value="{assessment.version}"' in page


def test_a_complete_assessment_is_submitted_for_sign_off_from_the_form(client, cast):
    episode, assessment = started(cast)
    assessment = complete(cast, assessment)
    login(client, cast.practitioner)
    response = client.post(page_url(episode, "assessment_edit"),
                           form_data(assessment, intent="submit"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    page = client.get(page_url(episode)).text
    assert "Awaiting sign-off" in page and "Continue the assessment" not in page
    # Once submitted it waits for the manager: the form is closed.
    refused = client.get(page_url(episode, "assessment_edit"))
    assert refused.status_code == 409 and "awaiting sign-off" in refused.text


def test_a_stale_save_is_refused_showing_the_newer_version_and_keeping_what_was_typed(
    client, cast
):
    episode, assessment = started(cast)
    opened = form_data(assessment)  # the worker opens the form at version 1
    save_assessment(assessment, version=1, by=cast.origin(cast.team_manager),
                    answers=Answers(worries="Tara's newer worries"))
    login(client, cast.practitioner)
    typed = {**opened, "worries": "Pat's own worries"}
    response = client.post(page_url(episode, "assessment_edit"), typed)
    assert response.status_code == 409
    page = response.text
    assert "Tara Tester saved this assessment at 09:30" in page
    assert "Tara&#x27;s newer worries" in page  # the newer saved version, shown
    assert "Pat&#x27;s own worries</textarea>" in page  # what Pat typed, still in the form
    assessment.refresh_from_db()
    assert assessment.worries == "Tara's newer worries"
    assert f'name="version" value="{assessment.version}"' in page

    # Having seen it, Pat saves again on purpose.
    again = client.post(page_url(episode, "assessment_edit"),
                        {**typed, "version": str(assessment.version)})
    assert again.status_code == 302
    assessment.refresh_from_db()
    assert assessment.worries == "Pat's own worries"


def test_the_manager_signs_it_off_from_the_sign_off_page(client, cast):
    episode, assessment = submitted(cast)
    login(client, cast.team_manager)
    page = client.get(page_url(episode, "assessment_sign_off"))
    assert page.status_code == 200 and "Mornings are chaotic." in page.text
    response = client.post(page_url(episode, "assessment_sign_off"), {"decision": "approve"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert "Signed off" in client.get(page_url(episode)).text
    assert client.get(page_url(episode, "assessment_sign_off")).status_code == 409


def test_returning_it_needs_a_reason(client, cast):
    episode, assessment = submitted(cast)
    login(client, cast.team_manager)
    refused = client.post(page_url(episode, "assessment_sign_off"), {"decision": "return"})
    assert refused.status_code == 422
    assert "Say what the worker needs to change" in refused.text
    nothing = client.post(page_url(episode, "assessment_sign_off"), {})
    assert nothing.status_code == 422
    assert "Choose whether to sign off the assessment or return it" in nothing.text
    response = client.post(page_url(episode, "assessment_sign_off"),
                           {"decision": "return", "reason": "Add the child's voice."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.returned_reason == "Add the child's voice."


def test_a_draft_has_nothing_to_sign_off(client, cast):
    episode, _ = started(cast)
    login(client, cast.team_manager)
    response = client.get(page_url(episode, "assessment_sign_off"))
    assert response.status_code == 409 and "not been submitted" in response.text
