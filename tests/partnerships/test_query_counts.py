"""List pages and API lists: the same number of queries for a few rows and for many."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from portal.roles import Role
from tests.partnerships.factories import (
    OrganisationFactory,
    area,
    inquiry,
    member,
    status_change,
    team,
    units_and_rules,
)
from tests.utils import body

pytestmark = pytest.mark.django_db


def _orgs(n, start=0):
    health = area("health")
    for i in range(start, start + n):
        org = OrganisationFactory(name=f"Org {i}", accredited=True, areas=[health], activity=["UG", "TZ"])
        status_change(org)


@pytest.mark.parametrize("url", ["/partnerships/directory/", "/partnerships/directory/?q=org&area=health",
                                 "/api/v1/directory/", "/api/v1/directory/facets/", "/api/v1/directory/?q=org"])
def test_directory_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, url):
    _orgs(3)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    _orgs(60, start=3)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_csv_export_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    from portal.exports import export_render
    from portal.models import StoredExport

    for start, n in ((0, 3), (3, 60)):
        _orgs(n, start=start)
        with django_assert_max_num_queries(8):
            assert client.get("/partnerships/directory.csv").status_code == 202
        row = StoredExport.objects.latest("pk")
        with django_assert_max_num_queries(12):
            assert export_render(export_id=row.pk) is True
        with django_assert_max_num_queries(8):
            assert body(client.get("/partnerships/directory.csv")).count(b"\n") == start + n + 1


def test_team_and_inquiry_pages_do_not_grow_with_rows(client, make_user, django_assert_max_num_queries):
    units = units_and_rules()
    t = team()
    owner_org = OrganisationFactory(name="Owner")
    owner = member(make_user(role=Role.NGO), owner_org)
    staff = make_user(role=Role.SECRETARIAT)

    def grow(n):
        for _ in range(n):
            org = OrganisationFactory(country_id="BW")
            services.roster_add(team=t, organisation=org, by=t.focal_point)
            e = services.engagement_log(team=t, by=t.focal_point, kind="seminar", title="S",
                                        held_on=datetime.date(2026, 1, 1), outcomes="O")
            e.organisations.set([org])
            inquiry(owner_org, owner, units["ngo-liaison"])

    pages = [(t.focal_point, reverse("partnerships:team-detail", args=[t.pk])),
             (t.focal_point, reverse("partnerships:team-list")),
             (t.focal_point, "/api/v1/country-teams/"),
             (owner, reverse("partnerships:inquiry-list")), (owner, "/api/v1/inquiries/"),
             (staff, reverse("partnerships:inquiry-queue")), (staff, reverse("partnerships:liaison")),
             (t.focal_point, "/dashboard/focalpoint/"), (staff, "/dashboard/secretariat/"), (owner, "/dashboard/ngo/")]
    for size in (3, 40):
        grow(size)
        for user, url in pages:
            client.force_login(user)
            with django_assert_max_num_queries(20):
                assert client.get(url).status_code == 200, url


def test_the_api_directory_counts_its_rows_once_per_directory_version(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _orgs(30)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/directory/", {"q": "org"}).json()["count"] == 30
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/directory/", {"q": "org"}).json()["count"] == 30
    counts = [q["sql"] for q in first.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and not [q["sql"] for q in again.captured_queries if "COUNT(" in q["sql"].upper()]
    _orgs(1, start=30)  # the directory changed: counted afresh
    assert client.get("/api/v1/directory/", {"q": "org"}).json()["count"] == 31
