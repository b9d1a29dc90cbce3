"""Donor reports never show a figure standing for fewer than 3 travellers,
including the merged "all travellers" cell: in a year with 1 or 2 funded
travellers the figures read "fewer than 3" and the amounts are withheld, in
the page, the CSV, the PDF and the API."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.roles import Role
from tests.factories import UserFactory
from tests.trustfund import factories as f
from tests.utils import fetch_export, pdf_text
from trustfund import services
from trustfund.selectors import MIN_CELL, Cell, fund_report, suppress_small_cells

pytestmark = pytest.mark.django_db


def _funded(n):
    manager = f.staff()
    fund = f.participation_fund()
    f.fund_money(fund, "20000", by=manager)
    meeting = f.meeting(title="Commission for Social Development")
    call = f.call(meeting)
    for i in range(n):
        user = f.ngo_user()
        org = f.organisation(members=[user], country=("KE", "PE", "IN")[i])
        app = f.apply(call, f.nominee(org, meeting, gender=("female", "male", "female")[i], last=f"Traveller{i}"),
                      by=user)
        services.application_award(application=app, by=manager)
    return fund


def test_a_merged_cell_still_under_three_is_suppressed():
    out = suppress_small_cells([Cell("Female", Decimal("2000"), 1), Cell("Male", Decimal("1800"), 1)])
    assert [(c.label, c.amount, c.travellers, c.suppressed) for c in out] == [
        ("All travellers (fewer than 3: figures withheld)", None, "fewer than 3", True)]


def test_three_travellers_together_are_shown():
    out = suppress_small_cells([Cell("Female", Decimal("2000"), 2), Cell("Male", Decimal("1800"), 1)])
    assert [(c.amount, c.travellers, c.suppressed) for c in out] == [(Decimal("3800"), 3, False)]


@pytest.mark.parametrize("n", [1, 2])
def test_a_year_with_fewer_than_three_travellers_suppresses_every_figure(n):
    r = fund_report(_funded(n))
    for cells in (r.by_meeting, r.by_region, r.by_gender):
        assert [(c.travellers, c.amount, c.suppressed) for c in cells] == [("fewer than 3", None, True)]
    assert (r.travellers_funded, r.expenditure) == ("fewer than 3", None)
    # The fund's position would show the one or two grants: only the money received shows.
    assert (r.balance.received, r.balance.committed, r.balance.available, r.utilisation_rate) == (
        Decimal("20000.00"), None, None, None)


def test_a_year_with_three_travellers_shows_the_total():
    r = fund_report(_funded(3))
    assert (r.travellers_funded, r.expenditure) == (3, Decimal("1900.00") * 3)
    assert r.balance.committed == Decimal("1900.00") * 3
    assert all(not c.suppressed and c.travellers >= MIN_CELL for cells in (r.by_meeting, r.by_region, r.by_gender)
               for c in cells)


@pytest.fixture
def donor_client(client):
    client.force_login(UserFactory(role=Role.DONOR))
    return client


@pytest.mark.parametrize("n", [1, 2])
def test_page_csv_pdf_and_api_show_fewer_than_3_and_withhold_the_amounts(donor_client, n):
    fund = _funded(n)
    amount = f"{Decimal('1900.00') * n:,.2f}"
    page = donor_client.get(reverse("trustfund:report", args=[fund.code])).content.decode()
    assert page.count('data-testid="suppressed-') == 3
    assert "fewer than 3" in page and "withheld (fewer than 3 travellers)" in page
    assert amount not in page and str(Decimal("1900.00") * n) not in page

    _first, _resp, content = fetch_export(donor_client, reverse("trustfund:report-csv", args=[fund.code]))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    expenditure_rows = [r for r in rows if r[0].startswith("Expenditure")]
    assert len(expenditure_rows) == 3
    assert all((r[3], r[4]) == ("withheld", "fewer than 3") for r in expenditure_rows)
    assert ["Travellers", "Travellers funded", rows[1][2], "", "fewer than 3"] in rows
    assert amount not in content.decode("utf-8-sig")

    api = donor_client.get(f"/api/v1/trustfund/reports/{fund.code}/").json()
    for key in ("by_meeting", "by_region", "by_gender"):
        assert api[key] == [{"group": "All travellers (fewer than 3: figures withheld)", "travellers": None,
                             "amount_usd": None, "suppressed": True}]
    assert (api["travellers_funded"], api["expenditure_usd"]) == (None, None)
    assert set(api["suppressed"]) == {"travellers_funded", "expenditure_usd", "balance"}
    assert api["balance"] == {"received_usd": "20000.00", "committed_usd": None, "spent_usd": None,
                              "available_usd": None, "utilisation_rate": None}

    _first, response, content = fetch_export(donor_client, reverse("trustfund:report-pdf", args=[fund.code]))
    assert response.status_code == 200 and content[:5] == b"%PDF-"
    text = pdf_text(content)
    assert "fewer than 3" in text and "withheld" in text and amount not in text
