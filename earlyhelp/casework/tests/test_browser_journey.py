"""A family's whole casework in Chromium, from allocation to closure: the team manager
allocates, the practitioner assesses, the manager signs the assessment off, the practitioner
plans with a health visitor in the Team Around the Family, the health visitor updates her own
action, a review raises the scaling score, and the case closes with every need met. Each
person works in their own browser, signs in on the real sign-in page (the manager with the
code from her authenticator app), and every page they see is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from earlyhelp.casework.models import Closure, ClosureReason, Episode, Need
from earlyhelp.casework.tests.test_worklists_builders import family
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus
from earlyhelp.core.testing import Cast, awaiting_episode, totp_device
from earlyhelp.core.tests.browser import CheckedPage, Tabs, fill_date
from earlyhelp.council.config import current
from earlyhelp.council.workdays import add_working_days

pytestmark = pytest.mark.browser

FAMILY = "The Brown family"
TEAM = "Early Help North"
PAT = "Pat Tester"  # the practitioner
TOBY = "Toby Tester"  # the health visitor in the Team Around the Family
HEALTH_VISITING = "Health visiting and school nursing"
ATTENDANCE = "Poor school attendance"
PARENTING = "Parenting support"
SCHOOL_RUN = "Walk Chloe to school on Mondays until her attendance is above 90%"
SLEEP_VISIT = "Home visit to agree a bedtime routine with Kelly"
ACTIONS_DUE_IN = dt.timedelta(days=30)
SLEEP_PROGRESS = "Visited on Tuesday; Kelly and Chloe have a bedtime chart on the fridge."


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def stage(page: Page) -> Locator:
    """The overview's stage tag."""
    return page.locator("p", has_text="Stage:").locator(".govuk-tag").first


def tab(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="This family's record").get_by_role(
        "link", name=name, exact=True)


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(f"^{re.escape(key)}$")))
    return row.locator(".govuk-summary-list__value").first


def family_row(page: Page) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=FAMILY, exact=True))


# 2. Allocation ------------------------------------------------------------------------------


def candidate(name: str) -> re.Pattern[str]:
    """A worker's radio, named with their team for screen reader users."""
    return re.compile(rf"^{name}\s*, {TEAM}$")


def allocate_to_the_practitioner(manager: CheckedPage, episode: Episode) -> None:
    page = manager.page
    page.get_by_role("link", name="Awaiting allocation", exact=True).click()
    expect(heading(page)).to_have_text("Awaiting allocation")
    manager.check()
    row = page.get_by_role("row").filter(has_text=episode.reference)
    expect(row).to_contain_text("3 Complex / intensive")
    expect(row).to_contain_text("Intensive family support")
    expect(row).to_contain_text(ATTENDANCE)
    row.get_by_role("link", name=FAMILY, exact=True).click()

    expect(heading(page)).to_have_text(FAMILY)
    expect(stage(page)).to_have_text("Awaiting allocation")
    expect(summary_value(page, "Lead professional")).to_have_text("Not allocated yet")
    manager.check()
    page.get_by_role("link", name="Allocate this family").click()
    expect(page.get_by_role("heading", name="Allocate this family")).to_be_visible()
    manager.check()

    # Each candidate's caseload: the open families they lead and the children in them.
    pat = page.get_by_role("radio", name=candidate(PAT))
    expect(pat).to_have_accessible_description(
        "Practitioner / lead professional: 1 family, 2 children")
    expect(page.get_by_role("radio", name=candidate("Tara Tester"))).to_have_accessible_description(
        "Team manager: 0 families, 0 children")
    page.get_by_label("Team", exact=True).select_option(label=TEAM)
    pat.check()
    page.get_by_role("button", name="Allocate", exact=True).click()

    expect(banner(page)).to_contain_text(f"{FAMILY} allocated to {PAT}, {TEAM}.")
    expect(summary_value(page, "Lead professional")).to_have_text(f"{PAT}, {TEAM}")
    expect(stage(page)).to_have_text("Assessment in progress")
    history = page.get_by_role("table").filter(has_text="Allocated by")
    expect(history.get_by_role("row").nth(1)).to_contain_text(f"{PAT} Current")
    expect(history.get_by_role("row").nth(1)).to_contain_text("First allocation")
    manager.check()


# 3. The assessment --------------------------------------------------------------------------


