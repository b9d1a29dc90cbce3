import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.models import Registration
from tests.participation.factories import make_meeting, make_member, make_org, make_staff

PASSWORD = "pw-for-tests-123"


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username, PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_designate_register_approve_confirm_badge_and_check_in(page, live_server, login):
    org = make_org("general", areas=["hiv-aids"])
    fp = make_member(org, focal_point=True, username="focal")
    make_member(org, username="grace", email="grace@kwhn.example.org", first_name="Grace", last_name="Otieno")
    staff = make_staff()
    staff.username = "officer"
    staff.save()
    today = timezone.localdate()
    hearing = make_meeting(kind="ga-hearing", starts_on=today, ends_on=today)
    hearing.title = "Informal interactive hearing on HIV/AIDS"
    hearing.save()
    del fp

    # The focal point designates Grace for this year.
    login("focal", PASSWORD)
    page.goto(f"{live_server.url}/participation/representatives/")
    page.get_by_label("Designated as").select_option("main")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Otieno")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Portal account (e-mail)").fill("grace@kwhn.example.org")
    page.get_by_role("button", name="Designate").click()
    expect(page.get_by_test_id("designations")).to_contain_text("Grace Otieno")
    expect(page.get_by_test_id("designations")).to_contain_text(f"31 December {today.year}")

    # Grace registers herself for the hearing.
    _switch(page, login, "grace")
    page.goto(f"{live_server.url}/participation/")
    page.get_by_role("link", name="Informal interactive hearing on HIV/AIDS").click()
    page.get_by_label("Representative").select_option(index=1)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Grace Otieno is registered")
    expect(page.get_by_test_id("registration-state")).to_have_text("Awaiting your organisation's approval")

    # The focal point approves.
    _switch(page, login, "focal")
    page.goto(f"{live_server.url}/participation/registrations/")
    page.get_by_role("button", name="Approve").click()
    reg = Registration.objects.get()
    expect(page.get_by_test_id(f"state-{reg.pk}")).to_have_text("Awaiting confirmation by the Secretariat")

    # The secretariat confirms; the pass is issued.
    _switch(page, login, "officer")
    page.goto(f"{live_server.url}/participation/meetings/{hearing.pk}/registrations/")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id(f"staff-state-{reg.pk}")).to_have_text("Confirmed")
    reg.refresh_from_db()

    # Grace downloads her pass: a PDF with the QR code.
    _switch(page, login, "grace")
    page.goto(f"{live_server.url}/participation/registrations/")
    href = page.get_by_role("link", name="Pass (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:4] == b"%PDF"

    # The check-in desk types the code, sees who it is, marks arrival.
    _switch(page, login, "officer")
    page.goto(f"{live_server.url}/participation/check-in/")
    page.get_by_label("Pass code").fill(reg.badge_code.lower())
    page.get_by_role("button", name="Verify pass").click()
    result = page.get_by_test_id("pass-result")
    expect(result).to_contain_text("Grace Otieno")
    expect(result).to_contain_text(org.name)
    expect(page.get_by_test_id("pass-validity")).to_contain_text("Valid from")
    page.get_by_role("button", name="Mark arrival").click()
    expect(page.get_by_test_id("arrived")).to_contain_text("Arrived at")
    assert Registration.objects.get().checked_in_at is not None


@pytest.mark.django_db(transaction=True)
def test_statement_refused_at_2001_words_and_accepted_at_2000(page, live_server, login):
    org = make_org("general")
    make_member(org, focal_point=True, username="writer")
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc",
                           starts_on=timezone.localdate() + datetime.timedelta(days=7))
    login("writer", PASSWORD)
    page.goto(f"{live_server.url}/participation/meetings/{meeting.pk}/statements/new/")
    expect(page.get_by_test_id("word-limit")).to_contain_text("2,000 words")
    page.get_by_label("Title").fill("Financing for development")
    page.get_by_label("Text of the statement").fill("development " * 2001)
    page.get_by_role("button", name="Submit statement").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text(
        "The statement has 2,001 words; the limit for your organisation at this meeting is 2,000 words.")
    page.get_by_label("Text of the statement").fill("development " * 2000)
    page.get_by_role("button", name="Submit statement").click()
    expect(page.get_by_role("alert")).to_contain_text("Your statement is submitted (2000 words).")
    expect(page.get_by_test_id("statement-state")).to_have_text("Under review by the Secretariat")
