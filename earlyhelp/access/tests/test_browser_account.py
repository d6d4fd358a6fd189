"""The account pages in Chromium, each checked with axe-core: a practitioner's account and
their optional second factor, an account locked after ten wrong passwords, and the home page
of a role with no work list yet."""

import re

import django_otp.oath
import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from earlyhelp.access.tests.test_browser_sign_in import base64_key
from earlyhelp.core.testing import PASSWORD
from earlyhelp.core.tests.browser import CODE_LABEL

pytestmark = pytest.mark.browser


def second_factor_row(page: Page) -> Locator:
    return page.locator(".govuk-summary-list__row").filter(has_text="Second factor")


def test_it_lets_a_practitioner_choose_a_second_factor_from_their_account(tabs, cast):
    tab = tabs.open("practitioner")
    page = tab.sign_in(cast.practitioner, start="/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Pat Tester")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Practitioner / lead professional"
    )
    expect(second_factor_row(page)).to_contain_text("Not set up.")

    page.get_by_role("link", name="Set up a second factor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a second factor")
    tab.check()
    # Their role does not need one: the page says it is their choice, not a rule.
    expect(page.get_by_text("Once set up, you will enter a code")).to_be_visible()
    expect(page.get_by_text("Your role needs a code")).to_have_count(0)
    secret = base64_key(page.locator("#manual-key").inner_text().replace(" ", ""))
    page.get_by_label(re.compile(CODE_LABEL)).fill(f"{django_otp.oath.totp(secret):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    tab.check()
    expect(page.get_by_role("alert")).to_contain_text("Your second factor is set up")
    expect(second_factor_row(page)).to_contain_text(
        "You sign in with a code from your authenticator app as well as your password."
    )
    expect(page.get_by_role("link", name="Set up a second factor")).to_have_count(0)
    assert TOTPDevice.objects.filter(user=cast.practitioner, confirmed=True).count() == 1

    # From now on the practitioner is asked for a code each time they sign in.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    tab.check()
    page.get_by_label("Username").fill(cast.practitioner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE_LABEL)
    tab.check()


def test_it_locks_an_account_after_ten_wrong_passwords_and_says_who_can_unlock_it(tabs, cast):
    tab = tabs.open("referrer")
    page = tab.goto("/sign-in/")
    tab.check()
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill(cast.referrer.username)
        page.get_by_label("Password").fill(f"not the password {attempt}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("Enter a correct username and password")
        tab.check()

    page.get_by_label("Username").fill(cast.referrer.username)
    page.get_by_label("Password").fill("not the password either")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    tab.check()
    expect(page.get_by_text("contact your administrator")).to_be_visible()

    # Even the right password now meets the same page.
    page = tab.goto("/sign-in/")
    tab.check()
    page.get_by_label("Username").fill(cast.referrer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    tab.check()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_it_takes_an_analyst_to_the_performance_dashboard(tabs, cast):
    tab = tabs.open("analyst")
    page = tab.sign_in(cast.analyst)
    expect(page).to_have_url(re.compile(r"/performance/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Performance dashboard")
    # Neither the duty queue nor the referrer's list is theirs.
    expect(page.get_by_role("heading", name="Duty queue")).to_have_count(0)
    expect(page.get_by_role("link", name="Request support")).to_have_count(0)
