"""Declared filters and ordering: they filter, a wrong value is a 400 naming
the parameter, and the schema documents them."""

import pytest
from rest_framework.test import APIClient

from accreditation.models import Application
from portal.roles import Role
from tests.accreditation.test_list_queries import _applications
from tests.factories import UserFactory

A = "/api/v1/accreditation"


def staff_client():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.SECRETARIAT))
    return client


@pytest.mark.django_db
def test_application_filters_and_ordering_work():
    apps = _applications(4)
    Application.objects.filter(pk=apps[0].pk).update(state="draft", times_deferred=3)
    Application.objects.filter(pk=apps[1].pk).update(times_deferred=1)
    client = staff_client()
    drafts = client.get(f"{A}/applications/", {"state": "draft"}).json()["results"]
    assert [a["id"] for a in drafts] == [apps[0].pk]
    both = client.get(f"{A}/applications/?state=draft&state=prescreening").json()
    assert both["count"] == 4
    ordered = client.get(f"{A}/applications/", {"ordering": "-times_deferred"}).json()["results"]
    assert [a["id"] for a in ordered[:2]] == [apps[0].pk, apps[1].pk]
    mine = client.get(f"{A}/applications/", {"organisation": apps[2].organisation_id}).json()["results"]
    assert [a["id"] for a in mine] == [apps[2].pk]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params", "named"), [
    (f"{A}/applications/", {"state": "floating"}, "state"),
    (f"{A}/applications/", {"session": "abc"}, "session"),
    (f"{A}/applications/", {"received_after": "30/11/2026"}, "received_after"),
    (f"{A}/applications/", {"ordering": "password"}, "ordering"),
    (f"{A}/organisations/", {"status_category": "platinum"}, "status_category"),
    (f"{A}/requests/", {"answered": "perhaps"}, "answered"),
    (f"{A}/decisions/", {"outcome": "maybe"}, "outcome"),
    ("/api/v1/participation/registrations/", {"meeting": "x"}, "meeting"),
    ("/api/v1/participation/designations/", {"role": "king"}, "role"),
    ("/api/v1/participation/statements/", {"state": "lost"}, "state"),
    ("/api/v1/quadrennial/reports/", {"state": "lost"}, "state"),
    ("/api/v1/quadrennial/reports/", {"organisation": "mine"}, "organisation"),
    ("/api/v1/quadrennial/lifecycle/", {"session": "x"}, "session"),
    ("/api/v1/quadrennial/lifecycle/", {"kind": "exile"}, "kind"),
])
def test_a_wrong_filter_value_is_a_400_naming_the_parameter(path, params, named):
    response = staff_client().get(path, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert list(error["fields"]) == [named]


@pytest.mark.django_db
def test_a_wrong_grant_filter_value_is_a_400_naming_the_parameter():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.SECRETARIAT))
    response = client.get("/api/v1/trustfund/applications/", {"state": "rich"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["state"]


@pytest.mark.django_db
def test_the_schema_documents_each_lists_filters(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    def params(path):
        return {p["name"] for p in paths[path]["get"].get("parameters", [])}

    assert {"state", "track", "organisation", "session", "received_after", "received_before",
            "ordering"} <= params("/api/v1/accreditation/applications/")
    assert {"meeting", "organisation", "state", "checked_in", "ordering"} <= params(
        "/api/v1/participation/registrations/")
    assert {"year", "organisation", "role", "revoked"} <= params("/api/v1/participation/designations/")
    assert {"call", "state", "ordering"} <= params("/api/v1/trustfund/applications/")
