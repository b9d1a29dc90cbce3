"""An organisation whose invitation to an invitation-only meeting is missing
is told so, in the API and on the pages — never "Invalid pk"."""

import pytest
from rest_framework.test import APIClient

from participation import services
from participation.models import Registration, SpeakingRequest, Statement
from tests.participation.factories import designate, make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db
NOT_INVITED = "This meeting is by invitation only, and your organisation is not invited."


@pytest.fixture
def arria():
    return make_meeting(kind="sc-arria", body="security-council", convener="Canada")


@pytest.fixture
def uninvited(db):
    org = make_org("general")
    return org, make_member(org, focal_point=True)


def test_registration_statement_and_speaking_request_name_the_invitation_rule(arria, uninvited):
    org, fp = uninvited
    api = APIClient()
    api.force_authenticate(fp)
    d = designate(org, by=fp, year=arria.starts_on.year)
    for url, payload in (
            ("/api/v1/participation/registrations/", {"meeting": arria.pk, "designation": d.pk}),
            ("/api/v1/participation/statements/", {"meeting": arria.pk, "organisation": org.pk, "title": "T",
                                                   "text": "Words."}),
            ("/api/v1/participation/speaking-requests/", {"meeting": arria.pk, "organisation": org.pk,
                                                          "speaker": d.representative_id, "topic": "Water"})):
        r = api.post(url, payload, format="json")
        assert r.status_code == 400, url
        body = r.json()
        assert NOT_INVITED in str(body) and "Invalid pk" not in str(body), body
    assert not (Registration.objects.exists() or Statement.objects.exists() or SpeakingRequest.objects.exists())


def test_an_unknown_meeting_is_still_an_unknown_meeting(uninvited):
    org, fp = uninvited
    api = APIClient()
    api.force_authenticate(fp)
    r = api.post("/api/v1/participation/registrations/",
                 {"meeting": 999999, "designation": designate(org, by=fp).pk}, format="json")
    assert r.status_code == 400 and NOT_INVITED not in str(r.json())


def test_once_invited_the_organisation_registers(arria, uninvited, staff):
    org, fp = uninvited
    services.invitation_create(by=staff, meeting=arria, organisation=org)
    api = APIClient()
    api.force_authenticate(fp)
    d = designate(org, by=fp, year=arria.starts_on.year)
    r = api.post("/api/v1/participation/registrations/", {"meeting": arria.pk, "designation": d.pk}, format="json")
    assert r.status_code == 201, r.json()


def test_the_register_page_says_the_meeting_is_by_invitation_only(arria, uninvited, client):
    org, fp = uninvited
    d = designate(org, by=fp, year=arria.starts_on.year)
    client.force_login(fp)
    response = client.post(f"/participation/meetings/{arria.pk}/register/", {"designation": d.pk}, follow=True)
    assert response.status_code == 200
    assert NOT_INVITED in response.content.decode()
    assert not Registration.objects.exists()