def find_the_family(worker: CheckedPage, due: dt.date) -> None:
    page = worker.page
    # Signing in lands a practitioner on their own list.
    expect(heading(page)).to_have_text("My families")
    row = family_row(page)
    expect(row).to_contain_text(short(due))
    expect(row).to_contain_text("Assessment due")
    row.get_by_role("link", name=FAMILY, exact=True).click()

    expect(heading(page)).to_have_text(FAMILY)
    expect(page.locator(".eh-your-worker")).to_contain_text(f"{PAT}, {TEAM} (you)")
    worker.check()
    page.get_by_role("table").filter(has_text="Worker").get_by_role("link").first.click()
    expect(heading(page)).to_have_text(FAMILY)
    expect(summary_value(page, "Assessment due")).to_have_text(long(due))
    worker.check()


def start_and_save_part_done(worker: CheckedPage, due: dt.date) -> None:
    page = worker.page
    tab(page, "Assessment").click()
    expect(page.get_by_text("The assessment has not been started.")).to_be_visible()
    expect(page.get_by_text(f"It is due by {long(due)}.")).to_be_visible()
    worker.check()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", name="Whole-family assessment")).to_be_visible()
    worker.check()

    chloe = page.get_by_role("group", name="Chloe Brown", exact=True)
    chloe.get_by_label("Strengths").fill("Loves drawing; close to her grandma.")
    chloe.get_by_label("Needs").fill("Gets to school on fewer than three days in four.")
    kelly = page.get_by_role("group", name="Kelly Brown", exact=True)
    kelly.get_by_label("Strengths").fill("Wants the best for Chloe and asks for help.")
    kelly.get_by_label("Needs").fill("Support with sleep and mornings around her shifts.")
    page.get_by_label("What are we worried about?").fill("Chloe misses school most Mondays.")
    page.get_by_label("What is working well?").fill("Grandma takes Chloe in on Fridays.")
    page.get_by_label("What needs to happen?").fill("A morning routine that fits Kelly's shifts.")
    page.get_by_label("Scaling score").fill("3")
    page.get_by_role("button", name="Save and come back later").click()

    expect(banner(page)).to_contain_text("Your changes have been saved. You can come back "
                                         "to them later.")
    expect(summary_value(page, "Status")).to_have_text("In progress")
    expect(summary_value(page, "Scaling score")).to_have_text("3 out of 10")
    expect(summary_value(page, "The child's voice")).to_have_text("Not recorded yet")
    worker.check()


def finish_and_submit(worker: CheckedPage) -> None:
    page = worker.page
    page.get_by_role("link", name="Continue the assessment").click()
    expect(page.get_by_role("heading", name="Whole-family assessment")).to_be_visible()
    worker.check()
    # What was saved part-done is still there.
    expect(page.get_by_role("group", name="Kelly Brown", exact=True).get_by_label("Needs")) \
        .to_have_value("Support with sleep and mornings around her shifts.")
    expect(page.get_by_label("Scaling score")).to_have_value("3")

    page.get_by_label("The child's voice").fill("I like school when my friends are there.")
    page.get_by_label("The family's view").fill("Kelly wants help with mornings and bedtimes.")
    page.get_by_role("group", name="Risk factors").get_by_label("Poverty").check()
    first = page.get_by_role("group", name="Add a need (1 of 2)")
    first.get_by_label("Need", exact=True).select_option(label=ATTENDANCE)
    first.get_by_label("Whose need").select_option(label="Chloe Brown")
    first.get_by_label("What shows this need").fill("Attendance 70% this term")
    second = page.get_by_role("group", name="Add a need (2 of 2)")
    second.get_by_label("Need", exact=True).select_option(label=PARENTING)
    second.get_by_label("Whose need").select_option(label="Whole family")
    second.get_by_label("What shows this need").fill("Late nights and missed mornings")
    page.get_by_role("button", name="Submit for sign-off").click()

    expect(banner(page)).to_contain_text("The assessment has been sent to the team manager")
    expect(summary_value(page, "Status")).to_have_text("Awaiting sign-off")
    needs = page.get_by_role("table").filter(has_text="Outcome it serves")
    expect(needs.get_by_role("row").filter(has_text=ATTENDANCE)).to_contain_text("Chloe Brown")
    expect(needs.get_by_role("row").filter(has_text=PARENTING)).to_contain_text("Whole family")
    expect(summary_value(page, "Risk factors")).to_have_text("Poverty")
    worker.check()


# 4. Sign-off --------------------------------------------------------------------------------


