import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.trustfund import factories as f
from tests.utils import fetch_export
from trustfund import services
from trustfund.selectors import MIN_CELL, Cell, fund_report, suppress_small_cells


def test_small_groups_are_merged_and_the_total_is_kept():
    cells = [Cell("Africa", Decimal("9000"), 5), Cell("Asia", Decimal("4000"), 3), Cell("Oceania", Decimal("1000"), 1),
             Cell("Americas", Decimal("1500"), 1)]
    out = suppress_small_cells(cells)
    # Oceania and Americas (1 each) are merged; 2 is still too few, so Asia joins them.
    assert [(c.label, c.amount, c.travellers, c.merged) for c in out] == [
        ("Africa", Decimal("9000"), 5, 0),
        ("Other groups (fewer than 3 travellers each)", Decimal("6500"), 5, 3)]
    assert all(c.travellers >= MIN_CELL for c in out)
    assert sum(c.amount for c in out) == Decimal("15500")


def test_when_everyone_is_in_small_groups_only_one_total_cell_remains():
    out = suppress_small_cells([Cell("Female", Decimal("2000"), 1), Cell("Male", Decimal("1800"), 1),
                                Cell("Another gender", Decimal("1900"), 1)])
    assert [(c.amount, c.travellers) for c in out] == [(Decimal("5700"), 3)]
    assert out[0].label == "All travellers (groups too small to show separately)"


def test_no_small_groups_means_nothing_is_merged():
    cells = [Cell("A", Decimal("1"), 3), Cell("B", Decimal("2"), 4)]
    assert suppress_small_cells(cells) == [cells[1], cells[0]]


@pytest.fixture
def funded(scenario):
    """Nine funded travellers: 5 women, 3 men, 1 who did not state a gender."""
    s = scenario
    services.application_award(application=s["mine"], by=s["manager"])
    services.application_award(application=s["theirs"], by=s["manager"])
    genders = ["female", "female", "female", "male", "male", "male", "undisclosed"]
    for g in genders:
        user = f.ngo_user()
        org = f.organisation(members=[user], country="IN")
        app = f.apply(s["call"], f.nominee(org, s["meeting"], gender=g, last=f"Traveller-{g}"), by=user)
        services.application_award(application=app, by=s["manager"])
    return s


def test_report_breaks_expenditure_down_without_any_cell_under_three(funded):
    r = fund_report(funded["fund"])
    assert r.travellers_funded == 9
    assert r.expenditure == Decimal("1900.00") * 9
    # the one undisclosed traveller is merged with the men (3): no cell of 1
    assert {c.label: c.travellers for c in r.by_gender} == {
        "Female": 5, "Other groups (fewer than 3 travellers each)": 4}
    # Uganda (Africa) 1 and Peru (Americas) 1 are merged, then with Asia (7)
    assert [(c.label, c.travellers) for c in r.by_region] == [
        ("All travellers (groups too small to show separately)", 9)]
    for cells in (r.by_meeting, r.by_region, r.by_gender):
        assert all(c.travellers >= MIN_CELL for c in cells)
        assert sum(c.amount for c in cells) == r.expenditure
    assert r.balance.committed == r.expenditure
    assert r.utilisation_rate == Decimal("34.2")


def test_a_released_grant_leaves_the_expenditure(funded):
    services.application_cancel(application=funded["mine"], by=funded["manager"], reason="postponed")
    r = fund_report(funded["fund"])
    assert (r.travellers_funded, r.expenditure) == (8, Decimal("1900.00") * 8)


def test_donor_report_page_csv_and_api_show_no_personal_data(funded, client):
    client.force_login(funded["users"]["donor"])
    names = ["Grace", "Nakato", "NAKATO", "Rosa", "Huaman", "HUAMAN", "Traveller-female"]
    page = client.get(reverse("trustfund:report", args=["participation"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="chart-gender"' in body
    _first, _resp, content = fetch_export(client, reverse("trustfund:report-csv", args=["participation"]))
    csv_text = content.decode("utf-8-sig")
    api = client.get("/api/v1/trustfund/reports/participation/")
    assert api.status_code == 200
    for text in (body, csv_text, api.content.decode()):
        assert not [n for n in names if n in text]
    rows = list(csv.reader(io.StringIO(csv_text)))
    traveller_cells = [int(r[4]) for r in rows[1:] if r[0].startswith("Expenditure")]
    assert traveller_cells and min(traveller_cells) >= 3
    assert ["Expenditure by gender", "Female", rows[1][2], "9500.00", "5"] in rows


def test_donor_report_pdf_is_a_pdf(funded, client):
    client.force_login(funded["users"]["donor"])
    first, resp, content = fetch_export(client, reverse("trustfund:report-pdf", args=["participation"]))
    assert (first.status_code, resp.status_code, resp["Content-Type"]) == (202, 200, "application/pdf")
    assert content[:5] == b"%PDF-"


def test_capacity_fund_report_shows_seed_money_by_country(demo, client):
    board = demo["board"]
    fund = f.capacity_fund()
    fund.working_group.add(board)
    f.ensure_countries()
    from portal.models import Country
    f.fund_money(fund, "30000", by=demo["secretariat"], donor_name="Federal Republic of Germany")
    ini = services.initiative_propose(fund=fund, country=Country.objects.get(iso2="BW"), country_team="UNCT Botswana",
                                      title="NGO advisory committee", description="Seed money", requested_usd="12000",
                                      by=demo["focalpoint"])
    services.initiative_approve(initiative=ini, by=board)
    services.initiative_pay(initiative=ini, by=demo["secretariat"])
    r = fund_report(fund)
    assert [(c.label, c.amount) for c in r.by_country] == [("Botswana", Decimal("12000.00"))]
    assert (r.balance.spent, r.balance.available) == (Decimal("12000.00"), Decimal("18000.00"))
    client.force_login(demo["donor"])
    assert 'data-testid="chart-country"' in client.get(reverse("trustfund:report", args=[fund.code])).content.decode()
