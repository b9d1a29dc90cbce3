"""The consolidated list page, its PDF and its other exports issue the same
number of queries for 10 applications and for 500."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accreditation.models import (
    Application,
    ConsolidatedList,
    ConsolidatedListEntry,
    Decision,
    Organisation,
    Session,
)
from portal.models import Country
from tests.accreditation.factories import committee_member, ngo_committee
from tests.utils import body, fetch_export

QUERY_BOUND = 14


def _list_with(n):
    """A published list of n entries, built in bulk (test data, not the path under test)."""
    committee = ngo_committee()
    session = Session.objects.create(committee=committee, year=2031, kind="regular",
                                     starts_on=datetime.date(2031, 1, 20), ends_on=datetime.date(2031, 2, 5))
    countries = list(Country.objects.order_by("iso2")[:50])
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Org {i}", acronym=f"O{i}", country=countries[i % 50])
                                             for i in range(n)])
    apps = Application.objects.bulk_create([Application(organisation=o, state="prescreened", session=session,
                                                        requested_category="special", recommendation="special",
                                                        recommendation_reason="Meets the criteria.")
                                            for o in orgs])
    clist = ConsolidatedList.objects.create(session=session, version=1,
                                            published_at=datetime.datetime(2030, 12, 1, tzinfo=datetime.UTC))
    ConsolidatedListEntry.objects.bulk_create([ConsolidatedListEntry(
        consolidated_list=clist, application=a, position=i + 1, organisation_name=a.organisation.name,
        country_name=a.organisation.country.name, region=a.organisation.country.region, requested_category="special",
        carried_over=i % 7 == 0, times_deferred=1 if i % 7 == 0 else 0, recommendation="special",
        recommendation_reason="Meets the criteria.",
        summary=[{"criterion": "Registered two years", "result": "met", "note": ""},
                 {"criterion": "Funding", "result": "needs_info", "note": "Ask"}]) for i, a in enumerate(apps)])
    Decision.objects.bulk_create([Decision(application=a, session=session, outcome="defer", reason="Questions")
                                  for a in apps[::3]])
    return clist


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_list_page_query_count_is_constant(n, client, django_assert_max_num_queries):
    clist = _list_with(n)
    member = committee_member()
    client.force_login(member)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(reverse("accreditation:list", args=[clist.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('name="applications"') == min(n, 100)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_the_print_view_holds_all_rows_with_constant_queries(n, client, django_assert_max_num_queries):
    clist = _list_with(n)
    client.force_login(committee_member())
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(reverse("accreditation:list", args=[clist.pk]) + "?all=1")
    page = response.content.decode()
    assert page.count('name="applications"') == n
    assert "Page 1 of" not in page


@pytest.mark.django_db
def test_each_entry_is_one_line_naming_only_the_criteria_not_met(client):
    clist = _list_with(3)
    entry = clist.entries.order_by("position").first()
    entry.summary = [{"criterion": c, "result": "met", "note": ""} for c in "ABCDEFG"]
    entry.save(update_fields=["summary"])
    client.force_login(committee_member())
    page = client.get(reverse("accreditation:list", args=[clist.pk])).content.decode()
    assert "<summary>All 7 criteria met</summary>" in page
    assert "<summary>Needs information: Funding</summary>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_list_pdf_is_prepared_in_the_background_with_constant_queries(n, client, django_assert_max_num_queries,
                                                                       django_capture_on_commit_callbacks):
    clist = _list_with(n)
    client.force_login(committee_member())
    url = reverse("accreditation:list-export", args=[clist.pk, "pdf"])
    with django_capture_on_commit_callbacks() as queued, django_assert_max_num_queries(QUERY_BOUND):
        first = client.get(url, {"decisions": "1"})
    assert first.status_code == 202
    assert "hx-trigger" in first.content.decode()
    for callback in queued:  # the worker's turn
        callback()
    response = client.get(url, {"decisions": "1"})
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    with django_assert_max_num_queries(QUERY_BOUND):
        again = client.get(url, {"decisions": "1"})
    assert (again.status_code, again["Content-Type"], body(again)[:5]) == (200, "application/pdf", b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_list_render_issues_the_same_queries_for_10_and_500(n, django_assert_max_num_queries):
    from portal.exports import export_render, export_request

    clist = _list_with(n)
    member = committee_member()
    for fmt in ("pdf", "csv", "xlsx"):
        row = export_request(exporter="accreditation.consolidated_list", obj=clist, fmt=fmt, by=member,
                             variant={"decisions": "1"})
        with django_assert_max_num_queries(QUERY_BOUND):
            assert export_render(export_id=row.pk) is True


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_list_csv_and_xlsx_hold_every_entry_with_constant_queries(n, client, django_assert_max_num_queries):
    clist = _list_with(n)
    client.force_login(committee_member())
    url = reverse("accreditation:list-export", args=[clist.pk, "csv"])
    fetch_export(client, url)
    with django_assert_max_num_queries(QUERY_BOUND):
        csv_body = body(client.get(url)).decode("utf-8-sig")
    assert len(csv_body.strip().splitlines()) == n + 1
    url = reverse("accreditation:list-export", args=[clist.pk, "xlsx"])
    fetch_export(client, url)
    with django_assert_max_num_queries(QUERY_BOUND):
        xlsx = body(client.get(url))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == n + 1
    assert sheet.cell(row=2, column=2).value == "Org 0"


@pytest.mark.django_db
def test_list_filters_by_carried_over_and_search(client):
    clist = _list_with(20)
    client.force_login(committee_member())
    page = client.get(reverse("accreditation:list", args=[clist.pk]), {"carried_over": "yes"}).content.decode()
    assert page.count('name="applications"') == 3  # positions 1, 8, 15
    page = client.get(reverse("accreditation:list", args=[clist.pk]), {"q": "Org 19"}).content.decode()
    assert page.count('name="applications"') == 1


@pytest.mark.django_db
def test_publishing_renders_the_frozen_pdf_in_six_languages_served_from_storage(
        secretariat, client, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    from django.conf import settings

    from accreditation import services
    from portal.exports import export_render
    from portal.models import StoredExport

    clist = _list_with(3)
    ConsolidatedList.objects.filter(pk=clist.pk).update(published_at=None)
    clist.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.consolidated_list_publish(consolidated_list=clist, by=secretariat)
    rows = StoredExport.objects.filter(object_id=str(clist.pk), fmt="pdf")
    assert sorted(rows.values_list("language", "state")) == sorted((c, "ready") for c, _n in settings.LANGUAGES)
    client.force_login(committee_member())
    stored = rows.get(language="ar")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accreditation:list-export", args=[clist.pk, "pdf"]), {"lang": "ar"})
    with stored.file.open("rb") as fh:
        assert body(response) == fh.read()
    assert export_render(export_id=stored.pk) is False  # claimed and done: a repeated task does nothing