def open_from_my_team(manager: CheckedPage, stage_shown: str) -> None:
    page = manager.page
    page.get_by_role("link", name="My team", exact=True).click()
    expect(heading(page)).to_have_text("My team")
    manager.check()
    row = family_row(page)
    expect(row).to_contain_text(stage_shown)
    expect(row).to_contain_text(PAT)
    row.get_by_role("link", name=re.compile(r"^EH-\d+$")).click()
    expect(heading(page)).to_have_text(FAMILY)
    expect(stage(page)).to_have_text(stage_shown)
    manager.check()


def sign_off_the_assessment(manager: CheckedPage) -> None:
    page = manager.page
    open_from_my_team(manager, "Assessment awaiting sign-off")
    tab(page, "Assessment").click()
    expect(summary_value(page, "Status")).to_have_text("Awaiting sign-off")
    manager.check()
    page.get_by_role("link", name="Sign off or return the assessment").click()
    expect(page.get_by_role("heading", name="Sign off the assessment")).to_be_visible()
    manager.check()
    page.get_by_label("Yes, sign it off as complete").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(banner(page)).to_contain_text("The assessment is signed off as complete.")
    expect(summary_value(page, "Status")).to_have_text("Completed")
    expect(summary_value(page, "Signed off")).to_contain_text("by Tara Tester")
    manager.check()


# 5. The plan and the Team Around the Family -------------------------------------------------


def add_action(worker: CheckedPage, *, need: str, what: str, owner: str, whom: tuple[str, str],
               due: dt.date) -> None:
    page = worker.page
    page.get_by_role("link", name="Add an action").click()
    expect(page.get_by_role("heading", name="Add an action to the plan")).to_be_visible()
    worker.check()
    page.get_by_label("Which need is this action for?").select_option(label=need)
    page.get_by_label("What will be done?").fill(what)
    page.get_by_role("group", name="Who will do it?").get_by_label(owner, exact=True).check()
    page.get_by_label(whom[0], exact=True).select_option(label=whom[1])
    fill_date(page.get_by_role("group", name="By when?"), str(due.day), str(due.month),
              str(due.year))
    page.get_by_role("button", name="Add the action").click()
    expect(banner(page)).to_contain_text(f"Action added: {what}")
    worker.check()


def plan_with_the_health_visitor(worker: CheckedPage, today: dt.date) -> None:
    page = worker.page
    page.reload()
    expect(summary_value(page, "Status")).to_have_text("Completed")
    worker.check()
    tab(page, "Plan").click()
    expect(page.get_by_text("This family's plan has not started yet.")).to_be_visible()
    worker.check()
    page.get_by_role("button", name="Start the family plan").click()
    first_review = today + dt.timedelta(weeks=current().timescales.review_interval_weeks)
    expect(banner(page)).to_contain_text(
        f"The family plan has started. The first review is due by {long(first_review)}.")
    worker.check()

    in_a_month = today + ACTIONS_DUE_IN
    add_action(worker, need=f"{ATTENDANCE} (Chloe Brown)", what=SCHOOL_RUN,
               owner="A named worker", whom=("Worker", f"{PAT}, Fernhill Early Help"),
               due=in_a_month)
    add_action(worker, need=f"{PARENTING} (whole family)", what=SLEEP_VISIT,
               owner="A partner agency", whom=("Partner agency", HEALTH_VISITING),
               due=in_a_month)
    school_run = page.get_by_role("row").filter(has_text=SCHOOL_RUN)
    expect(school_run).to_contain_text(PAT)
    expect(school_run).to_contain_text("Not started")
    sleep_visit = page.get_by_role("row").filter(has_text=SLEEP_VISIT)
    expect(sleep_visit).to_contain_text(HEALTH_VISITING)
    expect(sleep_visit).to_contain_text(short(in_a_month))

    tab(page, "Team and consent").click()
    expect(page.get_by_text("No partner is in the Team Around the Family.")).to_be_visible()
    worker.check()
    page.get_by_label("Partner professional").select_option(
        label=f"{TOBY}, Team Around the Family member, {HEALTH_VISITING}")
    page.get_by_label("Their role in the Team Around the Family").fill("Health visitor")
    page.get_by_role("button", name="Add to the team").click()
    expect(banner(page)).to_contain_text(f"{TOBY} has joined the Team Around the Family.")
    members = page.get_by_role("table").filter(has_text="Current members")
    expect(members.get_by_role("row").filter(has_text=TOBY)).to_contain_text("Health visitor")
    worker.check()


# 6. The health visitor's own action ---------------------------------------------------------


