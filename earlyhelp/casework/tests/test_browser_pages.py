"""Every casework page in Chromium that the journeys do not reach, each checked with axe-core:
lists with nothing in them, every form shown again with its mistakes (422), the page for a move
not possible now (409) and the plan action changed by someone else meanwhile (409); and every
form's main task done again with JavaScript switched off, as some people's browsers are.

Each person starts signed in (the sign-in pages are checked by the journeys), so the time goes
on the casework pages themselves."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from time_machine import TimeMachineFixture

from earlyhelp.access.models import User
from earlyhelp.casework.actions.closure import request_closure
from earlyhelp.casework.actions.panels import schedule_panel
from earlyhelp.casework.models import (
    ActionOwner,
    Assessment,
    ClosureReason,
    Episode,
    KeepInTouch,
    Panel,
    PanelCase,
    PlanAction,
)
from earlyhelp.casework.tests.test_plan_builders import planned_action, planned_episode
from earlyhelp.casework.tests.test_worklists_builders import family
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus, PanelStatus
from earlyhelp.core.testing import (
    MONDAY_MORNING,
    Cast,
    allocated_episode,
    decided_family,
    login,
)
from earlyhelp.core.tests.browser import CheckedPage, Tabs, fill_date
from earlyhelp.council.config import current

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("monday_morning")]

FAMILY = "The Brown family"
NoJavaScript = Callable[[User], Page]
Heading = str | re.Pattern[str]


def sign_in(context: BrowserContext, user: User, base_url: str) -> None:
    """Give the browser the cookie of a session in which `user` has signed in, with their
    second factor where their role needs one."""
    client = login(Client(), user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base_url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def signed_in(tabs: Tabs, user: User, who: str) -> CheckedPage:
    tab = tabs.open(who)
    sign_in(tab.page.context, user, tabs.base_url)
    return tab


@pytest.fixture
def no_javascript(tabs: Tabs) -> Iterator[NoJavaScript]:
    """Tabs, each signed in as someone, in a browser with JavaScript switched off. axe-core
    cannot run there (it is JavaScript), so these pages are checked in `tabs` instead."""
    contexts = []

    def open_as(user: User) -> Page:
        context = tabs.browser.new_context(java_script_enabled=False, locale="en-GB",
                                           timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        sign_in(context, user, tabs.base_url)
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def open_page(tab: CheckedPage, path: str, heading: Heading,
              status: int = 200) -> Page:
    """Open `path` and see its heading and answer. Left unchecked only when another browser
    test checks the page as it is here, or this test checks it next with its mistakes."""
    answer = tab.page.goto(tab.url(path))
    assert answer is not None and answer.status == status, (path, answer and answer.status)
    expect(tab.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    return tab.page


def show(tab: CheckedPage, path: str, heading: Heading,
         status: int = 200) -> Page:
    """Open `path`, see its heading and answer, and check it with axe-core."""
    page = open_page(tab, path, heading, status)
    tab.check()
    return page


def press(page: Page, button: str) -> int:
    """Press a form's button; the status of the answer to the post (302 when it was done)."""
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.request.resource_type == "document") as answer:
        page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")
    return answer.value.status


def problems(page: Page) -> list[str]:
    return page.locator(".govuk-error-summary__list a").all_inner_texts()


# Lists with nothing in them ----------------------------------------------------------------


