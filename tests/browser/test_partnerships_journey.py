import pytest
from playwright.sync_api import expect

from partnerships.models import Engagement, RosterEntry
from tests.browser.conftest import nav_to
from tests.partnerships.factories import OrganisationFactory, ensure_countries, team


@pytest.mark.django_db(transaction=True)
def test_focal_point_adds_a_national_ngo_to_the_roster_and_logs_a_seminar(page, live_server, login, demo):
    ensure_countries()
    botswana = team("BW", focal_point=demo["focalpoint"])
    login("focalpoint")
    nav_to(page, "Country teams")
    page.get_by_role("link", name="Botswana").click()
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Name or acronym").fill("Maun Youth")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_test_id("roster-candidates")).to_contain_text("No record found")
    page.get_by_label("Name in its original language").fill("Maun Youth Development Trust")
    page.get_by_label("Acronym", exact=True).fill("MYDT")
    page.get_by_label("City", exact=True).fill("Maun")
    page.get_by_role("button", name="Create and add to roster").click()
    expect(page.get_by_role("alert")).to_contain_text("Maun Youth Development Trust")
    expect(page.get_by_test_id("roster")).to_contain_text("Maun Youth Development Trust (MYDT)")

    page.get_by_role("link", name="Log an engagement").click()
    page.get_by_label("Kind").select_option("seminar")
    page.get_by_label("Title").fill("Seminar on the national development-goals report")
    page.get_by_label("Held on").fill("2026-10-14")
    page.get_by_label("Location").fill("Maun")
    page.get_by_label("Participating organisations").select_option(label="Maun Youth Development Trust (MYDT)")
    page.get_by_label("Number of participants").fill("32")
    page.get_by_label("Outcomes").fill("Youth groups will contribute a chapter.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("engagements")).to_contain_text("Seminar on the national development-goals report")
    expect(page.get_by_test_id("engagements")).to_contain_text("MYDT")

    entry = RosterEntry.objects.get(team=botswana)
    assert entry.organisation.name == "Maun Youth Development Trust"
    assert list(Engagement.objects.get().organisations.all()) == [entry.organisation]


@pytest.mark.django_db(transaction=True)
def test_anonymous_visitor_finds_an_accredited_ngo_typing_its_name_without_accents(page, live_server):
    ensure_countries()
    OrganisationFactory(name="Réseau des Femmes Sénégalaises", acronym="RFS", accredited=True, country_id="SN")
    OrganisationFactory(name="Kenya Water Partnership", accredited=True)
    page.goto(f"{live_server.url}/")
    nav_to(page, "NGO directory")
    page.get_by_label("Name or acronym").fill("reseau des femmes senegal")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("directory-results")
    expect(page.get_by_test_id("result-count")).to_have_text("1 organisation")
    expect(results).to_contain_text("Réseau des Femmes Sénégalaises")
    expect(results).not_to_contain_text("Kenya Water Partnership")
    expect(page.get_by_test_id("facets")).to_contain_text("Special consultative status")
    results.get_by_role("link", name="Réseau des Femmes Sénégalaises").click()
    expect(page.get_by_test_id("profile-status")).to_contain_text("Special consultative status")
