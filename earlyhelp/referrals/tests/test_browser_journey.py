"""The front door end to end in Chromium: a school asks for help, the front door finds the
family, the duty manager decides, and the school sees the decision. Every page is checked
with axe-core on the way."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from earlyhelp.core.testing import existing_family, totp_device
from earlyhelp.core.tests.browser import CheckedPage, fill_date, person
from earlyhelp.referrals.models import RequestForSupport

pytestmark = pytest.mark.browser

CONCERNS = "Chloe's attendance has fallen to 70% this term and her mum says she is struggling."
TEAM_AROUND_THE_FAMILY = "Team Around the Family, panel or another early help service"


def named_card(page: Page, name: str) -> Locator:
    """The summary card of a person named on the request."""
    heading = page.get_by_role("heading", name=re.compile(rf"^{name} \("))
    return page.locator(".govuk-summary-card").filter(has=heading)


def ask_for_help_with_mistakes(tab: CheckedPage) -> Page:
    page = tab.page
    page.get_by_role("link", name="Request support", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request support for a family")
    tab.check()
    page.get_by_role("group", name="Is a child at risk of significant harm?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about the family")
    tab.check()

    # A partner's own details are filled in from their account.
    expect(page.get_by_label("Full name")).to_have_value("Sam Tester")
    page.get_by_label("Address", exact=True).fill("12 Mill Lane, Fernhill")
    page.get_by_label("Postcode").fill("FH1 2AB")

    chloe = person(page, 1)
    chloe.get_by_label("Relationship to the family").select_option(label="Child")
    chloe.get_by_label("Given name").fill("Chloe")
    chloe.get_by_label("Family name").fill("Brown")
    # Date of birth left empty, and an NHS number whose check digit is wrong.
    chloe.get_by_label("Gender").select_option(label="b) Female")
    chloe.get_by_label("NHS number").fill("943 476 5918")
    chloe.get_by_label("School, nursery or college").fill("Fernhill Primary")

    kelly = person(page, 2)
    kelly.get_by_label("Relationship to the family").select_option(label="Parent")
    kelly.get_by_label("Given name").fill("Kelly")
    kelly.get_by_label("Family name").fill("Brown")
    fill_date(kelly.get_by_role("group", name="Date of birth"), "1", "7", "1990")

    page.get_by_label("Poor school attendance").check()
    page.get_by_label("Parenting support").check()
    page.get_by_label("What are you worried about?").fill(CONCERNS)
    page.get_by_label("What has been tried already?").fill("Attendance meetings in school.")
    page.get_by_label("What does the family say they want?").fill("Help with routines.")

    consent = page.get_by_role("group", name="Does the family agree to this request for support?")
    consent.get_by_label("Yes", exact=True).check()
    page.get_by_label("Who gave consent?").fill("Kelly Brown (mother)")
    today = timezone.localdate()
    fill_date(page.get_by_role("group", name="When was consent given?"),
              str(today.day), str(today.month), str(today.year))
    page.get_by_role(
        "group", name=re.compile("^Does the family agree to information about them being shared")
    ).get_by_label("Yes", exact=True).check()

    page.get_by_role("button", name="Send request").click()
    return page


def see_mistakes_and_correct_them(tab: CheckedPage) -> str:
    page = tab.page
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    tab.check()
    expect(summary.get_by_role("link", name="Enter the child's date of birth")).to_be_visible()
    nhs_message = summary.get_by_role("link", name=re.compile("^Enter a valid NHS number"))
    expect(nhs_message).to_be_visible()
    assert RequestForSupport.objects.count() == 0, "a request with mistakes must not be stored"

    # What was typed is still there.
    chloe = person(page, 1)
    expect(chloe.get_by_label("Given name")).to_have_value("Chloe")
    expect(chloe.get_by_label("Family name")).to_have_value("Brown")
    expect(chloe.get_by_label("NHS number")).to_have_value("943 476 5918")
    expect(person(page, 2).get_by_label("Given name")).to_have_value("Kelly")
    expect(page.get_by_label("What are you worried about?")).to_have_value(CONCERNS)
    expect(page.get_by_label("Poor school attendance")).to_be_checked()

    # Each message leads to the field it is about.
    summary.get_by_role("link", name="Enter the child's date of birth").click()
    date_of_birth = chloe.get_by_role("group", name="Date of birth")
    expect(date_of_birth.get_by_label("Day")).to_be_focused()

    fill_date(date_of_birth, "14", "3", "2015")
    chloe.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    tab.check()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", reference), reference
    return reference


def match_the_family(tab: CheckedPage, reference: str) -> None:
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Duty queue")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    tab.check()

    for name, born in (("Chloe Brown", "14 Mar 2015"), ("Kelly Brown", "1 Jul 1990")):
        card = named_card(page, name)
        expect(card.get_by_text("Not yet matched")).to_be_visible()
        # Each suggestion's buttons end with the record's name, for screen reader users.
        same = re.compile(rf"^This is the same person\W+{name}$")
        suggestion = card.locator(".govuk-inset-text").filter(
            has=page.get_by_role("button", name=same)
        )
        expect(suggestion).to_contain_text("Likely match")
        expect(suggestion).to_contain_text(f"Born {born}")
        expect(suggestion).to_contain_text("Why it was suggested")
        expect(suggestion.get_by_role("listitem")).not_to_have_count(0)
        suggestion.get_by_role("button", name=same).click()
        expect(page.get_by_role("alert")).to_contain_text(f"{name} is linked to the record")
        tab.check()
        expect(named_card(page, name)).to_contain_text(
            f"Linked to the existing record of {name}, born {born}"
        )


def decide(tab: CheckedPage, reference: str) -> None:
    page = tab.page
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    tab.check()
    # The earlier contact with the family shows in its history.
    expect(page.get_by_role("table").filter(has_text="Chloe Brown")).to_be_visible()
    page.get_by_role("link", name="Decide on this request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on this request")
    tab.check()
    expect(page.get_by_text("Suggested level: 2 Targeted / emerging")).to_be_visible()
    expect(page.get_by_text("Some people named are not yet matched")).to_have_count(0)

    page.get_by_role("group", name="Level of need").get_by_label("2 Targeted / emerging").check()
    page.get_by_role("group", name="Outcome").get_by_label(TEAM_AROUND_THE_FAMILY).check()
    page.get_by_label("Reason for the decision").fill(
        "Two presenting needs; the school will lead a Team Around the Family."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{reference} decided: level 2")
    tab.check()


def see_the_decision(tab: CheckedPage, reference: str) -> None:
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Your requests for support")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Chloe Brown")
    expect(row).to_contain_text(f"Level 2 Targeted / emerging: {TEAM_AROUND_THE_FAMILY}")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    tab.check()
    decision = page.locator(".govuk-summary-list").first
    expect(decision).to_contain_text(f"Level 2 Targeted / emerging: {TEAM_AROUND_THE_FAMILY}")
    expect(decision).to_contain_text("Decided on")


def test_it_takes_a_school_request_through_the_front_door_to_a_decision(tabs, cast):
    existing_family()
    totp_device(cast.duty_manager)

    school = tabs.open("school")
    school.sign_in(cast.referrer)
    ask_for_help_with_mistakes(school)
    reference = see_mistakes_and_correct_them(school)

    front_door = tabs.open("front-door")
    front_door.sign_in(cast.front_door)
    match_the_family(front_door, reference)

    duty_manager = tabs.open("duty-manager")
    duty_manager.sign_in(cast.duty_manager)
    decide(duty_manager, reference)

    # The school comes back another day, from another browser.
    school_again = tabs.open("school-again")
    school_again.sign_in(cast.referrer)
    see_the_decision(school_again, reference)
