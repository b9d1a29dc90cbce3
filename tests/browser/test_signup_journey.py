import re

import pytest
from django.core import mail
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_new_ngo_user_signs_up_verifies_logs_in_and_switches_language(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up as an NGO").click()
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Wanjiru")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("E-mail address").fill("amina@nairobi-health.example.org")
    page.locator("#id_password1").fill("Nairobi-health-2026")
    page.locator("#id_password2").fill("Nairobi-health-2026")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("signup-done")).to_contain_text("amina@nairobi-health.example.org")

    assert [m.to for m in mail.outbox] == [["amina@nairobi-health.example.org"]]
    path = re.search(r"/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("alert")).to_contain_text("Your e-mail address is verified")

    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("Nairobi-health-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("NGO representative")

    with page.expect_navigation():  # the choice submits itself; wait for the page in the new language
        page.select_option("#language-select", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
