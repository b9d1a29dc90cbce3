"""More of what the pages offer, through the API: the organisation's profile
and its change requests, pledges, the speakers list, statements."""

import datetime

import pytest
from django.utils import timezone

from accreditation.models import Organisation
from portal.roles import Role
from tests.api.helpers import ok, token_client
from tests.factories import UserFactory
from tests.participation.factories import designate, make_meeting, make_member, make_org, make_staff
from tests.quadrennial.factories import ngo_user, org_in_status
from tests.trustfund import factories as tf

A = "/api/v1/accreditation"


@pytest.mark.django_db
def test_organisation_updates_its_profile_and_others_cannot():
    member = ngo_user()
    org = org_in_status(granted_on=datetime.date(2020, 7, 24), member=member)
    api = token_client(member)
    changed = ok(api.patch(f"{A}/organisations/{org.pk}/", {"hq_city": "Mombasa", "website": "https://fish.example"},
                           format="json"))
    assert changed["hq_city"] == "Mombasa"
    bad = api.patch(f"{A}/organisations/{org.pk}/", {"hq_address": "P.O. Box 12"}, format="json")
    assert bad.status_code == 400
    assert "hq_address" in bad.json()["error"]["fields"]
    stranger = token_client(ngo_user())
    assert stranger.patch(f"{A}/organisations/{org.pk}/", {"hq_city": "X"}, format="json").status_code == 403
    assert Organisation.objects.get(pk=org.pk).hq_city == "Mombasa"


@pytest.mark.django_db
def test_change_of_name_asked_by_the_organisation_and_approved_by_the_secretariat():
    member = ngo_user()
    org = org_in_status(granted_on=datetime.date(2020, 7, 24), member=member)
    api, secretariat = token_client(member), token_client(UserFactory(role=Role.SECRETARIAT))
    change = ok(api.post(f"{A}/organisation-changes/", {"organisation": org.pk, "kind": "name",
                                                        "new_name": "Coastal Fishers Alliance",
                                                        "explanation": "Members voted the new name."},
                         format="json"), 201)
    assert (change["state"], change["state_label"]) == ("requested", "Requested")
    url = f"{A}/organisation-changes/{change['id']}"
    assert ok(api.get(f"{url}/"))["actions"] == []
    assert {a["name"] for a in ok(secretariat.get(f"{url}/"))["actions"]} == {"approve", "reject"}
    assert api.post(f"{url}/decide/", {"approve": True}, format="json").status_code == 403
    decided = ok(secretariat.post(f"{url}/decide/", {"approve": True, "reason": "Minutes received."},
                                  format="json"))
    assert decided["state"] == "approved"
    assert Organisation.objects.get(pk=org.pk).name == "Coastal Fishers Alliance"


@pytest.mark.django_db
def test_donor_records_its_own_pledges_only():
    donor_user = UserFactory(role=Role.DONOR)
    norway = tf.donor("Kingdom of Norway", users=[donor_user])
    sweden = tf.donor("Kingdom of Sweden")
    fund = tf.participation_fund()
    api = token_client(donor_user)
    today = timezone.localdate().isoformat()
    pledge = ok(api.post("/api/v1/trustfund/pledges/", {"donor": norway.pk, "fund": fund.code,
                                                        "amount_usd": "250000.00", "pledged_on": today},
                         format="json"), 201)
    assert pledge["donor_name"] == "Kingdom of Norway"
    refused = api.post("/api/v1/trustfund/pledges/", {"donor": sweden.pk, "fund": fund.code, "amount_usd": "1",
                                                      "pledged_on": today}, format="json")
    assert refused.status_code == 403
    bad = api.post("/api/v1/trustfund/pledges/", {"donor": norway.pk, "fund": fund.code, "amount_usd": "0",
                                                  "pledged_on": "someday"}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"amount_usd", "pledged_on"}
    manager = token_client(tf.staff())
    ok(manager.post("/api/v1/trustfund/pledges/", {"donor": sweden.pk, "fund": fund.code, "amount_usd": "10",
                                                   "pledged_on": today}, format="json"), 201)
    assert [p["donor_name"] for p in ok(api.get("/api/v1/trustfund/pledges/"))["results"]] == ["Kingdom of Norway"]
    assert ok(manager.get("/api/v1/trustfund/pledges/"))["count"] == 2


@pytest.mark.django_db
def test_secretariat_arranges_and_publishes_the_speakers_list():
    org = make_org("general", areas=["hiv-aids"])
    fp = make_member(org, focal_point=True)
    meeting = make_meeting(keeps_records=True)
    speaker = designate(org, by=fp).representative
    ngo, desk = token_client(fp), token_client(make_staff())
    req = ok(ngo.post("/api/v1/participation/speaking-requests/", {
        "meeting": meeting.pk, "organisation": org.pk, "speaker": speaker.pk, "topic": "Water and health"},
        format="json"), 201)
    url = f"/api/v1/participation/speakers-lists/{meeting.pk}"
    assert ngo.post(f"{url}/arrange/", {"entries": [{"id": req["id"], "position": 1}]},
                    format="json").status_code in (403, 404)
    bad = desk.post(f"{url}/arrange/", {"entries": [{"id": req["id"], "position": 1, "minutes": 90}]},
                    format="json")
    assert bad.status_code == 400
    arranged = ok(desk.post(f"{url}/arrange/", {"entries": [{"id": req["id"], "position": 1, "minutes": 4}]},
                            format="json"))
    assert [(s["speaker"], s["minutes"]) for s in arranged["speakers"]] == [(speaker.full_name, 4)]
    published = ok(desk.post(f"{url}/publish/"))
    assert published["speakers_list_published_at"] is not None
    public = ok(token_client(UserFactory(role=Role.NGO)).get(f"{url}/"))
    assert [s["topic"] for s in public["speakers"]] == ["Water and health"]


