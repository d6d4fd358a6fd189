"""The front door's other pages in Chromium, each checked with axe-core: a concern of
significant harm, a request taken by phone, the queue's views, no further action, a decision
made twice, and who has viewed a family."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import existing_family, request_input, totp_device
from earlyhelp.core.tests.browser import CheckedPage, fill_date, person
from earlyhelp.referrals import actions, queries
from earlyhelp.referrals.models import Channel, NoFurtherActionReason, RequestForSupport
from earlyhelp.referrals.workflow import Status

pytestmark = pytest.mark.browser

SOCIAL_CARE_HEADING = "This is not early help: tell children's social care now"


def answer(page: Page, question: str | re.Pattern[str], choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def submitted_by_school(cast, **overrides) -> RequestForSupport:
    return actions.submit_request(request_input(**overrides), by=cast.origin(cast.referrer),
                                  channel=Channel.WEB)


def start_a_request(tab: CheckedPage, significant_harm: str) -> Page:
    page = tab.goto("/requests/new/")
    expect(heading(page)).to_have_text("Request support for a family")
    tab.check()
    answer(page, "Is a child at risk of significant harm?", significant_harm)
    page.get_by_role("button", name="Continue").click()
    return page


def test_it_sends_a_concern_of_significant_harm_straight_to_childrens_social_care(tabs, cast):
    school = tabs.open("school")
    school.sign_in(cast.referrer)
    page = start_a_request(school, "Yes")
    expect(page).to_have_url(re.compile(r"/requests/new/significant-harm/$"))
    expect(heading(page)).to_have_text(SOCIAL_CARE_HEADING)
    school.check()
    # How to reach the social care front door shows before anything is asked.
    contact = page.get_by_role("heading", name="Contact the social care front door")
    expect(contact).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^\d[\d ]+$")).first).to_be_visible()

    expect(page.get_by_label("Full name")).to_have_value("Sam Tester")
    page.get_by_label("Address", exact=True).fill("3 Quarry Row, Fernhill")
    page.get_by_label("Postcode").fill("FH2 9XY")
    child = person(page, 1)
    child.get_by_label("Relationship to the family").select_option(label="Child")
    child.get_by_label("Given name").fill("Mason")
    child.get_by_label("Family name").fill("Reid")
    fill_date(child.get_by_role("group", name="Date of birth"), "2", "9", "2018")
    page.get_by_label("What are you worried about?").fill(
        "Mason came to school with bruises on both arms and says he is scared to go home."
    )
    answer(page, "Does the family agree to this request for support?", "No")
    answer(page, re.compile("^Does the family agree to information about them being shared"),
           "No")
    page.get_by_role("button", name="Send to children's social care").click()

    expect(heading(page)).to_have_text("Sent to children's social care")
    school.check()
    expect(page.get_by_text("It is not an early help request.")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    made = RequestForSupport.objects.get(reference=reference)
    assert made.significant_harm
    assert made.status == Status.ROUTED_TO_SOCIAL_CARE
    assert [str(named) for named in made.people.all()] == ["Mason Reid"]

    page.get_by_role("link", name="See your requests").click()
    expect(heading(page)).to_have_text("Your requests for support")
    school.check()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Mason Reid")
    expect(row).to_contain_text(made.get_status_display())


def test_it_lets_the_front_door_type_up_a_request_taken_by_phone(tabs, cast):
    front_door = tabs.open("front-door")
    page = front_door.sign_in(cast.front_door)
    expect(heading(page)).to_have_text("Duty queue")
    start_a_request(front_door, "No")
    expect(heading(page)).to_have_text("Tell us about the family")
    front_door.check()

    caller = page.get_by_role("group", name="About the caller")
    expect(caller.get_by_text("You are taking this request by phone")).to_be_visible()
    # The caller is the referrer: nothing of the officer's own account is filled in.
    expect(caller.get_by_label("Full name")).to_have_value("")
    expect(caller.get_by_label("Email address")).to_have_value("")
    caller.get_by_label("Full name").fill("Priya Shah")
    caller.get_by_label("Job title or role").fill("Health visitor")
    caller.get_by_label("Agency").select_option(label="Health visiting and school nursing")
    caller.get_by_label("Email address").fill("priya.shah@hv.example.org")
    caller.get_by_label("Phone number").fill("01632 960123")

    page.get_by_label("Address", exact=True).fill("8 Orchard Close, Fernhill")
    page.get_by_label("Postcode").fill("FH3 4AB")
    baby = person(page, 1)
    baby.get_by_label("Relationship to the family").select_option(label="Child")
    baby.get_by_label("Given name").fill("Ava")
    baby.get_by_label("Family name").fill("Khan")
    fill_date(baby.get_by_role("group", name="Date of birth"), "5", "1", "2025")
    page.get_by_label("Parenting support").check()
    page.get_by_label("What are you worried about?").fill(
        "Mum is isolated since the birth and finding it hard to cope with night feeds."
    )
    answer(page, "Does the family agree to this request for support?", "Yes")
    page.get_by_label("Who gave consent?").fill("Sara Khan (mother)")
    today = timezone.localdate()
    fill_date(page.get_by_role("group", name="When was consent given?"),
              str(today.day), str(today.month), str(today.year))
    answer(page, re.compile("^Does the family agree to information about them being shared"),
           "Yes")
    page.get_by_role("button", name="Send request").click()

    expect(heading(page)).to_have_text("Request sent")
    front_door.check()
    expect(page.get_by_text("We have sent an acknowledgement to priya.shah@hv.example.org"))\
        .to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    made = RequestForSupport.objects.get(reference=reference)
    assert made.channel == Channel.PHONE
    assert (made.referrer_name, made.referrer_agency.code, made.referrer_phone) == (
        "Priya Shah", "HV", "01632 960123"
    )
    assert made.submitted_by == cast.front_door

    # The request is in the queue for the front door to work on.
    page = front_door.goto("/requests/queue/")
    expect(heading(page)).to_have_text("Duty queue")
    front_door.check()
    expect(page.get_by_role("link", name=reference, exact=True)).to_be_visible()


def test_it_shows_the_queue_by_what_is_waiting_decided_today_and_recent_page_by_page(
    tabs, cast, monkeypatch
):
    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", 2)
    waiting = [submitted_by_school(cast) for _ in range(3)]
    decided = submitted_by_school(cast)
    actions.decide_no_further_action(decided, reason_code=NoFurtherActionReason.NEEDS_MET,
                                     reason="The school is already meeting the need.",
                                     by=cast.origin(cast.duty_manager))

    front_door = tabs.open("front-door")
    page = front_door.sign_in(cast.front_door, start="/requests/queue/")
    expect(page.get_by_role("table")).to_contain_text("Awaiting decision: 3")
    expect(page.get_by_role("link", name="Awaiting decision")).to_have_attribute(
        "aria-current", "page"
    )
    for shown in waiting[:2]:
        expect(page.get_by_role("link", name=shown.reference, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=waiting[2].reference)).to_have_count(0)

    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    front_door.check()
    expect(page.get_by_role("link", name=waiting[2].reference, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=decided.reference)).to_have_count(0)

    page.get_by_role("link", name="Decided today").click()
    expect(page).to_have_url(re.compile(r"\?view=decided_today$"))
    front_door.check()
    expect(page.get_by_role("table")).to_contain_text("Decided today: 1")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=decided.reference))
    expect(row).to_contain_text("No further action")

    page.get_by_role("link", name="All received in the last 30 days").click()
    expect(page).to_have_url(re.compile(r"\?view=recent$"))
    front_door.check()
    expect(page.get_by_role("table")).to_contain_text("All received in the last 30 days: 4")
    # Newest first, two to a page: the decided request, received last, leads.
    expect(page.get_by_role("link", name=decided.reference, exact=True)).to_be_visible()
    page.get_by_role("link", name="Page 2").click()
    front_door.check()
    expect(page.get_by_role("link", name=waiting[0].reference, exact=True)).to_be_visible()


def open_decide_page(tab: CheckedPage, reference: str) -> Page:
    page = tab.goto(f"/requests/{reference}/decide/")
    expect(heading(page)).to_have_text("Decide on this request")
    tab.check()
    return page


def test_it_ends_a_request_as_no_further_action_and_the_referrer_sees_why(tabs, cast):
    made = submitted_by_school(cast)
    totp_device(cast.duty_manager)

    duty_manager = tabs.open("duty-manager")
    page = duty_manager.sign_in(cast.duty_manager)
    page.get_by_role("link", name=made.reference, exact=True).click()
    expect(heading(page)).to_contain_text(made.reference)
    duty_manager.check()
    page.get_by_role("link", name="Decide on this request").click()
    expect(heading(page)).to_have_text("Decide on this request")
    duty_manager.check()

    no_further_action = page.get_by_role("button", name="Record no further action")
    no_further_action.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose why no further action is needed")
    duty_manager.check()
    assert RequestForSupport.objects.get(pk=made.pk).status == Status.RECEIVED

    answer(page, "Why is no further action needed?", "Consent not given")
    page.get_by_label("Explanation").fill("Mum withdrew her agreement when the school called.")
    no_further_action.click()
    expect(page.get_by_role("alert")).to_contain_text(f"{made.reference}: no further action")
    expect(heading(page)).to_have_text("Duty queue")
    duty_manager.check()
    expect(page.get_by_role("link", name=made.reference)).to_have_count(0)
    made.refresh_from_db()
    assert made.status == Status.NO_FURTHER_ACTION
    assert made.no_further_action_reason == NoFurtherActionReason.CONSENT_NOT_GIVEN
    assert made.decided_by == cast.duty_manager

    school = tabs.open("school")
    page = school.sign_in(cast.referrer)
    expect(heading(page)).to_have_text("Your requests for support")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=made.reference))
    expect(row).to_contain_text("No further action: consent not given")


def test_it_refuses_a_second_decision_made_in_another_tab_and_says_why(tabs, cast):
    made = submitted_by_school(cast)
    totp_device(cast.duty_manager)
    first = tabs.open("duty-manager")
    first.sign_in(cast.duty_manager)
    second = tabs.beside(first, "duty-manager-second-tab")
    one, other = open_decide_page(first, made.reference), open_decide_page(second, made.reference)

    answer(one, "Why is no further action needed?", "Already open to a service")
    one.get_by_label("Explanation").fill("The family already has a family worker.")
    one.get_by_role("button", name="Record no further action").click()
    expect(one.get_by_role("alert")).to_contain_text(f"{made.reference}: no further action")
    first.check()

    # The other tab still shows the form from before the decision.
    answer(other, "Level of need", "2 Targeted / emerging")
    answer(other, "Outcome", "Team Around the Family, panel or another early help service")
    other.get_by_label("Reason for the decision").fill("Two needs; the school will lead.")
    other.get_by_role("button", name="Record the decision").click()
    expect(heading(other)).to_have_text("This cannot be done now")
    second.check()
    expect(other.locator("main")).to_contain_text(
        "This request has already been closed (no further action), so it cannot be decided again."
    )
    made.refresh_from_db()
    assert made.status == Status.NO_FURTHER_ACTION
    assert made.level is None

    other.get_by_role("link", name=f"Back to request {made.reference}").click()
    expect(heading(other)).to_contain_text(made.reference)
    second.check()
    expect(other.get_by_role("link", name="Decide on this request")).to_have_count(0)


def test_it_shows_a_duty_manager_who_has_viewed_the_family_a_request_names(tabs, cast):
    household, chloe, kelly = existing_family()
    made = submitted_by_school(cast)
    for named, found in zip(made.people.order_by("id"), [chloe, kelly], strict=True):
        actions.confirm_match(named, found, 0.99, by=cast.origin(cast.front_door))
    totp_device(cast.duty_manager)

    duty_manager = tabs.open("duty-manager")
    page = duty_manager.sign_in(cast.duty_manager, start=f"/requests/{made.reference}/")
    expect(heading(page)).to_contain_text(made.reference)
    page.get_by_role("link", name="Who has viewed this family").click()
    expect(heading(page)).to_have_text("Who has viewed this family")
    duty_manager.check()
    expect(page.locator(".govuk-caption-l")).to_contain_text(household.address)
    events = page.get_by_role("table", name=f"Audit events for household {household.pk}")
    matched = events.get_by_role("row").filter(has_text="fran_frontdoor")
    expect(matched.filter(has_text="Confirmed or rejected a match")).not_to_have_count(0)
    # The duty manager's own look at the request is there too.
    expect(events.get_by_role("row").filter(has_text="dev_duty")).not_to_have_count(0)
    # Looking at who has viewed the family is itself a view of the family, on the record.
    last = AuditEvent.objects.last()
    assert (last.actor_id, last.verb, last.household_id) == (
        cast.duty_manager.pk, Verb.VIEW, household.pk
    )
