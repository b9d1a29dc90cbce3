import pytest
from rest_framework.test import APIClient

from accreditation.models import Body, Committee, Organisation
from portal.roles import Role
from tests.accreditation.factories import committee_member, publish_decisions
from tests.factories import UserFactory

BASE = "/api/v1/accreditation"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_ngo_sees_only_its_own_applications_and_another_ngos_is_404(listed):
    app = listed["app"]
    mine = api(listed["ngo"]).get(f"{BASE}/applications/").json()
    assert [a["id"] for a in mine["results"]] == [app.pk]
    assert mine["results"][0]["public_status"] == "Awaiting the Committee's review"
    other = api(UserFactory(role=Role.NGO))
    assert other.get(f"{BASE}/applications/").json()["results"] == []
    assert other.get(f"{BASE}/applications/{app.pk}/").status_code == 404
    assert other.post(f"{BASE}/applications/{app.pk}/withdraw/", {}).status_code == 404
    detail = api(listed["ngo"]).get(f"{BASE}/applications/{app.pk}/").json()
    assert detail["id"] == app.pk


@pytest.mark.django_db
def test_committee_sees_lists_and_applications_of_its_sessions_only(listed):
    clist = listed["list"]
    member = api(listed["member"])
    assert [x["id"] for x in member.get(f"{BASE}/consolidated-lists/").json()["results"]] == [clist.pk]
    entries = member.get(f"{BASE}/consolidated-lists/{clist.pk}/entries/").json()["results"]
    assert [e["application"] for e in entries] == [listed["app"].pk]
    other_committee = Committee.objects.create(code="c2", name="C2", adopting_body=Body.objects.get(code="ga"))
    outsider = api(committee_member(other_committee))
    assert outsider.get(f"{BASE}/consolidated-lists/{clist.pk}/").status_code == 404
    assert outsider.get(f"{BASE}/applications/{listed['app'].pk}/").status_code == 404
    assert outsider.get(f"{BASE}/sessions/{listed['session'].pk}/").status_code == 404
    ngo = api(listed["ngo"])
    assert ngo.get(f"{BASE}/consolidated-lists/{clist.pk}/").status_code == 404
    assert ngo.get(f"{BASE}/sessions/").json()["results"] == []


@pytest.mark.django_db
def test_criteria_are_public():
    response = api().get(f"{BASE}/criteria/")
    assert response.status_code == 200
    codes = {r["body"] for r in response.json()["results"]}
    assert codes == {"ecosoc", "dpi"}


@pytest.mark.django_db
def test_other_endpoints_need_login():
    for path in ("applications", "organisations", "sessions", "consolidated-lists", "decisions"):
        assert api().get(f"{BASE}/{path}/").status_code in (401, 403)


@pytest.mark.django_db
def test_api_refuses_po_box_headquarters_with_400_and_field_error():
    response = api(UserFactory(role=Role.NGO)).post(f"{BASE}/organisations/", {
        "name": "Box Org", "country": "KE", "hq_address": "P.O. Box 100, Nairobi"}, format="json")
    assert response.status_code == 400
    assert "hq_address" in response.json()["error"]["fields"]
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_api_creates_organisation_and_application_draft():
    user = UserFactory(role=Role.NGO)
    client = api(user)
    response = client.post(f"{BASE}/organisations/", {
        "name": "Andes Water Forum", "country": "PE", "hq_address": "Av. Arequipa 123, Lima",
        "funding_sources": [{"name": "Members", "kind": "non_governmental", "share": "80"}]}, format="json")
    assert response.status_code == 201, response.json()
    org_id = response.json()["id"]
    response = client.post(f"{BASE}/applications/", {"organisation": org_id, "track": "intergovernmental",
                                                      "bodies": ["ecosoc"], "requested_category": "special"},
                           format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "draft"
    response = client.post(f"{BASE}/applications/{response.json()['id']}/submit/")
    assert response.status_code == 400
    assert "Upload the" in response.json()["error"]["message"]
    assert "code of conduct" not in response.json()["error"]["message"]


@pytest.mark.django_db
def test_ngo_sees_published_decisions_on_its_applications_not_pending_ones(listed):
    from accreditation import services

    services.decision_record(application=listed["app"], session=listed["session"], by=listed["member"],
                             outcome="special")
    assert api(listed["ngo"]).get(f"{BASE}/decisions/").json()["results"] == []
    assert len(api(listed["member"]).get(f"{BASE}/decisions/").json()["results"]) == 1
    publish_decisions(listed["session"], listed["officer"])
    assert [d["outcome"] for d in api(listed["ngo"]).get(f"{BASE}/decisions/").json()["results"]] == ["special"]


@pytest.mark.django_db
def test_openapi_schema_renders(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("applications", "organisations", "criteria", "sessions", "consolidated-lists", "decisions"):
        assert f"/api/v1/accreditation/{path}/" in paths