def test_lists_and_pages_with_nothing_in_them_yet(tabs: Tabs, cast: Cast) -> None:
    manager = signed_in(tabs, cast.team_manager, "manager")
    page = show(manager, "/casework/", "My families")
    expect(page.get_by_text("No families are allocated to you")).to_be_visible()
    page = show(manager, "/casework/team/", "My team")
    expect(page.get_by_text("Your team has no open families")).to_be_visible()
    page = show(manager, "/casework/awaiting-allocation/", "Awaiting allocation")
    expect(page.get_by_text("No families are waiting for allocation.")).to_be_visible()
    page = show(manager, "/casework/panels/", "Children and Family Panel")
    expect(page.get_by_text("No panel is scheduled.")).to_be_visible()
    expect(page.get_by_text("No panel has been held yet.")).to_be_visible()
    page = show(manager, "/casework/audits/due/", re.compile("^Cases to audit in"))
    expect(page.get_by_text("Every open case of your team has been audited this month.")) \
        .to_be_visible()

    partner = signed_in(tabs, cast.taf_member, "partner")
    page = show(partner, "/casework/supporting/", "Families I support")
    expect(page.get_by_text("You are not in any family's Team Around the Family")).to_be_visible()

    episode = allocated_episode(cast)
    base = f"/casework/episodes/{episode.pk}"
    worker = signed_in(tabs, cast.practitioner, "practitioner")
    page = show(worker, f"{base}/notes/", "Case notes")
    expect(page.get_by_text("No notes have been written yet.")).to_be_visible()
    page = show(worker, f"{base}/notes/?kind=significant", "Case notes")
    expect(page.get_by_text("No significant events have been recorded.")).to_be_visible()
    page = show(worker, f"{base}/audits/", "Quality audits")
    expect(page.get_by_text("This case has not been audited yet.")).to_be_visible()
    page = show(worker, f"{base}/reviews/", "Reviews")
    expect(page.get_by_text("Reviews start when the family plan starts")).to_be_visible()
    page = show(worker, f"{base}/panel/", "List this family for the Children and Family Panel")
    expect(page.get_by_text("No panel is scheduled yet: schedule a panel first.")).to_be_visible()
    page = show(worker, f"{base}/chronology/", "Chronology")
    expect(page.get_by_role("table")).to_contain_text(episode.opened_by.reference)
    page = show(worker, f"{base}/edge-of-care/", "Edge of care")
    expect(page.get_by_text("Now: Not edge of care.")).to_be_visible()
    # A page the role does not allow: the practitioner cannot schedule a panel.
    page = show(worker, "/casework/panels/new/", "You cannot do this", status=403)


# Forms shown again with their mistakes, and moves not possible now -------------------------


def next_week_panel(cast: Cast) -> Panel:
    """A panel next Monday at ten, chaired by the team manager."""
    return schedule_panel(meets_on=timezone.localdate() + dt.timedelta(days=7),
                          starts_at=dt.time(10, 0), chair=cast.team_manager,
                          location="Room 3, Civic Centre", by=cast.origin(cast.team_manager))


def awaiting_closure_sign_off(cast: Cast) -> Episode:
    """The Clarke family, whose worker has asked to close the episode."""
    episode = family(cast, "Clarke", worker=cast.practitioner)
    request_closure(episode, reason=ClosureReason.MOVED_AWAY, summary="Moved to Leeds.",
                    needs_met={}, things_better="yes", listened_to="yes",
                    by=cast.origin(cast.practitioner))
    return episode


def assessment_in(cast: Cast, name: str, status: AssessmentStatus) -> Episode:
    """The `name` family, allocated to the practitioner, with an assessment at `status`."""
    episode = family(cast, name, worker=cast.practitioner)
    Assessment.objects.create(episode=episode, started_at=timezone.now(), status=status,
                              due_on=episode.assessment_due_on or timezone.localdate(),
                              worries="Money is short.", updated_by=cast.practitioner)
    return episode


