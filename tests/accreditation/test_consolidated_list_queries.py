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
def test_list_pdf_query_count_is_constant(n, client, django_assert_max_num_queries):
    clist = _list_with(n)
    client.force_login(committee_member())
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(reverse("accreditation:list-export", args=[clist.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_list_csv_and_xlsx_hold_every_entry_with_constant_queries(n, client, django_assert_max_num_queries):
    clist = _list_with(n)
    client.force_login(committee_member())
    with django_assert_max_num_queries(QUERY_BOUND):
        csv_body = client.get(reverse("accreditation:list-export", args=[clist.pk, "csv"])).content.decode("utf-8-sig")
    assert len(csv_body.strip().splitlines()) == n + 1
    with django_assert_max_num_queries(QUERY_BOUND):
        xlsx = client.get(reverse("accreditation:list-export", args=[clist.pk, "xlsx"])).content
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
def test_published_version_pdf_is_rendered_once_by_a_task_and_served_from_storage(
        secretariat, client, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    from accreditation import services

    clist = _list_with(3)
    ConsolidatedList.objects.filter(pk=clist.pk).update(published_at=None)
    clist.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.consolidated_list_publish(consolidated_list=clist, by=secretariat)
    clist.refresh_from_db()
    assert clist.pdf.name.endswith(".pdf")
    with clist.pdf.open("rb") as fh:
        stored = fh.read()
    client.force_login(committee_member())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accreditation:list-export", args=[clist.pk, "pdf"]))
    assert response.content == stored
    assert services.consolidated_list_render_pdf(list_id=clist.pk).pdf.name == clist.pdf.name  # idempotent
