import datetime

import pytest
from django.urls import reverse

from partnerships.models import DirectoryEntry
from partnerships.search import DirectoryQuery, facets, rebuild_index, search
from portal.params import InvalidInput
from tests.partnerships.factories import OrganisationFactory, area, conference_body, status_change
from tests.utils import fetch_export

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(o.name for o in qs)


def test_search_ignores_accents_and_case_and_matches_part_of_a_word():
    OrganisationFactory(name="Réseau des Femmes Africaines", acronym="RFA")
    OrganisationFactory(name="Kenya Health Alliance")
    assert names(search(DirectoryQuery(q="reseau des femmes"))) == ["Réseau des Femmes Africaines"]
    assert names(search(DirectoryQuery(q="RÉSEAU"))) == ["Réseau des Femmes Africaines"]
    assert names(search(DirectoryQuery(q="femm afric"))) == ["Réseau des Femmes Africaines"]
    assert names(search(DirectoryQuery(q="rfa"))) == ["Réseau des Femmes Africaines"]


def test_search_finds_name_in_english_or_french_and_words_in_any_order():
    OrganisationFactory(name="Asociación Peruana de Mujeres", name_en_fr="Peruvian Women's Association")
    assert names(search(DirectoryQuery(q="women peruvian"))) == ["Asociación Peruana de Mujeres"]
    assert names(search(DirectoryQuery(q="asociacion"))) == ["Asociación Peruana de Mujeres"]


def test_only_approved_organisations_are_public():
    OrganisationFactory(name="Visible Network")
    OrganisationFactory(name="Pending Network", profile_state="pending")
    OrganisationFactory(name="Rejected Network", profile_state="rejected")
    assert names(search(DirectoryQuery(q="network"))) == ["Visible Network"]


def test_renaming_an_organisation_refreshes_its_index_entry():
    org = OrganisationFactory(name="Old Name Trust")
    org.name = "Fondation Écologie"
    org.save(update_fields=["name"])
    assert DirectoryEntry.objects.get(pk=org.pk).search_text == "fondation ecologie"
    assert names(search(DirectoryQuery(q="ecologie"))) == ["Fondation Écologie"]


def test_rebuild_index_recreates_missing_and_stale_entries():
    a = OrganisationFactory(name="Alpha Ñandú")
    b = OrganisationFactory(name="Beta")
    DirectoryEntry.objects.filter(pk=a.pk).delete()
    DirectoryEntry.objects.filter(pk=b.pk).update(search_text="stale")
    assert rebuild_index(batch_size=1) == 2
    assert dict(DirectoryEntry.objects.values_list("pk", "search_text")) == {a.pk: "alpha nandu", b.pk: "beta"}


def test_filters_combine_status_year_country_region_area_type_and_other_accreditations():
    health = area("health", "Health")
    target = OrganisationFactory(name="Target", accredited=True, areas=[health], activity=["UG"],
                                 dpi_associated_on=datetime.date(2010, 1, 1), org_type="international")
    OrganisationFactory(name="Wrong year", accredited=True, status_granted_on=datetime.date(2001, 1, 1),
                        areas=[health], activity=["UG"], org_type="international")
    OrganisationFactory(name="No status", areas=[health], org_type="international")
    OrganisationFactory(name="Elsewhere", accredited=True, country_id="FR", areas=[health], activity=["UG"],
                        org_type="international")
    query = DirectoryQuery(status_category="special", year=2015, country="KE", region="Africa", area="health",
                           activity_country="UG", other="dpi", org_type="international")
    assert names(search(query)) == ["Target"]
    target.status_bodies.add(conference_body())
    assert names(search(DirectoryQuery(other="conference"))) == ["Target"]
    assert names(search(DirectoryQuery(region="Europe"))) == ["Elsewhere"]


def test_query_parameters_that_make_no_sense_are_refused_with_each_field_named():
    with pytest.raises(InvalidInput) as refused:
        DirectoryQuery.from_params({"year": "nineteen", "other": "bogus", "status_category": "platinum"})
    assert sorted(refused.value.errors) == ["other", "status_category", "year"]
    for year in ("²", "٢٠١٥", "1e30", "NaN", "-Infinity", "9" * 40, "\x00"):
        with pytest.raises(InvalidInput):
            DirectoryQuery.from_params({"year": year})
    assert DirectoryQuery.from_params({"year": " 2015 ", "country": "ke"}).as_params() == {"year": 2015,
                                                                                          "country": "KE"}