def a_manager_s_mistakes(manager: CheckedPage, cast: Cast, brown: Episode) -> None:
    adams = family(cast, "Adams")
    clarke = awaiting_closure_sign_off(cast)
    davies = assessment_in(cast, "Davies", AssessmentStatus.SUBMITTED)
    panel = next_week_panel(cast)

    page = open_page(manager, f"/casework/episodes/{adams.pk}/allocate/", "Allocate this family")
    assert press(page, "Allocate") == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose the team that will hold this family")
    manager.check()

    page = open_page(manager, f"/casework/episodes/{clarke.pk}/close/sign-off/",
                "Closure awaiting your sign-off")
    assert press(page, "Return to the worker") == 422
    assert problems(page) == ["Say what the worker needs to do before closing"]
    manager.check()

    page = open_page(manager, f"/casework/episodes/{davies.pk}/assessment/sign-off/",
                "Sign off the assessment")
    assert press(page, "Record the decision") == 422
    assert problems(page) == ["Choose whether to sign off the assessment or return it"]
    manager.check()

    # Listing the Browns twice for the same panel: the second time says why it cannot be done.
    listing = f"/casework/episodes/{brown.pk}/panel/"
    page = show(manager, listing, "List this family for the Children and Family Panel")
    assert press(page, "List for this panel") == 302
    expect(page.get_by_role("alert")).to_contain_text("Listed as item 1 for the panel on")
    page = open_page(manager, listing, "List this family for the Children and Family Panel")
    assert press(page, "List for this panel") == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("This cannot be done now")
    expect(page.get_by_text("This family is already on the agenda of the panel on")) \
        .to_be_visible()
    manager.check()

    page = show(manager, f"/casework/panels/{panel.pk}/agenda/", re.compile("Agenda"))
    expect(page.get_by_text(FAMILY)).to_be_visible()
    # This morning's panel met with a family still to decide on: it cannot be marked held.
    this_morning = Panel.objects.create(
        meets_at=timezone.now() - dt.timedelta(minutes=30), chair=cast.team_manager)
    PanelCase.objects.create(panel=this_morning, episode=davies, position=1,
                             listed_by=cast.team_manager, listed_at=timezone.now())
    page = open_page(manager, f"/casework/panels/{this_morning.pk}/", "Monday 2 November 2026")
    assert press(page, "Mark panel as held") == 422
    expect(page.get_by_role("alert")).to_contain_text("Record a decision for every case first")
    manager.check()

    page = show(manager, "/casework/audits/due/", re.compile("^Cases to audit in"))
    page.get_by_role("link", name=f"Audit {FAMILY}").click()
    expect(page.get_by_role("heading", name="Audit this case")).to_be_visible()
    assert press(page, "Record the audit") == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose a grade for the case")
    manager.check()
    for item in current().audit_checklist:
        page.get_by_role("group", name=item.question).get_by_label("Yes").check()
    page.get_by_role("group", name="Grade").get_by_label("Good").check()
    page.get_by_label("Comments").fill("A clear plan, reviewed on time.")
    assert press(page, "Record the audit") == 302
    expect(page.get_by_role("heading", name="Quality audits")).to_be_visible()
    expect(page.get_by_text("A clear plan, reviewed on time.")).to_be_visible()
    manager.check()


def a_worker_s_mistakes(tabs: Tabs, worker: CheckedPage, cast: Cast, brown: Episode,
                        action: PlanAction) -> None:
    base = f"/casework/episodes/{brown.pk}"
    page = open_page(worker, f"{base}/notes/", "Case notes")
    page.get_by_text("Add a note").click()
    assert press(page, "Add note") == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose what kind of note")
    worker.check()
    page.get_by_role("group", name="What kind of note is this?").get_by_label("Home visit").check()
    fill_date(page.get_by_role("group", name="When did it happen?"), "2", "11", "2026")
    page.get_by_label("Summary").fill("Visited Kelly and Chloe at home")
    assert press(page, "Add note") == 302
    expect(page.get_by_role("heading", name="Visited Kelly and Chloe at home")).to_be_visible()
    worker.check()

    page = open_page(worker, f"{base}/edge-of-care/", "Edge of care")
    page.get_by_label("At imminent risk of entering care").check()
    assert press(page, "Save") == 422
    expect(page.get_by_role("alert")).to_contain_text("Explain why the flag is changing")
    worker.check()

    page = open_page(worker, f"{base}/plan/actions/new/", "Add an action to the plan")
    assert press(page, "Add the action") == 422
    expect(page.get_by_role("alert")).to_contain_text("Say what will be done")
    worker.check()

    address = f"{base}/plan/actions/{action.pk}/"
    page = open_page(worker, address, "Change an action")
    page.get_by_label("What will be done?").fill("")
    assert press(page, "Save the action") == 422
    expect(page.get_by_role("alert")).to_contain_text("Say what will be done")
    worker.check()

    # Two of the worker's own tabs on one action: the second save is told of the first.
    first = open_page(worker, address, "Change an action")
    second_tab = tabs.beside(worker, "practitioner-second-tab")
    second = open_page(second_tab, address, "Change an action")
    first.get_by_label("Latest progress").fill("Kelly has a morning routine chart.")
    assert press(first, "Save the action") == 302
    second.get_by_label("Latest progress").fill("Chloe was late twice this week.")
    assert press(second, "Save the action") == 409
    expect(second.get_by_role("alert")).to_contain_text("Someone else changed this action")
    expect(second.locator("#current-action")).to_contain_text("Kelly has a morning routine chart.")
    expect(second.get_by_label("Latest progress")).to_have_value("Chloe was late twice this week.")
    second_tab.check()

    page = open_page(worker, f"{base}/taf/", "Team Around the Family")
    assert press(page, "Add to the team") == 422
    assert problems(page) == ["Choose who is joining the Team Around the Family",
                              "Say what their role in the Team Around the Family is"]
    worker.check()

    page = open_page(worker, f"{base}/close/", "Close this episode")
    assert press(page, "Send for sign-off") == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose the reason for closing")
    worker.check()

    evans = assessment_in(cast, "Evans", AssessmentStatus.DRAFT)
    editing = f"/casework/episodes/{evans.pk}/assessment/edit/"
    first = open_page(worker, editing, "Whole-family assessment")
    second = open_page(second_tab, editing, "Whole-family assessment")
    first.get_by_label("What is working well?").fill("Grandma helps on Fridays.")
    assert press(first, "Save and come back later") == 302
    second.get_by_label("What needs to happen?").fill("A budget that lasts the month.")
    assert press(second, "Save and come back later") == 409
    expect(second.get_by_text("Your changes have not been saved")).to_be_visible()
    expect(second.get_by_label("What needs to happen?")).to_have_value(
        "A budget that lasts the month.")
    second_tab.check()

    # Last, as it closes the episode: step up, and then a step-up no longer possible.
    page = open_page(worker, f"{base}/step-up/", "Step up to children's social care")
    assert press(page, "Step up and close the episode") == 422
    expect(page.get_by_role("alert")).to_contain_text(
        "Explain why the family needs children's social care")
    worker.check()
    page.get_by_label("Why does this family need children's social care?").fill(
        "Chloe disclosed harm at school today.")
    assert press(page, "Step up and close the episode") == 302
    expect(page.get_by_role("alert")).to_contain_text("was stepped up to children's social care")
    page = show(worker, f"{base}/step-up/", "This cannot be done now", status=409)