def update_her_own_action(partner: CheckedPage, action_due: dt.date) -> None:
    page = partner.page
    # Signing in lands a partner on the families whose Team Around the Family she is in.
    expect(heading(page)).to_have_text("Families I support")
    row = page.get_by_role("row").filter(has_text=FAMILY)
    expect(row.get_by_role("cell")).to_have_text(
        [re.compile(FAMILY), "Health visitor", re.compile(PAT), "1", long(action_due)])
    row.get_by_role("link", name=re.compile(rf"^{FAMILY}\s*: plan$")).click()
    expect(heading(page)).to_have_text(FAMILY)
    # A partner sees the plan and the reviews, nothing else of the family's record.
    expect(page.get_by_role("navigation", name="This family's record").get_by_role("link")) \
        .to_have_text(["Plan", "Reviews"])
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)
    partner.check()
    page.get_by_role("link", name=f"{SLEEP_VISIT} (change)").click()
    expect(page.get_by_role("heading", name="Change an action")).to_be_visible()
    partner.check()
    page.get_by_role("group", name="Status").get_by_label("In progress").check()
    page.get_by_label("Latest progress").fill(SLEEP_PROGRESS)
    page.get_by_role("button", name="Save the action").click()

    expect(banner(page)).to_contain_text(f"Action saved: {SLEEP_VISIT}")
    row = page.get_by_role("row").filter(has_text=SLEEP_VISIT)
    expect(row).to_contain_text("In progress")
    expect(row).to_contain_text(SLEEP_PROGRESS)
    partner.check()


# 7. A review --------------------------------------------------------------------------------


def hold_a_review(worker: CheckedPage, today: dt.date) -> None:
    page = worker.page
    tab(page, "Plan").click()
    # The health visitor's word on her action is on the lead professional's plan too.
    expect(page.get_by_role("row").filter(has_text=SLEEP_VISIT)).to_contain_text(SLEEP_PROGRESS)
    worker.check()
    tab(page, "Reviews").click()
    expect(page.get_by_role("heading", name="Reviews", exact=True)).to_be_visible()
    worker.check()
    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("heading", name="Record a review")).to_be_visible()
    worker.check()

    fill_date(page.get_by_role("group", name="When was the review held?"),
              str(today.day), str(today.month), str(today.year))
    page.get_by_label("Who attended?").fill(
        "Kelly Brown (mother)\nToby Tester (health visitor)\nPat Tester (lead professional)")
    page.get_by_role("group", name=f"Progress on {ATTENDANCE} (Chloe Brown)") \
        .get_by_label("Better").check()
    page.get_by_role("group", name=f"Progress on {PARENTING} (whole family)", exact=True) \
        .get_by_label("Met").check()
    page.get_by_label(f"Status of: {SCHOOL_RUN}").select_option(label="In progress")
    page.get_by_label(f"Status of: {SLEEP_VISIT}").select_option(label="Done")
    page.get_by_label("New scaling score").fill("7")
    page.get_by_label("Decisions (optional)").fill("Keep the school run going to the next review.")
    next_review = today + dt.timedelta(weeks=6)
    fill_date(page.get_by_role("group", name="Date of the next review"),
              str(next_review.day), str(next_review.month), str(next_review.year))
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_role("heading", name=f"Review on {long(today)}")).to_be_visible()
    expect(banner(page)).to_contain_text(f"The review held on {long(today)} is recorded.")
    worker.check()

    page.get_by_role("link", name="Back to the reviews").click()
    expect(summary_value(page, "Next review")).to_have_text(long(next_review))
    expect(page.get_by_role("img", name="Scaling score over time")).to_be_visible()
    expect(page.locator("#scaling-chart-desc")).to_have_text(
        f"The family's scaling score went from 3 at assessment to 7 at the review on "
        f"{long(today)}, over 1 review.")
    scores = page.get_by_role("table", name="Scaling score over time")
    expect(scores.get_by_role("row").nth(1)).to_have_text(re.compile(r"^\s*Assessment\s*3\s*$"))
    expect(scores.get_by_role("row").nth(2)).to_have_text(
        re.compile(rf"^\s*{long(today)}\s*7\s*$"))
    every = page.get_by_role("table").filter(has_text="Attended")
    expect(every.get_by_role("row").nth(1)).to_contain_text("Toby Tester (health visitor)")
    worker.check()


# 8. Closure ---------------------------------------------------------------------------------


