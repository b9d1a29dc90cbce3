"""Journey of two-step login: a new committee member logs in, is sent to set
up an authenticator app, types the key into it (here: computes the code),
keeps the recovery codes shown once and reaches the dashboard; next time the
code is asked after the password. No page breaks the Content-Security-Policy."""

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from portal.roles import Role
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-123"


@pytest.mark.django_db(transaction=True)
def test_a_committee_member_sets_up_two_step_login_and_logs_in_with_a_code(page, live_server):
    UserFactory(username="delegate", role=Role.COMMITTEE, authenticator=False)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("delegate")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.get_by_test_id("two-factor-qr").locator("svg")).to_be_visible()
    secret = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    totp = TOTP(base64.b32decode(secret))
    page.locator("#id_token").fill(f"{totp.token():06d}")
    page.get_by_test_id("two-factor-confirm").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_test_id("recovery-codes-continue").click()
    page.wait_for_url("**/dashboard/committee/")

    # Next login: the code after the password (the next time step: a code works once).
    page.locator("[data-testid=current-user]").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("delegate")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.goto(f"{live_server.url}/dashboard/committee/")  # no way round the code
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.locator("#id_token").fill(codes[0])  # a recovery code
    page.locator("[data-testid=two-factor-verify] button[type=submit]").click()
    page.wait_for_url("**/dashboard/committee/")
    assert violations == []