def test_forms_with_their_mistakes_and_moves_not_possible_now(tabs: Tabs, cast: Cast) -> None:
    brown = planned_episode(cast)
    action = planned_action(cast, brown, owner_kind=ActionOwner.WORKER,
                            owner_user=cast.practitioner, owner_agency=None)
    manager = signed_in(tabs, cast.team_manager, "manager")
    a_manager_s_mistakes(manager, cast, brown)

    # The health visitor in the Browns' Team Around the Family has their own action to do.
    partner = signed_in(tabs, cast.taf_member, "partner")
    page = show(partner, "/casework/supporting/", "Families I support")
    expect(page.get_by_role("row").filter(has_text=FAMILY)).to_contain_text("Health visitor")

    worker = signed_in(tabs, cast.practitioner, "practitioner")
    a_worker_s_mistakes(tabs, worker, cast, brown, action)

    front_door = signed_in(tabs, cast.front_door, "front-door")
    call = KeepInTouch.objects.filter(request=decided_family(cast, outcome=1)).earliest("due_on")
    page = open_page(front_door, f"/casework/keep-in-touch/{call.pk}/",
                re.compile("^Keep-in-touch call due"))
    assert press(page, "Record the call") == 422
    expect(page.get_by_role("alert")).to_contain_text("Say what the family told you")
    front_door.check()


# Every form's main task with JavaScript switched off ----------------------------------------

ADAMS = "The Adams family"
CHILD = "Child0 Adams"
MOTHER = "Jo Adams"


def fill_today(page: Page, group: str) -> None:
    today = timezone.localdate()
    fill_date(page.get_by_role("group", name=group), str(today.day), str(today.month),
              str(today.year))


def done(page: Page, button: str, banner: str) -> None:
    """Press the button: the change is made (a redirect) and the page it leads to says so."""
    assert press(page, button) == 302, page.locator("main").inner_text()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(banner)


def open_without_javascript(page: Page, base_url: str, path: str, heading: Heading) -> Page:
    answer = page.goto(f"{base_url}{path}")
    assert answer is not None and answer.status == 200, path
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # The page's own script never ran.
    expect(page.locator("body.js-enabled")).to_have_count(0)
    return page


