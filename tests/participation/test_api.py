import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from participation import services
from participation.models import Designation
from tests.participation.factories import designate, make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db

BASE = "/api/v1/participation"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(org, fp, staff):
    meeting = make_meeting()
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    other = make_org("general")
    other_fp = make_member(other, focal_point=True)
    other_reg = services.registration_create(by=other_fp, meeting=meeting, designation=designate(other, by=other_fp))
    return {"meeting": meeting, "reg": reg, "other_reg": other_reg, "other_fp": other_fp}


def test_an_organisation_lists_only_its_own_registrations(api, fp, world):
    api.force_authenticate(fp)
    data = api.get(f"{BASE}/registrations/").json()
    assert [r["id"] for r in data["results"]] == [world["reg"].pk]
    assert api.get(f"{BASE}/registrations/{world['other_reg'].pk}/").status_code == 404
    assert api.post(f"{BASE}/registrations/{world['other_reg'].pk}/withdraw/").status_code == 404


def test_registration_through_the_api_and_its_errors(api, org, fp, world):
    api.force_authenticate(fp)
    d = designate(org, by=fp)
    r = api.post(f"{BASE}/registrations/", {"meeting": world["meeting"].pk, "designation": d.pk}, format="json")
    assert (r.status_code, r.json()["state"]) == (201, "approved")
    r = api.post(f"{BASE}/registrations/", {"meeting": world["meeting"].pk, "designation": designate(org, by=fp).pk},
                 format="json")
    assert r.status_code == 400
    assert "limit of 2 representatives" in r.json()["error"]["message"]
    r = api.post(f"{BASE}/registrations/", {"meeting": world["meeting"].pk, "designation": "x"}, format="json")
    assert r.status_code == 400 and "designation" in r.json()["error"]["fields"]


def test_another_organisations_designation_is_not_accepted(api, fp, world):
    api.force_authenticate(world["other_fp"])
    other_org_designation = world["reg"].designation
    r = api.post(f"{BASE}/registrations/", {"meeting": world["meeting"].pk, "designation": other_org_designation.pk},
                 format="json")
    assert r.status_code == 400


def test_secretariat_confirms_through_the_api(api, staff, fp, world):
    api.force_authenticate(fp)
    assert api.post(f"{BASE}/registrations/{world['reg'].pk}/confirm/").status_code == 403
    api.force_authenticate(staff)
    r = api.post(f"{BASE}/registrations/{world['reg'].pk}/confirm/")
    assert (r.status_code, r.json()["state"]) == (200, "confirmed")
    assert len(api.get(f"{BASE}/registrations/").json()["results"]) == 2


def test_anonymous_cannot_list_registrations(api, world):
    assert api.get(f"{BASE}/registrations/").status_code in (401, 403)


def test_no_record_rule_holds_in_the_api(api, staff):
    arria = make_meeting(kind="sc-arria", body="security-council", convener="Canada")
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    services.invitation_create(by=staff, meeting=arria, organisation=org)
    reg = services.registration_create(by=fp, meeting=arria, designation=designate(org, by=fp))
    services.registration_confirm(by=staff, registration=reg)
    st = services.statement_submit(by=fp, meeting=arria, organisation=org, title="Secret", text="Off the record.")
    services.statement_accept(by=staff, statement=st)
    outsider = make_member(make_org("general"))
    api.force_authenticate(outsider)
    assert api.get(f"{BASE}/meetings/{arria.pk}/").status_code == 404
    assert api.get(f"{BASE}/statements/").json()["results"] == []
    assert api.get(f"{BASE}/statements/{st.pk}/").status_code == 404
    api.force_authenticate(fp)  # even the invited participant gets no participant list
    assert api.get(f"{BASE}/meetings/{arria.pk}/participants/").status_code == 404
    assert api.get(f"{BASE}/speakers-lists/").json()["results"] == []


def test_participants_of_a_meeting_with_records_are_public(api, staff, org, world):
    services.registration_confirm(by=staff, registration=world["reg"])
    r = api.get(f"{BASE}/meetings/{world['meeting'].pk}/participants/")
    assert [p["id"] for p in r.json()["results"]] == [org.pk]


def test_statement_api_counts_words_and_refuses_one_over(api, org, fp):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    api.force_authenticate(fp)
    payload = {"meeting": meeting.pk, "organisation": org.pk, "title": "T", "text": "word " * 2001}
    r = api.post(f"{BASE}/statements/", payload, format="json")
    assert r.status_code == 400 and "2,001 words" in r.json()["error"]["fields"]["text"][0]
    payload["text"] = "word " * 2000
    assert api.post(f"{BASE}/statements/", payload, format="json").json()["word_count"] == 2000


def test_statements_for_another_organisation_are_refused(api, org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    api.force_authenticate(make_member(make_org("general")))
    r = api.post(f"{BASE}/statements/", {"meeting": meeting.pk, "organisation": org.pk, "title": "T", "text": "x"},
                 format="json")
    assert r.status_code == 400 and "organisation" in r.json()["error"]["fields"]


def test_published_speakers_list_shows_order_and_time(api, staff, org, fp):
    meeting = make_meeting()
    speaker = designate(org, by=fp).representative
    req = services.speaking_request_create(by=fp, meeting=meeting, organisation=org, speaker=speaker, topic="Water")
    services.speakers_list_arrange(by=staff, meeting=meeting, entries=[{"id": req.pk, "position": 1}])
    assert api.get(f"{BASE}/speakers-lists/").json()["results"] == []
    services.speakers_list_publish(by=staff, meeting=meeting)
    data = api.get(f"{BASE}/speakers-lists/{meeting.pk}/").json()
    assert data["speakers"] == [{"position": 1, "speaker": speaker.full_name, "organisation": org.display_name,
                                 "network": None, "topic": "Water", "minutes": 3, "starts_after_minutes": 0}]


def test_speaking_requests_of_another_organisation_are_hidden(api, org, fp):
    meeting = make_meeting()
    req = services.speaking_request_create(by=fp, meeting=meeting, organisation=org,
                                           speaker=designate(org, by=fp).representative, topic="Water")
    api.force_authenticate(make_member(make_org("general")))
    assert api.get(f"/api/v1/participation/speaking-requests/{req.pk}/").status_code == 404


@pytest.mark.parametrize("n", [3, 40])
def test_api_lists_use_a_constant_number_of_queries(api, staff, n, django_assert_max_num_queries):
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    for _ in range(n):
        m = make_meeting(capacity=5)
        services.registration_create(by=staff, meeting=m, designation=designate(org, by=staff))
        # make room for the next year's worth of designations (7 a year at most)
        Designation.objects.filter(organisation=org).update(revoked_at=timezone.now())
        st = services.statement_submit(by=fp, meeting=m, organisation=org, title="T", text="Some words.")
        services.statement_accept(by=staff, statement=st)
    api.force_authenticate(fp)
    for url in ("meetings", "registrations", "statements", "speakers-lists"):
        with django_assert_max_num_queries(8):
            assert api.get(f"{BASE}/{url}/?page_size=100").status_code == 200