def test_facet_counts_describe_the_current_result():
    health, water = area("health", "Health"), area("water", "Water")
    OrganisationFactory(name="A", accredited=True, areas=[health, water], activity=["UG", "TZ"])
    OrganisationFactory(name="B", accredited=True, status_category="general", areas=[health], country_id="FR")
    OrganisationFactory(name="C", areas=[water], dpi_associated_on=datetime.date(2012, 5, 1))
    OrganisationFactory(name="Hidden", profile_state="pending", areas=[health])
    result = facets(search(DirectoryQuery()))
    assert {r["status_category"]: r["n"] for r in result["status_category"]} == {"general": 1, "special": 1}
    assert {r["areaofexpertise__code"]: r["n"] for r in result["area"]} == {"health": 2, "water": 2}
    assert {r["country_id"]: r["n"] for r in result["country"]} == {"KE": 2, "FR": 1}
    assert {r["country__region"]: r["n"] for r in result["region"]} == {"Africa": 2, "Europe": 1}
    assert {r["country_id"]: r["n"] for r in result["activity_country"]} == {"UG": 1, "TZ": 1}
    assert [(r["y"], r["n"]) for r in result["year"]] == [(2015, 2)]
    assert result["other"] == [{"other": "dpi", "n": 1}]
    narrowed = facets(search(DirectoryQuery(area="water")))
    assert {r["areaofexpertise__code"]: r["n"] for r in narrowed["area"]} == {"health": 1, "water": 2}


def test_facets_take_the_same_number_of_queries_for_few_and_many(django_assert_num_queries):
    health = area("health")
    for i in range(3):
        OrganisationFactory(name=f"Few {i}", accredited=True, areas=[health], activity=["UG"])
    with django_assert_num_queries(9):
        facets(search(DirectoryQuery(q="few")))
    for i in range(60):
        OrganisationFactory(name=f"Few more {i}", accredited=True, areas=[health], activity=["UG", "TZ"])
    with django_assert_num_queries(9):
        facets(search(DirectoryQuery(q="few")))


def test_directory_page_finds_an_ngo_typed_without_accents(client):
    OrganisationFactory(name="Société Ivoirienne de Santé", accredited=True)
    response = client.get(reverse("partnerships:directory"), {"q": "societe ivoirienne"})
    assert response.status_code == 200
    assert [o.name for o in response.context["page"]] == ["Société Ivoirienne de Santé"]
    assert response.context["facets"]["status_category"][0]["n"] == 1


def test_directory_page_answers_htmx_with_the_results_fragment(client):
    OrganisationFactory(name="Fragmented")
    response = client.get(reverse("partnerships:directory"), {"q": "frag"}, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "partnerships/_directory_results.html"


def test_csv_export_holds_the_whole_filtered_result(client):
    for i in range(30):
        OrganisationFactory(name=f"Exported {i:02}", accredited=True, areas=[area("health", "Health")])
    OrganisationFactory(name="Not exported")
    _first, response, content = fetch_export(client, reverse("partnerships:directory-csv"),
                                             {"q": "exported", "status_category": "special"})
    assert response["Content-Type"].startswith("text/csv")
    lines = content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 31
    assert lines[1].startswith("Exported 00,,,National NGO,Kenya,Africa,Special consultative status,In status,2015-07-20,Health")


def test_profile_shows_status_history_and_hides_unapproved_organisations(client):
    org = OrganisationFactory(name="Historic Union", accredited=True)
    status_change(org, reason="ECOSOC decision 2015/201")
    response = client.get(reverse("partnerships:profile", args=[org.pk]))
    assert response.status_code == 200
    assert "ECOSOC decision 2015/201" in response.content.decode()
    pending = OrganisationFactory(name="Pending", profile_state="pending")
    assert client.get(reverse("partnerships:profile", args=[pending.pk])).status_code == 404


def test_cached_counts_change_as_soon_as_an_organisation_or_its_areas_change(client):
    health = area("health", "Health")
    org = OrganisationFactory(name="Cached One", accredited=True)
    url = reverse("partnerships:directory")
    assert client.get(url).context["page"].paginator.count == 1
    assert client.get(url, {"area": "health"}).context["facets"]["area"] == []
    OrganisationFactory(name="Cached Two")
    assert client.get(url).context["page"].paginator.count == 2
    org.areas.add(health)
    assert [f["n"] for f in client.get(url, {"area": "health"}).context["facets"]["area"]] == [1]


def test_rebuild_command_indexes_organisations_created_without_signals():
    from io import StringIO

    from django.core.management import call_command

    from accreditation.models import Organisation

    Organisation.objects.bulk_create([Organisation(name="Bulk Élan", profile_state="approved")])
    assert names(search(DirectoryQuery(q="elan"))) == []
    out = StringIO()
    call_command("rebuild_directory_index", stdout=out)
    assert "1 organisations" in out.getvalue()
    assert names(search(DirectoryQuery(q="elan"))) == ["Bulk Élan"]
