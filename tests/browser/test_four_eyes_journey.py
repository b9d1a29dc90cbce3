"""Journey: a fund manager proposes an award above the four-eyes threshold →
nothing is awarded and the page says a second person must confirm → the
proposer cannot confirm it → a second fund manager confirms it and the grant
is awarded."""

from decimal import Decimal
from io import StringIO

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal import demo as portal_demo
from portal.roles import Role
from tests.factories import UserFactory
from tests.trustfund import factories as f


@pytest.mark.django_db(transaction=True)
def test_an_award_above_the_threshold_takes_a_second_fund_manager(page, live_server, login, settings):
    settings.TRUSTFUND_FOUR_EYES_USD = 1000
    portal_demo.seed_demo(StringIO())
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    UserFactory(username="manager2", role=Role.SECRETARIAT, password="demo", first_name="Ana", last_name="Silva")
    mtg = f.meeting(title="Commission for Social Development")
    grant_call = f.call(mtg, dsa=Decimal("300"))
    f.fund_money(grant_call.fund, "60000", by=users["secretariat"])
    org = f.organisation(name="Kampala Youth Network", country="UG", members=[users["ngo"]])
    app = f.apply(grant_call, f.nominee(org, mtg, first="Grace", last="Nakato"), by=users["ngo"])
    url = live_server.url + reverse("trustfund:application", args=[app.pk])

    login("secretariat")
    page.goto(url)
    page.get_by_role("button", name="Award grant").click()
    page.get_by_role("button", name="Yes, award the grant").click()
    expect(page.get_by_role("alert")).to_contain_text("a second person must confirm it")
    four_eyes = page.get_by_test_id("four-eyes")
    expect(four_eyes).to_contain_text("proposed by Sofia Martínez")
    expect(four_eyes.get_by_role("button", name="Confirm")).to_have_count(0)
    expect(page.get_by_test_id("awarded")).to_have_count(0)

    page.context.clear_cookies()
    login("manager2")
    page.goto(url)
    page.get_by_test_id("four-eyes").get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("confirm-consequences")).to_contain_text("Proposed by Sofia Martínez")
    page.get_by_role("button", name="Yes, confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirmed and carried out")
    expect(page.get_by_test_id("awarded")).to_contain_text(f"{app.requested_usd:,.2f}")
    expect(page.get_by_test_id("four-eyes")).to_have_count(0)
