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


@pytest.mark.django_db
def test_lifecycle_lists_built_decided_and_published_through_the_api_only():
    from freezegun import freeze_time

    officer = secretariat_user()
    committee, delegate = committee_with_member()
    org = org_in_status(granted_on=datetime.date(2020, 3, 15), member=ngo_user(), by=officer)
    s = session(committee, 2026)
    secretariat, member = token_client(officer), token_client(delegate)
    L = "/api/v1/quadrennial/lifecycle"
    assert member.post(f"{L}/build/", {"session": s.pk}, format="json").status_code == 403
    with freeze_time("2026-01-20"):
        built = ok(secretariat.post(f"{L}/build/", {"session": s.pk}, format="json"))
    assert built["counts"]["suspend"] == 1
    entry = ok(member.get(f"{L}/", {"session": s.pk}))["results"][0]
    assert (entry["organisation"], entry["kind"], entry["state"]) == (org.pk, "suspend", "listed")
    bad = member.post(f"{L}/{entry['id']}/record/", {"decision": "perhaps"}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"decision"}
    recorded = ok(member.post(f"{L}/{entry['id']}/record/", {"decision": "agree"}, format="json"))
    assert recorded["state"] == "pending"
    with freeze_time("2026-02-05"):
        published = ok(secretariat.post(f"{L}/publish/", {"session": s.pk}, format="json"))
    assert published["counts"]["suspend"] == 1
    org.refresh_from_db()
    assert org.status_state == "suspended"
