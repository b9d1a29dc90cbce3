"""Quadrennial reports through the API only: the organisation opens, saves
and files its report; the Secretariat returns and checks it; the Committee
defers it with questions, the organisation answers, the Committee takes note."""

import datetime

import pytest
from django.utils import timezone

from accreditation.quadrennial.selectors import obligations
from tests.api.helpers import ok, token_client
from tests.quadrennial.factories import (
    SECTIONS,
    committee_with_member,
    ngo_user,
    org_in_status,
    secretariat_user,
    session,
)

Q = "/api/v1/quadrennial/reports"


@pytest.mark.django_db
def test_quadrennial_report_from_open_to_taken_note_through_the_api_only():
    today = timezone.localdate()
    member = ngo_user()
    org = org_in_status(granted_on=datetime.date(today.year - 5, 7, 24), member=member)
    committee, committee_user = committee_with_member()
    session(committee, today.year + 1)
    ngo, secretariat, committee_api = (token_client(member), token_client(secretariat_user()),
                                       token_client(committee_user))

    refused = ngo.post(f"{Q}/open/", {"organisation": org.pk, "period_start": 1900}, format="json")
    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"period_start"}
    period_start = obligations(org)[0].first_year
    report = ok(ngo.post(f"{Q}/open/", {"organisation": org.pk, "period_start": period_start}, format="json"), 201)
    assert report["state"] == "draft"
    assert [a["name"] for a in report["actions"]] == ["submit"]
    url = f"{Q}/{report['id']}"
    ok(ngo.patch(f"{url}/", SECTIONS, format="json"))
    filed = ok(ngo.post(f"{url}/submit/"))
    assert filed["state"] == "submitted"

    bad = secretariat.post(f"{url}/return/", {}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"reason"}
    returned = ok(secretariat.post(f"{url}/return/", {"reason": "Add the 2024 meetings."}, format="json"))
    assert returned["state"] == "returned"
    ok(ngo.patch(f"{url}/", {"participation_in_meetings": "CSW 2022, 2023 and 2024."}, format="json"))
    ok(ngo.post(f"{url}/submit/"))
    checked = ok(secretariat.post(f"{url}/check/", {"note": "Complete."}, format="json"))
    assert checked["state"] == "checked"

    assert ngo.post(f"{url}/take-note/", {}, format="json").status_code == 403
    deferred = ok(committee_api.post(f"{url}/defer/", {"questions": "Which countries do you work in?"},
                                     format="json"))
    assert deferred["state"] == "deferred"
    assert [a["name"] for a in ok(ngo.get(f"{url}/"))["actions"]] == ["answer"]
    answered = ok(ngo.post(f"{url}/answer/", {"answers": "Kenya, Uganda and Tanzania."}, format="json"))
    assert answered["state"] == "answered"
    noted = ok(committee_api.post(f"{url}/take-note/", {}, format="json"))
    assert noted["state"] == "noted"
    assert noted["noted_on"] == today.isoformat()
    assert noted["actions"] == []
