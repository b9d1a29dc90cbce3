import pytest

from partnerships.models import Inquiry
from portal.roles import Role
from tests.partnerships.factories import OrganisationFactory, area, member, status_change, team, units_and_rules

pytestmark = pytest.mark.django_db


def test_directory_api_searches_filters_and_shows_status_history(client):
    org = OrganisationFactory(name="Fundación Agua Viva", accredited=True, areas=[area("water")])
    status_change(org, reason="Adopted")
    OrganisationFactory(name="Other")
    data = client.get("/api/v1/directory/", {"q": "fundacion agua", "area": "water"}).json()
    assert [r["name"] for r in data["results"]] == ["Fundación Agua Viva"]
    assert data["results"][0]["areas"] == ["water"]
    profile = client.get(f"/api/v1/directory/{org.pk}/").json()
    assert [c["reason"] for c in profile["status_history"]] == ["Adopted"]
    facets = client.get("/api/v1/directory/facets/", {"q": "agua"}).json()
    assert facets["status_category"] == [{"status_category": "special", "n": 1}]


def test_inquiry_api_creates_routes_and_answers_with_field_errors(client, make_user):
    units_and_rules()
    org = OrganisationFactory()
    user = member(make_user(role=Role.NGO), org)
    client.force_login(user)
    bad = client.post("/api/v1/inquiries/", {"organisation": org.pk, "topic": "nope"}, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"topic", "subject", "message"}
    ok = client.post("/api/v1/inquiries/", {"organisation": org.pk, "topic": "accreditation", "subject": "Status",
                                            "message": "Where?"}, content_type="application/json")
    assert ok.status_code == 201
    assert ok.json()["unit"] == "Accreditation Unit"
    assert ok.json()["state_label"] == "Received — we have acknowledged it"
    other = OrganisationFactory(name="Not mine")
    refused = client.post("/api/v1/inquiries/", {"organisation": other.pk, "topic": "other", "subject": "s",
                                                 "message": "m"}, content_type="application/json")
    assert refused.status_code == 403
    assert Inquiry.objects.count() == 1
    inquiry = Inquiry.objects.get()
    staff = make_user(role=Role.SECRETARIAT)
    client.force_login(staff)
    answered = client.post(f"/api/v1/inquiries/{inquiry.pk}/transition/", {"transition": "answer", "text": "Soon"},
                           content_type="application/json")
    assert answered.json()["state"] == "answered"
    wrong = client.post(f"/api/v1/inquiries/{inquiry.pk}/transition/", {"transition": "take"},
                        content_type="application/json")
    assert wrong.status_code == 400


def test_focal_point_logs_engagement_through_the_api(client):
    t = team()
    client.force_login(t.focal_point)
    response = client.post(f"/api/v1/country-teams/{t.pk}/engagements/",
                           {"kind": "seminar", "title": "Seminar", "held_on": "2026-05-01", "outcomes": "Agreed"},
                           content_type="application/json")
    assert response.status_code == 201
    bad = client.post(f"/api/v1/country-teams/{t.pk}/engagements/", {"kind": "seminar"},
                      content_type="application/json")
    assert bad.status_code == 400
    assert [e["title"] for e in client.get(f"/api/v1/country-teams/{t.pk}/engagements/").json()] == ["Seminar"]
