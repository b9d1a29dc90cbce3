"""Journeys of the shell and of meetings: on a phone (390×844) the menu folds
behind one button; on a desktop its menus open; an ended meeting is shown as
ended and offers no registration; the statement counter counts as the server."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.participation.factories import designate, make_meeting, make_member, make_org
from tests.utils_auth import enter_code_if_asked

PASSWORD = "pw-for-tests-123"


def _login(page, live_server, username, password="demo"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    enter_code_if_asked(page, username)
    page.wait_for_url("**/dashboard/**")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_menu_folds_behind_one_button(browser, browser_context_args, live_server, demo):
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 844},
                                     "is_mobile": True, "has_touch": True})
    try:
        page = context.new_page()
        _login(page, live_server, "secretariat")
        menu = page.get_by_test_id("main-menu")
        toggle = page.get_by_test_id("menu-toggle")
        expect(toggle).to_be_visible()
        expect(menu).to_be_hidden()
        # Nothing overflows the phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        toggle.click()
        expect(menu).to_be_visible()
        menu.get_by_role("button", name="Accreditation").click()
        menu.get_by_role("link", name="Pre-screening queue").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-screening")
        expect(page.get_by_test_id("breadcrumbs")).to_contain_text("Accreditation")
        expect(page.get_by_test_id("main-menu")).to_be_hidden()  # folded again on the new page
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_on_a_desktop_the_menus_are_few_and_open_on_click(page, live_server, demo):
    _login(page, live_server, "secretariat")
    expect(page.get_by_test_id("menu-toggle")).to_be_hidden()
    top = page.locator("#mainnav > ul.navbar-nav").first.locator(":scope > li")
    assert top.count() <= 7
    entry = page.get_by_test_id("menu-meetings").get_by_role("link", name="Check-in desk")
    expect(entry).to_be_hidden()
    page.get_by_role("button", name="Meetings").click()
    expect(entry).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_ended_meeting_shows_as_ended_and_refuses_registration(page, live_server, login):
    org = make_org("general")
    fp = make_member(org, focal_point=True, username="focal")
    designate(org, by=fp)
    today = timezone.localdate()
    ended = make_meeting(starts_on=today - datetime.timedelta(days=3), ends_on=today - datetime.timedelta(days=1),
                         open_days=(-30, 5))  # its window was left open by mistake
    ended.title = "Hearing that is over"
    ended.save(update_fields=["title"])
    login("focal", PASSWORD)
    page.goto(f"{live_server.url}/participation/?when=past")
    expect(page.get_by_test_id("meeting-list")).to_contain_text("Hearing that is over")
    expect(page.get_by_test_id("ended")).to_have_text("Ended")
    page.get_by_role("link", name="Hearing that is over").click()
    expect(page.get_by_test_id("meeting-ended")).to_have_text("Ended")
    expect(page.get_by_test_id("registration-closed")).to_contain_text("registration, statements and requests to "
                                                                       "speak are closed")
    expect(page.get_by_role("button", name="Register")).to_have_count(0)
    expect(page.get_by_role("link", name="Submit a written statement")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_statement_counter_counts_live_as_the_server_does(page, live_server, login):
    org = make_org("special")
    make_member(org, focal_point=True, username="writer")
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    login("writer", PASSWORD)
    page.goto(f"{live_server.url}/participation/meetings/{meeting.pk}/statements/new/")
    expect(page.get_by_test_id("one-per-session")).to_contain_text("One statement per organisation per session")
    counter = page.get_by_test_id("word-count")
    expect(counter).to_have_text("0 words of 500")
    page.get_by_label("Text of the statement").fill("Non-governmental organisations, U.N. — 联合国 مرحبا بكم")
    # non-governmental 1, organisations 1, U.N. 1, the dash 0, three Chinese characters 3, two Arabic words 2
    expect(counter).to_have_text("8 words of 500")
    page.get_by_label("Text of the statement").fill("word " * 501)
    expect(counter).to_have_text("501 words: 1 over the limit of 500")
    from portal.text import count_words

    assert count_words("Non-governmental organisations, U.N. — 联合国 مرحبا بكم") == 8
