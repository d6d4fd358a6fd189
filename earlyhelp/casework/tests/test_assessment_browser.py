"""The whole-family assessment in Chromium, each page checked with axe-core: the worker starts
it, saves it part-done, is told what is missing, submits it, and the manager signs it off."""

import re

import pytest
from playwright.sync_api import expect

from earlyhelp.casework.models import Assessment
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.testing import allocated_episode, totp_device

pytestmark = pytest.mark.browser


def test_a_worker_assesses_the_family_and_the_manager_signs_it_off(tabs, cast):
    episode = allocated_episode(cast)
    totp_device(cast.team_manager)
    address = f"/casework/episodes/{episode.pk}/assessment/"
    worker = tabs.open("worker")
    page = worker.sign_in(cast.practitioner, start=address)
    expect(page.get_by_text("The assessment has not been started.")).to_be_visible()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessment/edit/$"))
    worker.check()

    chloe = page.get_by_role("group", name="Chloe Brown", exact=True)
    chloe.get_by_label("Strengths").fill("Loves drawing and her friends")
    page.get_by_label("What are we worried about?").fill("Chloe misses school most Mondays.")
    page.get_by_label("Scaling score").fill("4")
    page.get_by_role("group", name="Risk factors").get_by_label("Poverty").check()
    first_need = page.get_by_role("group", name="Add a need (1 of 2)")
    first_need.get_by_label("Need", exact=True).select_option(label="Poor school attendance")
    first_need.get_by_label("Whose need").select_option(label="Chloe Brown")
    first_need.get_by_label("What shows this need").fill("Attendance 70% this term")
    page.get_by_role("button", name="Submit for sign-off").click()

    # Not complete yet: what was typed is saved, and every missing part is named.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    worker.check()
    expect(summary.get_by_role("link", name="Record Kelly Brown's strengths or needs")) \
        .to_be_visible()
    expect(summary.get_by_role("link", name="Say what is working well")).to_be_visible()
    expect(page.get_by_label("What are we worried about?")).to_have_value(
        "Chloe misses school most Mondays.")
    page.get_by_role("group", name="Kelly Brown", exact=True).get_by_label("Needs").fill(
        "Support with sleep and mornings")
    page.get_by_label("What is working well?").fill("Grandma takes Chloe on Fridays.")
    page.get_by_label("What needs to happen?").fill("A morning routine around Kelly's shifts.")
    page.get_by_label("The child's voice").fill("I like school when my friends are there.")
    page.get_by_label("The family's view").fill("Kelly wants help with mornings.")
    page.get_by_role("button", name="Submit for sign-off").click()

    expect(page).to_have_url(re.compile(r"/assessment/$"))
    expect(page.get_by_text("Awaiting sign-off").first).to_be_visible()
    expect(page.get_by_role("cell", name="Getting a good education")).to_be_visible()
    worker.check()

    manager = tabs.open("manager")
    page = manager.sign_in(cast.team_manager, start=address)
    page.get_by_role("link", name="Sign off or return the assessment").click()
    manager.check()
    page.get_by_label("Yes, sign it off as complete").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The assessment is signed off as complete.")).to_be_visible()
    manager.check()
    assert Assessment.objects.get(episode=episode).status == AssessmentStatus.COMPLETED