@pytest.mark.django_db
def test_secretariat_creates_a_meeting_by_invitation_and_invites_an_organisation():
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    desk, ngo = token_client(make_staff()), token_client(fp)
    now = timezone.now()
    start = timezone.localdate() + datetime.timedelta(days=30)
    body = {"kind": "sc-arria", "body": "security-council", "title": "Arria-formula meeting on water", "starts_on": start.isoformat(),
            "ends_on": start.isoformat(), "registration_opens_at": now.isoformat(),
            "registration_closes_at": (now + datetime.timedelta(days=20)).isoformat(), "invitation_only": True,
            "keeps_records": False}
    assert ngo.post("/api/v1/participation/meetings/", body, format="json").status_code == 403
    bad = desk.post("/api/v1/participation/meetings/", {**body, "ends_on": "2000-01-01"}, format="json")
    assert bad.status_code == 400
    meeting = ok(desk.post("/api/v1/participation/meetings/", body, format="json"), 201)
    url = f"/api/v1/participation/meetings/{meeting['id']}/"
    assert ngo.get(url).status_code == 404  # by invitation: not invited yet
    ok(desk.post(f"{url}invite/", {"organisation": org.pk}, format="json"))
    assert ok(ngo.get(url))["title"] == "Arria-formula meeting on water"
    moved = ok(desk.patch(url, {"venue": "Conference Room 4"}, format="json"))
    assert moved["venue"] == "Conference Room 4"


@pytest.mark.django_db
def test_statements_and_requests_to_speak_carry_what_each_caller_may_do():
    org = make_org("general", areas=["hiv-aids"])
    fp = make_member(org, focal_point=True)
    ngo, desk = token_client(fp), token_client(make_staff())
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    statement = ok(ngo.post("/api/v1/participation/statements/", {
        "meeting": meeting.pk, "organisation": org.pk, "title": "Water is health",
        "text": "Access to safe water saves lives."}, format="json"), 201)
    assert [a["name"] for a in statement["actions"]] == ["withdraw"]
    url = f"/api/v1/participation/statements/{statement['id']}/"
    assert {a["name"] for a in ok(desk.get(url))["actions"]} == {"accept", "reject", "withdraw"}
    accepted = ok(desk.post(f"{url}accept/", {}, format="json"))
    assert (accepted["state"], accepted["actions"]) == ("accepted", [])
    assert "actions" not in ok(desk.get("/api/v1/participation/statements/"))["results"][0]

    speaker = designate(org, by=fp).representative
    hearing = make_meeting(keeps_records=True)
    req = ok(ngo.post("/api/v1/participation/speaking-requests/", {
        "meeting": hearing.pk, "organisation": org.pk, "speaker": speaker.pk, "topic": "Water"}, format="json"), 201)
    assert [a["name"] for a in req["actions"]] == ["withdraw"]
    withdrawn = ok(ngo.post(f"/api/v1/participation/speaking-requests/{req['id']}/withdraw/"))
    assert (withdrawn["state"], withdrawn["actions"]) == ("withdrawn", [])


@pytest.mark.django_db
def test_an_inquiry_shows_who_may_do_what_next():
    from partnerships.models import Inquiry
    from tests.partnerships.factories import OrganisationFactory, member, units_and_rules

    units_and_rules()
    org = OrganisationFactory()
    ngo_user_ = member(UserFactory(role=Role.NGO), org)
    ngo, staff = token_client(ngo_user_), token_client(UserFactory(role=Role.SECRETARIAT))
    made = ok(ngo.post("/api/v1/inquiries/", {"organisation": org.pk, "topic": "accreditation",
                                              "subject": "Our status", "message": "Where is our application?"},
                       format="json"), 201)
    url = f"/api/v1/inquiries/{made['id']}/"
    assert ok(ngo.get(url))["actions"] == []
    assert {a["name"] for a in ok(staff.get(url))["actions"]} == {"take", "ask", "answer"}
    answered = ok(staff.post(f"{url}transition/", {"transition": "answer", "text": "Pre-screening ends in May."},
                             format="json"))
    assert answered["state"] == "answered"
    assert [m["body"] for m in answered["messages"]][-1] == "Pre-screening ends in May."
    assert {a["name"] for a in ok(ngo.get(url))["actions"]} == {"reopen", "close"}
    assert Inquiry.objects.get(pk=made["id"]).state == "answered"
