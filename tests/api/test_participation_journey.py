"""A meeting registration through the API only: the focal point designates a
representative (designation API), the representative registers, the focal
point approves, the Secretariat confirms and checks them in."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from participation.models import Designation
from portal.models import AuditEntry
from tests.api.helpers import ok, token_client
from tests.participation.factories import make_meeting, make_member, make_org, make_staff

P = "/api/v1/participation"


@pytest.mark.django_db
def test_registration_with_a_designation_through_the_api_only():
    org = make_org("general", areas=["hiv-aids"])
    focal_point, person = make_member(org, focal_point=True), make_member(org)
    meeting = make_meeting(kind="ga-hearing", body="ga", cap=2)
    fp, me, desk = token_client(focal_point), token_client(person), token_client(make_staff())

    designation = ok(fp.post(f"{P}/designations/", {
        "organisation": org.pk, "year": meeting.starts_on.year, "role": "additional", "first_name": "Amina",
        "last_name": "Diallo", "gender": "female", "user": person.pk}, format="json"), 201)
    assert designation["role_label"] == "Additional representative"
    assert designation["representative_name"] == "Amina Diallo"
    assert [d["id"] for d in ok(me.get(f"{P}/designations/"))["results"]] == [designation["id"]]

    registration = ok(me.post(f"{P}/registrations/", {"meeting": meeting.pk, "designation": designation["id"]},
                              format="json"), 201)
    assert registration["state"] == "requested"
    assert [a["name"] for a in registration["actions"]] == ["withdraw"]
    url = f"{P}/registrations/{registration['id']}"
    assert {a["name"] for a in ok(fp.get(f"{url}/"))["actions"]} == {"approve", "refuse", "withdraw"}
    assert me.post(f"{url}/approve/", {}, format="json").status_code == 403  # not the focal point
    approved = ok(fp.post(f"{url}/approve/", {}, format="json"))
    assert approved["state"] == "approved"
    confirmed = ok(desk.post(f"{url}/confirm/", {}, format="json"))
    assert confirmed["state"] == "confirmed"
    assert confirmed["badge_code"]
    assert {a["name"] for a in confirmed["actions"]} == {"withdraw"}

    early = desk.post(f"{url}/check-in/")
    assert early.status_code == 400  # the pass is valid only on the meeting's days
    with freeze_time(datetime.datetime.combine(meeting.starts_on, datetime.time(9), tzinfo=datetime.UTC)):
        arrived = ok(desk.post(f"{url}/check-in/"))
    assert arrived["checked_in_at"] is not None
    assert AuditEntry.objects.filter(action="registration.check_in", actor__isnull=False).count() == 1


@pytest.mark.django_db
def test_only_the_focal_point_designates_and_bad_values_name_their_field():
    org = make_org("general")
    focal_point, person = make_member(org, focal_point=True), make_member(org)
    year = timezone.localdate().year
    refused = token_client(person).post(f"{P}/designations/", {
        "organisation": org.pk, "year": year, "role": "main", "first_name": "A", "last_name": "B"}, format="json")
    assert refused.status_code == 400
    assert "organisation" in refused.json()["error"]["fields"]
    bad = token_client(focal_point).post(f"{P}/designations/", {
        "organisation": org.pk, "year": year, "role": "king", "first_name": "A", "last_name": "B"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"role"}
    fp = token_client(focal_point)
    made = ok(fp.post(f"{P}/designations/", {"organisation": org.pk, "year": year, "role": "main",
                                             "first_name": "A", "last_name": "B"}, format="json"), 201)
    second = fp.post(f"{P}/designations/", {"organisation": org.pk, "year": year, "role": "main",
                                            "first_name": "C", "last_name": "D"}, format="json")
    assert second.status_code == 400
    assert "role" in second.json()["error"]["fields"]  # one main representative a year
    revoked = ok(fp.post(f"{P}/designations/{made['id']}/revoke/"))
    assert revoked["revoked_at"] is not None
    assert Designation.objects.get(pk=made["id"]).revoked_at is not None