def assess_the_adams_family(page: Page, go: Callable[[str, Heading], Page], base: str) -> None:
    page = go(f"{base}/assessment/", ADAMS)
    assert press(page, "Start the assessment") == 302
    expect(page.get_by_role("heading", name="Whole-family assessment")).to_be_visible()
    for name, strengths, needs in [
        (CHILD, "Loves football.", "Misses school on Mondays."),
        (MOTHER, "Asks for help.", "Mornings around her shifts."),
    ]:
        member = page.get_by_role("group", name=name, exact=True)
        member.get_by_label("Strengths").fill(strengths)
        member.get_by_label("Needs").fill(needs)
    page.get_by_label("What are we worried about?").fill("School on Mondays.")
    page.get_by_label("What is working well?").fill("Grandma helps on Fridays.")
    page.get_by_label("What needs to happen?").fill("A morning routine.")
    page.get_by_label("Scaling score").fill("4")
    page.get_by_label("The child's voice").fill("I like football club.")
    page.get_by_label("The family's view").fill("Jo wants help with mornings.")
    need = page.get_by_role("group", name="Add a need (1 of 2)")
    need.get_by_label("Need", exact=True).select_option(label="Poor school attendance")
    need.get_by_label("Whose need").select_option(label=CHILD)
    need.get_by_label("What shows this need").fill("Attendance 75% this term")
    done(page, "Submit for sign-off", "sent to the team manager")


def plan_for_the_adams_family(page: Page, go: Callable[[str, Heading], Page], base: str) -> None:
    page = go(f"{base}/plan/", ADAMS)
    done(page, "Start the family plan", "The family plan has started.")
    page = go(f"{base}/plan/actions/new/", "Add an action to the plan")
    page.get_by_label("Which need is this action for?").select_option(
        label=f"Poor school attendance ({CHILD})")
    page.get_by_label("What will be done?").fill("Health visitor helps set up mornings")
    # Without JavaScript every choice's follow-up question is shown; the chosen one counts.
    page.get_by_role("group", name="Who will do it?").get_by_label(
        "A partner agency", exact=True).check()
    page.get_by_label("Partner agency", exact=True).select_option(
        label="Health visiting and school nursing")
    in_a_month = timezone.localdate() + dt.timedelta(days=30)
    fill_date(page.get_by_role("group", name="By when?"), str(in_a_month.day),
              str(in_a_month.month), str(in_a_month.year))
    done(page, "Add the action", "Action added: Health visitor helps set up mornings")

    page = go(f"{base}/taf/", ADAMS)
    page.get_by_label("Partner professional").select_option(
        label="Toby Tester, Team Around the Family member, Health visiting and school nursing")
    page.get_by_label("Their role in the Team Around the Family").fill("Health visitor")
    done(page, "Add to the team", "Toby Tester has joined the Team Around the Family.")


