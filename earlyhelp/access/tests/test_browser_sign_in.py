"""Signing in through the real pages in Chromium, checked for accessibility on the way."""

import base64
import re

import django_otp.oath
import pytest
from playwright.sync_api import expect

from earlyhelp.core.testing import PASSWORD, current_token, totp_device
from earlyhelp.core.tests.browser import CODE_LABEL

pytestmark = pytest.mark.browser

# django-otp waits a second after the first wrong code before it checks another; a little more
# allows for a slow test machine.
THROTTLE_AFTER_ONE_WRONG_CODE_MS = 1_500


def test_it_signs_a_referrer_in_with_a_password_alone_and_returns_them_where_they_were(
    tabs, cast
):
    tab = tabs.open("referrer")
    page = tab.sign_in(cast.referrer, start="/account/")
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("Signed in as Sam Tester")).to_be_visible()


def test_it_keeps_someone_out_with_a_wrong_password_and_says_so(tabs, cast):
    tab = tabs.open("referrer")
    page = tab.goto("/sign-in/")
    tab.check()
    page.get_by_label("Username").fill(cast.referrer.username)
    page.get_by_label("Password").fill(PASSWORD + " typo")
    page.get_by_role("button", name="Sign in").click()
    tab.check()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value(cast.referrer.username)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_it_asks_a_duty_manager_for_a_code_and_refuses_a_wrong_one(tabs, cast):
    device = totp_device(cast.duty_manager)
    tab = tabs.open("duty-manager")
    page = tab.goto("/sign-in/")
    tab.check()
    page.get_by_label("Username").fill(cast.duty_manager.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE_LABEL)
    tab.check()
    # The password alone does not open the service.
    tab.goto("/account/")
    expect(page.get_by_label(CODE_LABEL)).to_be_visible()
    tab.check()

    wrong = f"{(int(current_token(device)) + 500_000) % 1_000_000:06d}"
    page.get_by_label(CODE_LABEL).fill(wrong)
    page.get_by_role("button", name="Continue").click()
    tab.check()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE_LABEL)
    page.get_by_role("link", name=re.compile("The code is not right")).click()
    expect(page.get_by_label(CODE_LABEL)).to_be_focused()

    # A wrong code makes the next one wait a moment before it is checked.
    page.wait_for_timeout(THROTTLE_AFTER_ONE_WRONG_CODE_MS)
    page.get_by_label(CODE_LABEL).fill(current_token(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    tab.check()
    expect(page.get_by_text("Signed in as Dev Tester")).to_be_visible()


def test_it_sets_up_an_authenticator_app_for_a_manager_who_has_none(tabs, cast):
    tab = tabs.open("team-manager")
    page = tab.goto("/account/")
    tab.check()
    page.get_by_label("Username").fill(cast.team_manager.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a second factor")
    tab.check()
    # What a person would type into their app by hand: the key shown under the QR code.
    key = page.locator("#manual-key").inner_text().replace(" ", "")
    secret = base64_key(key)
    page.get_by_label(re.compile(CODE_LABEL)).fill(f"{django_otp.oath.totp(secret):06d}")
    page.get_by_role("button", name="Confirm").click()
    tab.check()
    expect(page.get_by_text("Your second factor is set up")).to_be_visible()
    expect(page.get_by_text("Signed in as Tara Tester")).to_be_visible()


def base64_key(base32: str) -> bytes:
    padded = base32 + "=" * (-len(base32) % 8)
    return base64.b32decode(padded)