def ask_to_close(worker: CheckedPage) -> None:
    page = worker.page
    tab(page, "Overview").click()
    expect(stage(page)).to_have_text("Plan and reviews")
    worker.check()
    page.get_by_role("link", name="Close this family's episode").click()
    expect(page.get_by_role("heading", name="Close this episode")).to_be_visible()
    worker.check()
    page.get_by_role("group", name="Why is the episode closing?").get_by_label("Needs met").check()
    page.get_by_label("Summary of the work and how it ended").fill(
        "Chloe's attendance is back above 90% and the family has a routine that works.")
    for need in (f"{ATTENDANCE} (Chloe Brown)", f"{PARENTING} (whole family)"):
        page.get_by_role("group", name=f"Was this need met? {need}").get_by_label("Yes").check()
    page.get_by_role("group", name="Did things get better?").get_by_label("Yes").check()
    page.get_by_role("group", name="Were you listened to?").get_by_label("Yes").check()
    page.get_by_label("What the family said (optional)").fill("Mornings are calm now.")
    page.get_by_role("button", name="Send for sign-off").click()

    expect(banner(page)).to_contain_text("The closure was sent to the team manager to sign off.")
    expect(stage(page)).to_have_text("Closure awaiting sign-off")
    worker.check()


def sign_off_the_closure(manager: CheckedPage, episode: Episode) -> None:
    page = manager.page
    open_from_my_team(manager, "Closure awaiting sign-off")
    page.get_by_role("link", name="Sign off the closure").click()
    expect(page.get_by_role("heading", name="Closure awaiting your sign-off")).to_be_visible()
    expect(summary_value(page, "Reason")).to_have_text("Needs met")
    met = page.get_by_role("table").filter(has_text="Each need and whether it was met")
    for need in (f"{ATTENDANCE} (Chloe Brown)", f"{PARENTING} (whole family)"):
        expect(met.get_by_role("row").filter(has_text=need)
               .get_by_role("cell", name="Met", exact=True)).to_be_visible()
    expect(summary_value(page, "Did things get better?")).to_have_text("Yes")
    expect(summary_value(page, "In their own words")).to_have_text("Mornings are calm now.")
    manager.check()
    page.get_by_role("button", name="Sign off and close").click()

    expect(banner(page)).to_contain_text("The episode is closed.")
    expect(stage(page)).to_have_text("Closed")
    expect(page.locator(".govuk-caption-l")).to_have_text(f"{episode.reference} · Closed")
    expect(summary_value(page, "Closed")).to_have_text(long(timezone.localdate()))
    expect(page.get_by_role("link", name="Close this family's episode")).to_have_count(0)
    manager.check()
    page.get_by_role("link", name="Members, every episode and request").click()
    expect(heading(page)).to_have_text(FAMILY)
    expect(page.locator(".eh-your-worker")).to_contain_text("No open episode")
    row = page.get_by_role("row").filter(has_text=episode.reference)
    expect(row).to_contain_text("Closed: needs met")
    manager.check()


def no_longer_sees_the_plan(partner: CheckedPage) -> None:
    page = partner.page
    page.reload()
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_text(SLEEP_VISIT)).to_have_count(0)
    partner.check()
    page.get_by_role("link", name="Go to your work").click()
    expect(heading(page)).to_have_text("Families I support")
    expect(page.get_by_text("You are not in any family's Team Around the Family")).to_be_visible()
    partner.check()


def test_a_family_from_allocation_to_closure(tabs: Tabs, cast: Cast) -> None:
    # The front door's part is proven by its own journey: the duty manager has decided on
    # intensive family support, and the practitioner already leads another family.
    episode = awaiting_episode(cast)
    family(cast, "Adams", worker=cast.practitioner, children=2)
    totp_device(cast.team_manager)

    manager = tabs.open("team-manager")
    manager.sign_in(cast.team_manager)
    allocate_to_the_practitioner(manager, episode)
    today = timezone.localdate()
    due = add_working_days(today, current().timescales.assessment_working_days)

    worker = tabs.open("practitioner")
    worker.sign_in(cast.practitioner)
    find_the_family(worker, due)
    start_and_save_part_done(worker, due)
    finish_and_submit(worker)

    sign_off_the_assessment(manager)

    plan_with_the_health_visitor(worker, today)

    partner = tabs.open("health-visitor")
    partner.sign_in(cast.taf_member)
    update_her_own_action(partner, today + ACTIONS_DUE_IN)

    hold_a_review(worker, today)

    ask_to_close(worker)
    sign_off_the_closure(manager, episode)
    no_longer_sees_the_plan(partner)

    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED and episode.closed_at is not None
    assert episode.assessment.status == AssessmentStatus.COMPLETED
    assert Closure.objects.get(episode=episode).reason == ClosureReason.NEEDS_MET
    assert sorted(Need.objects.filter(episode=episode).values_list("code", "met")) == [
        ("ATT", True), ("PAR", True),
    ]
