"""Is the reform working? A reader opens the measures page in Arabic, sees the
charts mirrored for right-to-left and the regions in Arabic, and downloads
the CSV."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accreditation.models import Organisation
from partnerships.measures import snapshot
from portal.models import Country, StoredExport
from portal.tasks import render_export


@pytest.mark.django_db(transaction=True)
def test_a_reader_opens_the_measures_in_arabic_and_downloads_the_csv(browser, browser_context_args, live_server):
    for iso2, n in (("KE", 6), ("PE", 4), ("FR", 2)):
        country = Country.objects.get(iso2=iso2)
        Organisation.objects.bulk_create([
            Organisation(name=f"Org {iso2} {i}", country=country, status_state="active", status_category="special",
                         profile_state="approved") for i in range(n)])
    snapshot()
    context = browser.new_context(**browser_context_args)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/partnerships/reform/measures/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    chart = page.get_by_test_id("chart-in-status-by-region")
    expect(chart).to_have_attribute("direction", "rtl")
    expect(chart.locator('g.tf-bar[data-label="أفريقيا"]')).to_have_attribute("data-value", "6.0")
    expect(chart.locator('g.tf-bar[data-label="Africa"]')).to_have_count(0)
    # The CSV is prepared in the background (a worker renders it); here the
    # test renders it in its own process while the page polls.
    page.get_by_test_id("measures-csv").click()
    export = StoredExport.objects.get(exporter="partnerships.measures")
    if not export.is_ready:
        render_export(export.pk)
    export.refresh_from_db()
    assert export.is_ready, export.state
    # Opening the same link again now gives the file.
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url; }", f"{live_server.url}/partnerships/reform/measures.csv")
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    africa = [r for r in rows if r[1] == "أفريقيا"]
    assert africa and africa[0][2] == "6.0"
    europe = [r for r in rows if r[1] == "أوروبا"]
    assert europe and europe[0][2] != "2.0"  # two French organisations: withheld
    context.close()
