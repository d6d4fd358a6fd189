"""The council's Outcomes Plan where a worker needs it: choosing a need at the assessment, aiming
the plan's actions, judging progress at a review and saying at closure whether it was met."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.casework.models import Need
from earlyhelp.casework.tests.test_assessment_views import complete, started
from earlyhelp.casework.tests.test_closure_actions import ask_to_close, episode_with_needs
from earlyhelp.casework.tests.test_plan_builders import planned_episode
from earlyhelp.casework.tests.test_reviews_actions import planned_episode as reviewed_plan
from earlyhelp.core.testing import login
from earlyhelp.council.config import DEFAULT_FILE, current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

ATTENDANCE_MET = "Attendance at or above 95% for a full term, with no term since below 90%"
ATTENDANCE_EVIDENCE = "School attendance below 90% (persistent absence) over the last two terms"
PARENTING_MET = "The parents have completed a parenting programme or agreed support"
OWN_MEASURE = "Attendance at 97% or more for the whole school year"


@pytest.fixture
def own_measure(settings, tmp_path):
    """A council whose Outcomes Plan measures attendance its own way."""
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    council_file = tmp_path / "council.toml"
    council_file.write_text(text.replace(ATTENDANCE_MET, OWN_MEASURE), encoding="utf-8")
    settings.EARLYHELP_COUNCIL_FILE = str(council_file)
    current.cache_clear()
    yield
    current.cache_clear()


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def details(page: str) -> str:
    """The "The council's Outcomes Plan" details component of a page."""
    found = re.search(r'<details class="govuk-details">\s*<summary[^>]*>\s*<span[^>]*>'
                      r"The council's Outcomes Plan</span>.*?</details>", page, re.S)
    assert found, "the page has no Outcomes Plan details component"
    return found.group(0)


# Choosing a need at the assessment ----------------------------------------------------------

def test_the_assessment_form_lists_the_outcomes_plan_under_each_headline_outcome(client, cast):
    episode, _ = started(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:assessment_edit", args=[episode.pk])))
    plan = details(page)
    for outcome in current().outcomes:
        assert f"{outcome.label}</caption>" in plan
    assert ATTENDANCE_EVIDENCE in plan and ATTENDANCE_MET in plan
    assert current().need("WRK").met_when in plan
    # Each need sits under its own headline outcome: attendance under education.
    education = plan[plan.index("Getting a good education</caption>"):]
    assert education.index(ATTENDANCE_MET) < education.index("Good early years development")
    # A need with its own sustained period says so; the rest keep to the council's default.
    domestic_abuse = plan[plan.index("Safe from domestic abuse</caption>"):]
    assert "Kept up for 12 months" in domestic_abuse[:domestic_abuse.index("</table>")]


def test_the_need_to_choose_is_still_named_by_its_label_alone(client, cast):
    episode, _ = started(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:assessment_edit", args=[episode.pk])))
    assert '<option value="ATT">Poor school attendance</option>' in page
    select = page[page.index('name="new_need_1_code"'):page.index("</select>")]
    assert ATTENDANCE_MET not in select


def test_the_assessment_shows_the_measure_of_each_need_it_found(client, cast):
    episode, assessment = started(cast)
    complete(cast, assessment)  # Chloe's attendance and the family's debt
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:assessment", args=[episode.pk])))
    needs = page[page.index("Needs found"):page.index("The family's story")]
    assert "<th scope=\"col\" class=\"govuk-table__header\">Met when</th>" in needs
    assert ATTENDANCE_MET in needs
    assert current().met_when("DEB") in needs
    edit = text_of(client.get(reverse("casework:assessment_edit", args=[episode.pk])))
    recorded = edit[edit.index("Needs recorded so far"):edit.index("</table>",
                                                                  edit.index("Needs recorded"))]
    assert f"Met when: {ATTENDANCE_MET}" in recorded


@pytest.mark.usefixtures("own_measure")
def test_the_assessment_reads_the_councils_own_outcomes_plan(client, cast):
    episode, assessment = started(cast)
    complete(cast, assessment)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:assessment", args=[episode.pk])))
    assert OWN_MEASURE in page and ATTENDANCE_MET not in page
    edit = text_of(client.get(reverse("casework:assessment_edit", args=[episode.pk])))
    assert OWN_MEASURE in details(edit)


def test_a_need_the_council_has_since_dropped_from_its_plan_is_still_shown(client, cast):
    episode, assessment = started(cast)
    Need.objects.create(episode=episode, code="OLD", outcome="EDU", evidence="From before",
                        identified_at=timezone.now())
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:assessment", args=[episode.pk])))
    assert "Not in the council's Outcomes Plan" in page


# Aiming the plan at the measure -------------------------------------------------------------

def test_the_plan_shows_under_each_need_the_measure_its_actions_aim_at(client, cast):
    episode = planned_episode(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:plan", args=[episode.pk])))
    attendance = page[page.index('id="need-'):]
    assert f"Met when: {ATTENDANCE_MET}" in re.sub(r"<[^>]+>", "", attendance)
    parenting = page[page.index("Parenting support"):]
    assert PARENTING_MET in parenting
    # Each measure sits under its own need, before the next need's heading.
    assert page.index(ATTENDANCE_MET) < page.index("Parenting support") < page.index(
        PARENTING_MET)


def test_a_partner_in_the_taf_sees_the_measure_too(client, cast):
    episode = planned_episode(cast)
    login(client, cast.taf_member)
    page = text_of(client.get(reverse("casework:plan", args=[episode.pk])))
    assert ATTENDANCE_MET in page


@pytest.mark.usefixtures("own_measure")
def test_the_plan_reads_the_councils_own_measure(client, cast):
    episode = planned_episode(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:plan", args=[episode.pk])))
    assert OWN_MEASURE in page and ATTENDANCE_MET not in page


# Judging progress at a review ---------------------------------------------------------------

def test_each_needs_progress_question_has_its_measure_as_the_hint(client, cast):
    planned = reviewed_plan(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:review_new", args=[planned.episode.pk])))
    name = f"need_{planned.attendance.pk}_progress"
    fieldset = re.search(rf'<fieldset class="govuk-fieldset" aria-describedby="{name}-hint">'
                         r"(.*?)</fieldset>", page, re.S)
    assert fieldset, "the attendance question's fieldset is not described by its hint"
    assert "<legend" in fieldset.group(1) and "Progress on Poor school attendance" in (
        fieldset.group(1))
    assert (f'<div id="{name}-hint" class="govuk-hint">Met when: {ATTENDANCE_MET}</div>'
            in fieldset.group(1))
    assert f'id="need_{planned.parenting.pk}_progress-hint"' in page
    assert PARENTING_MET in page


def test_the_hint_stays_when_the_review_is_refused(client, cast):
    planned = reviewed_plan(cast)
    login(client, cast.practitioner)
    response = client.post(reverse("casework:review_new", args=[planned.episode.pk]),
                           {"attended": "Kelly Brown (mother)"})
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert f"Met when: {ATTENDANCE_MET}" in page


# Saying at closure whether it was met -------------------------------------------------------

def test_was_this_need_met_gives_the_measure_as_its_hint(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:close", args=[episode.pk])))
    name = f"need_{attendance.pk}"
    question = page[page.index(f'aria-describedby="{name}-hint"'):]
    question = question[:question.index("</fieldset>")]
    assert "Was this need met? Poor school attendance (Chloe Brown)" in question
    assert f'<div id="{name}-hint" class="govuk-hint">Met when: {ATTENDANCE_MET}</div>' in (
        question)
    assert f'id="need_{parenting.pk}-hint"' in page and PARENTING_MET in page


def test_a_dropped_need_is_still_asked_about_without_a_measure(client, cast):
    episode, _, _ = episode_with_needs(cast)
    old = Need.objects.create(episode=episode, code="OLD", outcome="EDU",
                              identified_at=timezone.now())
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:close", args=[episode.pk])))
    assert "Was this need met? OLD (whole family)" in page
    assert f'id="need_{old.pk}-hint"' not in page


def test_the_manager_signing_off_sees_each_need_beside_its_measure(client, cast):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    login(client, cast.team_manager)
    page = text_of(client.get(reverse("casework:closure_sign_off", args=[episode.pk])))
    table = page[page.index("Was each need met?"):]
    table = table[:table.index("</table>")]
    assert ">Met when</th>" in table
    row = table[table.index("Poor school attendance"):]
    assert row.index(ATTENDANCE_MET) < row.index("Parenting support")
    assert PARENTING_MET in table


@pytest.mark.usefixtures("own_measure")
def test_closure_reads_the_councils_own_measure(client, cast):
    episode, _, _ = episode_with_needs(cast)
    login(client, cast.practitioner)
    page = text_of(client.get(reverse("casework:close", args=[episode.pk])))
    assert f"Met when: {OWN_MEASURE}" in page and ATTENDANCE_MET not in page
