"""Journey: an NGO applies for a travel grant → two board members score it →
the fund manager awards it → the donor opens the report and sees the new
expenditure in the chart and in the CSV."""

import csv
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal import demo as portal_demo
from portal.roles import Role
from tests.browser.conftest import nav_to
from tests.factories import UserFactory
from tests.trustfund import factories as f
from trustfund import services


@pytest.mark.django_db(transaction=True)
def test_ngo_applies_board_scores_manager_awards_donor_sees_it_in_chart_and_csv(page, live_server, login):
    portal_demo.seed_demo(StringIO())
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    UserFactory(username="board2", role=Role.BOARD, password="demo", first_name="Ana", last_name="Silva")
    manager = users["secretariat"]
    mtg = f.meeting(title="Commission for Social Development")
    grant_call = f.call(mtg, dsa=Decimal("300"))
    f.fund_money(grant_call.fund, "60000", by=manager)
    f.donor("Kingdom of Norway", users=[users["donor"]])
    # three travellers already funded for this meeting (3 × 1,900 USD)
    for _ in range(3):
        user = f.ngo_user()
        org = f.organisation(members=[user], country="IN")
        services.application_award(application=f.apply(grant_call, f.nominee(org, mtg), by=user), by=manager)
    org = f.organisation(name="Kampala Youth Network", country="UG", members=[users["ngo"]])
    f.nominee(org, mtg, first="Grace", last="Nakato")

    # 1. the NGO applies
    login("ngo")
    nav_to(page, "Travel grants")
    page.get_by_role("link", name=grant_call.title).click()
    page.get_by_role("link", name="Apply for a travel grant").click()
    page.get_by_label("Nominee (designated representative)").select_option(label="Grace Nakato — Kampala Youth Network")
    page.get_by_label("Travelling from (city)").fill("Kampala")
    page.get_by_label("Travelling from (country)").select_option(label="Uganda")
    page.get_by_label("Economy return fare (USD)").fill("1150")
    page.get_by_label("Days at the venue").fill("3")
    page.get_by_label("Terminal expenses (USD)").fill("150")
    page.get_by_label("Why this meeting matters for your organisation").fill(
        "We represent 40 youth groups in Northern Uganda on social protection.")
    page.get_by_label("Name as in passport").fill("NAKATO GRACE")
    page.get_by_label("Nationality").select_option(label="Uganda")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("alert")).to_contain_text("Your application is submitted")
    expect(page.get_by_test_id("application-state")).to_have_text("Submitted")
    expect(page.get_by_test_id("requested")).to_contain_text("2,200.00")
    application_url = page.url

    # 2. two board members score it
    for member, score in (("board", "5"), ("board2", "4")):
        page.context.clear_cookies()
        login(member)
        page.goto(application_url)
        page.get_by_label("Score").select_option(score)
        page.get_by_label("Recommendation").select_option(label="Fund in full")
        page.get_by_role("button", name="Save review").click()
        expect(page.get_by_role("alert")).to_contain_text("Your review is saved")
    expect(page.get_by_test_id("mean-score")).to_have_text("4.5")

    # 3. the fund manager awards it
    page.context.clear_cookies()
    login("secretariat")
    page.goto(application_url)
    page.get_by_role("button", name="Award grant").click()
    expect(page.get_by_test_id("confirm-consequences")).to_contain_text("is committed to this grant")
    page.get_by_role("button", name="Yes, award the grant").click()
    expect(page.get_by_role("alert")).to_contain_text("The grant is awarded")
    expect(page.get_by_test_id("awarded")).to_contain_text("2,200.00")

    # 4. the donor opens the report: the meeting's bar now holds 3 × 1,900 + 2,200
    page.context.clear_cookies()
    login("donor")
    nav_to(page, "Trust funds")
    page.get_by_role("region", name=grant_call.fund.name).get_by_role("link", name="Donor report").click()
    bar = page.locator('#chart-meeting g.tf-bar[data-label="Commission for Social Development"]')
    expect(bar).to_have_attribute("data-value", "7900.00")
    expect(bar).to_contain_text("7,900")
    expect(page.get_by_test_id("travellers")).to_have_text("4")
    expect(page.locator("body")).not_to_contain_text("Nakato")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert ["Expenditure by meeting", "Commission for Social Development", rows[1][2], "7900.00", "4"] in rows
    assert not [r for r in rows if any("Nakato" in cell or "NAKATO" in cell for cell in r)]
