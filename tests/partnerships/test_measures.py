"""Is the reform working? Snapshots computed by the periodic task from
totals only, small cells withheld; the page, CSV and API read the snapshot in
a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from accreditation.models import Organisation
from partnerships.measures import snapshot
from partnerships.models import ReformMeasureValue
from partnerships.tasks import snapshot_reform_measures
from portal.models import Country

pytestmark = pytest.mark.django_db


def _orgs(n, iso2):
    country = Country.objects.get(iso2=iso2)
    Organisation.objects.bulk_create([
        Organisation(name=f"Org {iso2} {i}", country=country, status_state="active", status_category="special",
                     profile_state="approved") for i in range(n)])


def test_the_snapshot_counts_by_region_and_withholds_cells_under_three():
    _orgs(5, "KE")  # Africa, developing
    _orgs(2, "FR")  # Europe: fewer than 3, withheld
    assert snapshot_reform_measures() > 0
    cells = {(v.measure, v.dimension): v for v in ReformMeasureValue.objects.all()}
    assert cells[("in_status_by_region", "Africa")].value == Decimal("5")
    europe = cells[("in_status_by_region", "Europe")]
    assert (europe.value, europe.suppressed) == (None, True)
    assert cells[("share_in_status", "africa")].value == Decimal("71.4")
    assert cells[("in_status_by_development", "developing")].value == Decimal("5")


def test_running_the_snapshot_twice_a_day_keeps_one_snapshot():
    _orgs(3, "KE")
    snapshot(today=datetime.date(2026, 1, 1))
    n = ReformMeasureValue.objects.count()
    snapshot(today=datetime.date(2026, 1, 1))
    assert ReformMeasureValue.objects.count() == n


def test_the_task_runs_every_night():
    assert any(spec["task"] == "partnerships.tasks.snapshot_reform_measures"
               for spec in settings.PERIODIC_TASKS.values())


@pytest.mark.parametrize("orgs", [3, 40])
def test_the_page_and_api_read_the_snapshot_in_constant_queries(client, django_assert_max_num_queries, orgs):
    _orgs(orgs, "KE")
    _orgs(orgs, "PE")
    snapshot()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("partnerships:measures"))
    assert page.status_code == 200
    assert 'data-testid="chart-in-status-by-region"' in page.content.decode()
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/reform-measures/").json()
    region = next(m for m in data["measures"] if m["code"] == "in_status_by_region")
    assert sorted(c["value"] for c in region["cells"]) == [f"{orgs}.0", f"{orgs}.0"]


def test_the_page_speaks_arabic_with_no_codes(client):
    _orgs(4, "KE")
    snapshot()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(reverse("partnerships:measures")).content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "in_status_by_region" not in page and ">Africa<" not in page
    assert "أفريقيا" in page


def test_the_quadrennial_filing_rate_counts_reports_due_and_filed_by_year():
    from accreditation.quadrennial.models import QuadrennialReport

    _orgs(4, "KE")
    orgs = list(Organisation.objects.all())
    for i, org in enumerate(orgs[:3]):
        QuadrennialReport.objects.create(organisation=org, period_start=2020, period_end=2023,
                                         due_on=datetime.date(2024, 6, 1), state="submitted" if i == 0 else "draft",
                                         submitted_on=datetime.date(2024, 5, 1) if i == 0 else None)
    QuadrennialReport.objects.create(organisation=orgs[3], period_start=2021, period_end=2024,
                                     due_on=datetime.date(2025, 6, 1))
    snapshot(today=datetime.date(2026, 1, 1))
    cells = {v.dimension: v for v in ReformMeasureValue.objects.filter(measure="quadrennial_filing_rate")}
    assert cells["2024"].value == Decimal("33.3")
    assert (cells["2025"].value, cells["2025"].suppressed) == (None, True)
