"""The Children and Family Panel in Chromium, each page checked with axe-core: a manager
schedules a panel, its chair records a decision, and the record prints without the page's
furniture."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from earlyhelp.access.models import Role
from earlyhelp.casework.actions.panels import list_for_panel
from earlyhelp.casework.models import Panel
from earlyhelp.core.testing import allocated_episode, make_user, totp_device
from earlyhelp.core.tests.browser import fill_date

pytestmark = pytest.mark.browser


def test_a_panel_from_the_diary_to_its_printed_record(tabs, cast):
    chair = make_user("chris_chair", Role.PANEL_CHAIR, "EH", first_name="Chris",
                      last_name="Chairman")
    next_week = timezone.localdate() + dt.timedelta(days=7)

    totp_device(cast.team_manager)
    manager = tabs.open("manager")
    manager.sign_in(cast.team_manager)
    page = manager.goto("/casework/panels/")
    manager.check()
    page.get_by_role("button", name="Schedule a panel").click()
    manager.check()
    page.get_by_role("button", name="Schedule the panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who chairs the panel")
    manager.check()
    fill_date(page.get_by_role("group", name="Date"), str(next_week.day),
              str(next_week.month), str(next_week.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where the panel meets").fill("Room 3, Civic Centre")
    page.get_by_label("Chair", exact=True).select_option(value=str(chair.pk))
    page.get_by_role("group", name="Members").get_by_label(
        re.compile(cast.taf_member.get_full_name())).check()
    page.get_by_role("button", name="Schedule the panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{next_week:%A} "
                                                               f"{next_week.day} "
                                                               f"{next_week:%B %Y}")
    manager.check()

    episode = allocated_episode(cast)
    list_for_panel(episode, panel=Panel.objects.get(), by=cast.origin(cast.practitioner))

    desk = tabs.open("chair")
    desk.sign_in(chair)
    page = desk.goto("/casework/panels/")
    desk.check()
    page.get_by_role("link", name=re.compile(f"{next_week.day} {next_week:%B %Y}")).click()
    expect(page.get_by_role("heading", name=re.compile("The Brown family"))).to_be_visible()
    desk.check()
    page.get_by_role("link", name="Record decision for item 1").click()
    desk.check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the panel's decision")
    desk.check()
    page.get_by_label("Decision").fill("Intensive family support.")
    page.get_by_label("Lead professional appointed").select_option(
        value=str(cast.practitioner.pk))
    page.get_by_label("Agreed actions").fill("Home visit this week.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Home visit this week.")).to_be_visible()
    desk.check()

    page.get_by_role("link", name="Printable record of the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Children and Family Panel – Record of the meeting – {next_week.day} "
        f"{next_week:%B %Y}")
    print_button = page.get_by_role("button", name="Print this page")
    expect(print_button).to_be_visible()
    desk.check()
    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator(".govuk-phase-banner")).to_be_hidden()
    expect(page.get_by_text("Intensive family support.")).to_be_visible()