def test_every_form_does_its_job_without_javascript(
    tabs: Tabs, no_javascript: NoJavaScript, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    adams = family(cast, "Adams")
    fox = family(cast, "Fox", worker=cast.practitioner)
    call = KeepInTouch.objects.filter(request=decided_family(cast, outcome=1)).earliest("due_on")
    base = f"/casework/episodes/{adams.pk}"
    manager, worker = no_javascript(cast.team_manager), no_javascript(cast.practitioner)
    partner, front_door = no_javascript(cast.taf_member), no_javascript(cast.front_door)

    def as_manager(path: str, heading: Heading) -> Page:
        return open_without_javascript(manager, tabs.base_url, path, heading)

    def as_worker(path: str, heading: Heading) -> Page:
        return open_without_javascript(worker, tabs.base_url, path, heading)

    # A panel a quarter of an hour from now, so that it can be held this morning.
    page = as_manager("/casework/panels/new/", "Schedule a panel")
    fill_today(page, "Date")
    page.get_by_label("Start time").fill("09:45")
    page.get_by_label("Where the panel meets").fill("Room 3, Civic Centre")
    page.get_by_label("Chair", exact=True).select_option(value=str(cast.team_manager.pk))
    done(page, "Schedule the panel", "Panel scheduled for")

    page = as_manager(f"{base}/allocate/", "Allocate this family")
    page.get_by_label("Team", exact=True).select_option(label="Early Help North")
    page.get_by_role("radio", name=re.compile(r"^Pat Tester")).check()
    done(page, "Allocate", f"{ADAMS} allocated to Pat Tester, Early Help North.")

    assess_the_adams_family(worker, as_worker, base)
    page = as_manager(f"{base}/assessment/sign-off/", "Sign off the assessment")
    page.get_by_label("Yes, sign it off as complete").check()
    done(page, "Record the decision", "The assessment is signed off as complete.")

    plan_for_the_adams_family(worker, as_worker, base)
    action = PlanAction.objects.get(plan__episode=adams)
    page = open_without_javascript(partner, tabs.base_url, f"{base}/plan/actions/{action.pk}/",
                                   "Change an action")
    page.get_by_role("group", name="Status").get_by_label("In progress").check()
    page.get_by_label("Latest progress").fill("First visit made.")
    done(page, "Save the action", "Action saved")
    page = as_worker(f"{base}/plan/actions/{action.pk}/", "Change an action")
    page.get_by_label("What will be done?").fill("Health visitor visits weekly")
    done(page, "Save the action", "Action saved: Health visitor visits weekly")

    page = as_worker(f"{base}/reviews/new/", "Record a review")
    page.get_by_label("Who attended?").fill(f"{MOTHER} (mother)\nPat Tester (lead)")
    page.get_by_role("group", name=f"Progress on Poor school attendance ({CHILD})") \
        .get_by_label("Better").check()
    page.get_by_label("New scaling score").fill("6")
    done(page, "Record the review", "is recorded.")

    page = as_worker(f"{base}/notes/", "Case notes")
    page.get_by_text("Add a note").click()
    page.get_by_role("group", name="What kind of note is this?").get_by_label("Meeting").check()
    fill_today(page, "When did it happen?")
    page.get_by_label("Summary").fill("Met the school's attendance officer")
    done(page, "Add note", "Your note was added to the family's record.")

    page = as_worker(f"{base}/edge-of-care/", "Edge of care")
    page.get_by_label("Returning home from care").check()
    page.get_by_label("Why?").fill("Child0 came home from foster care last week.")
    done(page, "Save", "Edge of care: Returning home from care.")

    page = as_worker(f"{base}/panel/", "List this family for the Children and Family Panel")
    done(page, "List for this panel", "Listed as item 1 for the panel on")
    panel = Panel.objects.get()
    page = as_manager(f"/casework/panels/{panel.pk}/", re.compile(r"^Monday 2 November"))
    page.get_by_role("link", name="Record decision for item 1").click()
    page.get_by_label("Decision").fill("Carry on with intensive family support.")
    page.get_by_label("Lead professional appointed").select_option(
        value=str(cast.practitioner.pk))
    page.get_by_label("Agreed actions").fill("Weekly home visits.")
    done(page, "Save the decision", "Decision recorded for item 1.")
    time_machine.move_to(MONDAY_MORNING + dt.timedelta(minutes=20), tick=False)
    done(page, "Mark panel as held", "The panel is marked as held.")

    page = as_manager(f"{base}/audits/new/", "Audit this case")
    for item in current().audit_checklist:
        page.get_by_role("group", name=item.question).get_by_label("Partly").check()
    page.get_by_role("group", name="Grade").get_by_label("Requires improvement").check()
    page.get_by_label("Comments").fill("Reviews need the partners there.")
    done(page, "Record the audit", "recorded: requires improvement.")

    page = as_worker(f"{base}/close/", "Close this episode")
    page.get_by_role("group", name="Why is the episode closing?").get_by_label("Needs met").check()
    page.get_by_label("Summary of the work and how it ended").fill("Attendance is back up.")
    page.get_by_role("group", name=re.compile("^Was this need met?")).get_by_label("Yes").check()
    page.get_by_role("group", name="Did things get better?").get_by_label("Yes").check()
    page.get_by_role("group", name="Were you listened to?").get_by_label("Yes").check()
    done(page, "Send for sign-off", "The closure was sent to the team manager to sign off.")
    page = as_manager(f"{base}/close/sign-off/", "Closure awaiting your sign-off")
    done(page, "Sign off and close", "The episode is closed.")

    page = as_worker(f"/casework/episodes/{fox.pk}/step-up/",
                     "Step up to children's social care")
    page.get_by_label("Why does this family need children's social care?").fill(
        "Police attended a serious incident at home last night.")
    done(page, "Step up and close the episode", "was stepped up to children's social care")

    page = open_without_javascript(front_door, tabs.base_url, f"/casework/keep-in-touch/{call.pk}/",
                                   re.compile("^Keep-in-touch call due"))
    page.get_by_label("What did the family tell you?").fill("Chloe has joined a homework club.")
    page.get_by_role("group", name="Does the family need more help?").get_by_label("No").check()
    done(page, "Record the call", "The call was recorded.")

    adams.refresh_from_db()
    fox.refresh_from_db()
    assert (adams.status, adams.edge_of_care) == (EpisodeStatus.CLOSED, "returning_home")
    assert fox.status == EpisodeStatus.CLOSED
    assert Panel.objects.get().status == PanelStatus.HELD
    call.refresh_from_db()
    assert call.done_at is not None
