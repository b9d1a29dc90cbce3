import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accreditation.quadrennial.models import QuadrennialReport
from accreditation.quadrennial.services import reminder_sweep
from tests.quadrennial.factories import SECTIONS, committee_with_member, org_in_status
from tests.utils_auth import enter_code_if_asked


def _log_in_here(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    enter_code_if_asked(page, username)  # staff give their two-step code


@pytest.mark.django_db(transaction=True)
def test_ngo_follows_the_reminder_link_files_its_report_and_the_committee_takes_note(page, live_server, demo,
                                                                                      settings):
    settings.SITE_URL = live_server.url
    org = org_in_status(granted_on=datetime.date(2020, 3, 15), member=demo["ngo"], by=demo["secretariat"],
                        name="Coastal Communities Health Alliance")
    committee_with_member(demo["committee"])
    reminder_sweep(on=datetime.date(2025, 5, 2))  # 30 days before the report on 2021–2024 is due

    [message] = [m for m in mail.outbox if m.to == [demo["ngo"].email] and "/quadrennial/reports/" in m.body]
    link = re.search(r"https?://\S+/quadrennial/reports/\d+/", message.body).group(0)
    assert link.startswith(live_server.url)

    # The NGO follows the link from the e-mail, logs in and lands on its report.
    page.goto(link)
    _log_in_here(page, "ngo")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quadrennial report 2021–2024")
    expect(page.get_by_test_id("report-state")).to_contain_text("Draft — not yet filed")
    for name, text in SECTIONS.items():
        page.locator(f"#id_{name}").fill(text)
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_role("alert")).to_contain_text("Your report has been filed")
    expect(page.get_by_test_id("report-state")).to_contain_text("Filed — being checked by the Secretariat")

    # The secretariat checks it and sends it to the committee.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/quadrennial/secretariat/?list=review")
    _log_in_here(page, "secretariat")
    page.get_by_role("link", name="Coastal Communities Health Alliance").click()
    page.get_by_role("button", name="Checked: send to the Committee").click()
    expect(page.get_by_test_id("report-state")).to_contain_text("Ready for the Committee")

    # The committee delegate takes note.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/quadrennial/committee/")
    _log_in_here(page, "committee")
    page.get_by_role("link", name="Coastal Communities Health Alliance").click()
    page.get_by_role("button", name="Take note").click()
    expect(page.get_by_role("alert")).to_contain_text("The Committee has taken note of the report")
    expect(page.get_by_test_id("report-state")).to_contain_text("Taken note of")
    assert QuadrennialReport.objects.get(organisation=org).state == "noted"

    # The NGO sees the outcome in its own words.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/quadrennial/")
    _log_in_here(page, "ngo")
    expect(page.get_by_test_id("obligation-2021")).to_contain_text("The Committee has taken note of your report")
