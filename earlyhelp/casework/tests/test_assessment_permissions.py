"""Who may read, start, edit and sign off a family's assessment: its lead professional edits,
the team's manager signs off, the team and the front door read, everyone else finds nothing
(a Team Around the Family partner included: they see the plan and reviews, not the
assessment)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.actions.assessment import (
    Answers,
    MemberAnswers,
    NewNeed,
    save_assessment,
    start_assessment,
    submit_assessment,
)
from earlyhelp.casework.models import Assessment, TafMember
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.testing import allocated_episode, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = ["practitioner", "team_manager", "peer", "front_door", "duty_manager", "taf_member",
            "referrer", "other_referrer", "analyst", "admin", "outsider"]
# The record is read by the family's team and the front door; nobody else knows it exists.
READERS = {"practitioner", "team_manager", "peer"}
WORKERS = {"practitioner", "team_manager"}
SIGNS_OFF = {"team_manager"}


def expected(who, allowed, ok=200):
    if who in allowed:
        return ok
    return 403 if who in READERS else 404


@pytest.fixture
def world(cast):
    """An allocated family with a partner in its Team Around the Family, and a second
    practitioner in the worker's team."""
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    users = {name: getattr(cast, name) for name in EVERYONE if name != "peer"}
    users["peer"] = make_user("pia_peer", Role.PRACTITIONER, "EH", "EHN")
    return episode, users


def start(cast, episode):
    return start_assessment(episode, by=cast.origin(cast.practitioner))


def submit(cast, episode):
    assessment = start(cast, episode)
    assessment = save_assessment(
        assessment, version=1, by=cast.origin(cast.practitioner), answers=Answers(
            members=[MemberAnswers(person_id=m.person_id, strengths="Kind")
                     for m in assessment.members.all()],
            worries="W", working_well="G", needs_to_happen="N", scaling_score=5,
            child_voice="C", family_view="F", new_needs=[NewNeed(code="ATT")]))
    return submit_assessment(assessment, version=assessment.version,
                             by=cast.origin(cast.practitioner))


def url(episode, name):
    return reverse(f"casework:{name}", args=[episode.pk])


@pytest.mark.parametrize("who", EVERYONE)
def test_reading_the_assessment(client, cast, world, who):
    episode, users = world
    start(cast, episode)
    login(client, users[who])
    assert client.get(url(episode, "assessment")).status_code == expected(who, READERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_starting_the_assessment(client, cast, world, who):
    episode, users = world
    login(client, users[who])
    response = client.post(url(episode, "assessment_start"))
    assert response.status_code == expected(who, WORKERS, ok=302)
    assert Assessment.objects.filter(episode=episode).exists() is (who in WORKERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_opening_the_assessment_form(client, cast, world, who):
    episode, users = world
    start(cast, episode)
    login(client, users[who])
    assert client.get(url(episode, "assessment_edit")).status_code == expected(who, WORKERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_saving_the_assessment(client, cast, world, who):
    episode, users = world
    assessment = start(cast, episode)
    login(client, users[who])
    response = client.post(url(episode, "assessment_edit"), {
        "version": "1", "worries": "Written by someone", "intent": "save",
        "new_need_1_person": "family", "new_need_2_person": "family",
    })
    assert response.status_code == expected(who, WORKERS, ok=302)
    assessment.refresh_from_db()
    assert (assessment.worries == "Written by someone") is (who in WORKERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_opening_the_sign_off_page(client, cast, world, who):
    episode, users = world
    submit(cast, episode)
    login(client, users[who])
    assert client.get(url(episode, "assessment_sign_off")).status_code == expected(
        who, SIGNS_OFF)


@pytest.mark.parametrize("who", EVERYONE)
def test_signing_off_the_assessment(client, cast, world, who):
    episode, users = world
    assessment = submit(cast, episode)
    login(client, users[who])
    response = client.post(url(episode, "assessment_sign_off"), {"decision": "approve"})
    assert response.status_code == expected(who, SIGNS_OFF, ok=302)
    assessment.refresh_from_db()
    assert (assessment.status == AssessmentStatus.COMPLETED) is (who in SIGNS_OFF)


@pytest.mark.parametrize("name", ["assessment", "assessment_edit", "assessment_sign_off"])
def test_nobody_signed_out_gets_in(client, cast, world, name):
    episode, _ = world
    response = client.get(url(episode, name))
    assert response.status_code == 302 and "/sign-in/" in response.url


def test_a_taf_partner_still_sees_the_plan_but_not_the_assessment(client, cast, world):
    episode, users = world
    start(cast, episode)
    login(client, users["taf_member"])
    assert client.get(url(episode, "assessment")).status_code == 404
    page = client.get(url(episode, "plan"))
    assert page.status_code == 200 and url(episode, "assessment") not in page.text
