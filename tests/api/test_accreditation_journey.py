"""The whole accreditation journey through the API only: token →
organisation → application → answers and documents (a code of conduct where adopted) →
submit → pre-screening → consolidated list → committee decision →
publication → adoption → status in the public directory."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from accreditation.models import Application
from portal.models import AuditEntry
from portal.roles import Role
from tests.accreditation.factories import PDF, committee_member
from tests.api.helpers import ok, token_client
from tests.factories import UserFactory

A = "/api/v1/accreditation"


def ngo_client_from_settings_page(client):
    """The NGO makes its token on its settings page, then uses only the API."""
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    secret = client.post("/accounts/profile/tokens/", {"name": "Our CRM", "scope": "write"}).context["new_secret"]
    client.logout()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api, user


def draft_ready_to_submit(ngo):
    registered = (timezone.localdate() - datetime.timedelta(days=5 * 366)).isoformat()
    org = ok(ngo.post(f"{A}/organisations/", {
        "name": "Andes Water Forum", "country": "PE", "hq_address": "Av. Arequipa 123", "hq_city": "Lima",
        "registered_on": registered,
        "funding_sources": [{"name": "Members", "kind": "non_governmental", "share": "80"},
                            {"name": "Ministry", "kind": "governmental", "share": "20"}]}, format="json"), 201)
    assert org["profile_state"] == "pending"
    assert org["profile_state_label"] == "Awaiting approval"
    app = ok(ngo.post(f"{A}/applications/", {"organisation": org["id"], "track": "intergovernmental",
                                             "bodies": ["ecosoc"], "requested_category": "special"},
                      format="json"), 201)
    assert app["state"] == "draft"
    assert {a["name"] for a in app["actions"]} == {"submit", "withdraw"}
    steps = {item["step"] for item in app["checklist"]}
    assert {"questionnaire", "documents"} <= steps
    assert "conduct" not in steps and app["code_of_conduct_required"] is False  # no body adopted one
    url = f"{A}/applications/{app['id']}"
    questions = ok(ngo.get(f"{url}/questions/"))
    ok(ngo.post(f"{url}/answers/", {"answers": {q["code"]: f"Our answer on {q['label']}." for q in questions}},
                format="json"))
    missing_documents = [item for item in ok(ngo.get(f"{url}/"))["checklist"] if item["step"] == "documents"]
    assert missing_documents
    for kind in ("constitution", "registration", "financial", "annual_report"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
        doc = ok(ngo.post(f"{url}/documents/", {"kind": kind, "file": upload}, format="multipart"), 201)
        assert doc["kind"] == kind
    detail = ok(ngo.get(f"{url}/"))
    if detail["code_of_conduct_required"]:
        detail = ok(ngo.post(f"{url}/accept-code-of-conduct/"))
    assert detail["checklist"] == []
    return org, detail


@pytest.mark.django_db
def test_accreditation_journey_through_the_api_only(client, django_capture_on_commit_callbacks):
    officer = UserFactory(role=Role.SECRETARIAT)
    member = committee_member()
    ngo, ngo_user = ngo_client_from_settings_page(client)
    secretariat, committee = token_client(officer), token_client(member)

    org, app = draft_ready_to_submit(ngo)
    url = f"{A}/applications/{app['id']}"
    with django_capture_on_commit_callbacks(execute=True):
        submitted = ok(ngo.post(f"{url}/submit/"))
    assert submitted["state"] == "submitted"
    app = ok(ngo.get(f"{url}/"))
    assert app["state"] == "prescreening"  # the automatic checks ran after commit
    assert app["public_status"] == "Under review by the Secretariat"
    assert app["criterion_results"] == []  # the Secretariat's notes are not shown to the NGO
    assert [a["name"] for a in app["actions"]] == ["withdraw"]

    # The Secretariat: profile approval, take, criteria, recommendation.
    approved = ok(secretariat.post(f"{A}/organisations/{org['id']}/approve/", {}, format="json"))
    assert approved["profile_state"] == "approved"
    taken = ok(secretariat.post(f"{url}/take/"))
    assert taken["officer"] == officer.pk
    assert {"request_information", "complete_prescreening"} <= {a["name"] for a in taken["actions"]}
    criteria = ok(secretariat.get(f"{A}/criteria/{taken['criteria_set']}/"))["criteria"]
    for criterion in criteria:
        ok(secretariat.post(f"{url}/criterion-results/", {"criterion": criterion["id"], "result": "met",
                                                          "note": "Checked against the documents."},
                            format="json"))
    screened = ok(secretariat.post(f"{url}/recommendation/", {"recommendation": "special",
                                                              "reason": "Meets every criterion."}, format="json"))
    assert screened["state"] == "prescreened"
    assert len(screened["criterion_results"]) == len(criteria)

    # The consolidated list, built and published.
    session_id = screened["session_id"]
    clist = ok(secretariat.post(f"{A}/sessions/{session_id}/build-list/"), 201)
    assert clist["n_entries"] == 1
    ok(secretariat.post(f"{A}/consolidated-lists/{clist['id']}/publish/"))

    # The committee's decision.
    entries = ok(committee.get(f"{A}/consolidated-lists/{clist['id']}/entries/"))["results"]
    assert [e["application"] for e in entries] == [app["id"]]
    decision = ok(committee.post(f"{A}/sessions/{session_id}/decisions/",
                                 {"application": app["id"], "outcome": "special"}, format="json"))
    assert (decision["outcome"], decision["state"]) == ("special", "pending")

    # Publication at the end of the session, adoption in July.
    session = ok(secretariat.get(f"{A}/sessions/{session_id}/"))
    with freeze_time(datetime.datetime.fromisoformat(session["ends_on"]).replace(hour=18)):
        counts = ok(secretariat.post(f"{A}/sessions/{session_id}/publish-decisions/", {}, format="json"))
    assert counts == {"counts": {"special": 1}}
    assert ok(ngo.get(f"{url}/"))["state"] == "recommended"
    adoption_day = datetime.date(session["year"], 7, 24)
    with freeze_time(adoption_day):
        adopted = ok(secretariat.post(f"{A}/sessions/{session_id}/adopt/",
                                      {"on": adoption_day.isoformat(), "reference": "E/2028/L.1"}, format="json"))
    assert adopted == {"counts": {"adopted": 1}}

    final = ok(ngo.get(f"{url}/"))
    assert (final["state"], final["state_label"]) == ("granted", "Status granted (adopted)")
    assert final["actions"] == []
    public = ok(APIClient().get(f"/api/v1/directory/{org['id']}/"))
    assert (public["status_category"], public["status_state"]) == ("special", "active")
    assert public["status_granted_on"] == adoption_day.isoformat()
    # Every step is audited against the person whose token made it.
    actors = set(AuditEntry.objects.filter(action__startswith="application.").values_list("actor", flat=True))
    assert {ngo_user.pk, officer.pk} <= actors
    assert Application.objects.get(pk=app["id"]).state == "granted"


@pytest.mark.django_db
def test_nobody_fires_what_the_page_would_refuse_them(client):
    ngo, _ngo_user = ngo_client_from_settings_page(client)
    org, app = draft_ready_to_submit(ngo)
    url = f"{A}/applications/{app['id']}"
    # The NGO may not pre-screen its own application or approve its profile.
    refused = ngo.post(f"{url}/take/")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert ngo.post(f"{A}/organisations/{org['id']}/approve/", {}, format="json").status_code == 403
    # Another NGO does not even see it.
    stranger = token_client(UserFactory(role=Role.NGO))
    assert stranger.post(f"{url}/answers/", {"answers": {"aims": "x"}}, format="json").status_code == 404
    # Bad input is a 400 naming the field.
    bad = ngo.post(f"{url}/answers/", {"answers": {"no_such_question": "x"}}, format="json")
    assert bad.status_code == 400
    assert "no_such_question" in bad.json()["error"]["fields"]
    not_pdf = SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf")
    bad = ngo.post(f"{url}/documents/", {"kind": "constitution", "file": not_pdf}, format="multipart")
    assert bad.status_code == 400
    assert "file" in bad.json()["error"]["fields"]
    bad = ngo.post(f"{url}/documents/", {"kind": "poem"}, format="multipart")
    assert set(bad.json()["error"]["fields"]) == {"kind", "file"}


@pytest.mark.django_db
def test_ngo_answers_a_request_for_information_with_attachments(client, django_capture_on_commit_callbacks):
    officer = UserFactory(role=Role.SECRETARIAT)
    ngo, _ngo_user = ngo_client_from_settings_page(client)
    secretariat = token_client(officer)
    _org, app = draft_ready_to_submit(ngo)
    url = f"{A}/applications/{app['id']}"
    with django_capture_on_commit_callbacks(execute=True):
        ok(ngo.post(f"{url}/submit/"))
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        req = ok(secretariat.post(f"{url}/request-information/", {"question": "Send your 2025 audit.",
                                                                  "due_on": due}, format="json"), 201)
    assert ok(ngo.get(f"{url}/"))["state"] == "info_requested"
    assert [r["id"] for r in ok(ngo.get(f"{A}/requests/"))["results"]] == [req["id"]]
    files = [SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf"),
             SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")]
    answered = ok(ngo.post(f"{A}/requests/{req['id']}/answer/", {"answer": "Attached.", "attachments": files},
                           format="multipart"))
    assert answered["answer"] == "Attached."
    assert sorted(a["original_name"] for a in answered["attachments"]) == ["audit.pdf", "letter.pdf"]
    assert ok(ngo.get(f"{url}/"))["state"] == "prescreening"
    again = ngo.post(f"{A}/requests/{req['id']}/answer/", {"answer": "Again."}, format="json")
    assert again.status_code == 400


@pytest.mark.django_db
def test_state_labels_and_actions_follow_the_callers_language(client):
    ngo, _user = ngo_client_from_settings_page(client)
    _org, app = draft_ready_to_submit(ngo)
    english = ok(ngo.get(f"{A}/applications/{app['id']}/"))
    french = ok(ngo.get(f"{A}/applications/{app['id']}/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert english["state"] == french["state"] == "draft"
    assert english["state_label"] == "Draft"
    assert french["state_label"] not in ("", "Draft")
    assert [a["name"] for a in french["actions"]] == [a["name"] for a in english["actions"]]
    assert french["actions"][0]["label"] != english["actions"][0]["label"]


@pytest.mark.django_db
def test_bulk_decisions_and_assignments_report_every_item_refused(listed):
    from tests.accreditation.factories import make_ready_application

    committee = token_client(listed["member"])
    session = listed["session"]
    draft, _ngo = make_ready_application()
    result = ok(committee.post(f"{A}/sessions/{session.pk}/decisions/bulk/", {
        "applications": [listed["app"].pk, draft.pk, 999999], "outcome": "special"}, format="json"))
    assert result["done"] == [listed["app"].pk]
    assert [r["id"] for r in result["refused"]] == [draft.pk, 999999]
    assert all(r["reason"] for r in result["refused"])
    bad = committee.post(f"{A}/sessions/{session.pk}/decisions/bulk/", {"applications": [], "outcome": "x"},
                         format="json")
    assert set(bad.json()["error"]["fields"]) == {"applications", "outcome"}

    officer = token_client(listed["officer"])
    other = UserFactory(role=Role.SECRETARIAT)
    result = ok(officer.post(f"{A}/applications/bulk-assign/", {
        "applications": [listed["app"].pk, 999999], "officer": other.pk}, format="json"))
    assert result["done"] == []
    assert [r["id"] for r in result["refused"]] == [listed["app"].pk, 999999]


@pytest.mark.django_db
def test_dpi_association_decided_and_an_application_withdrawn_through_the_api(django_capture_on_commit_callbacks):
    from accreditation.models import Organisation
    from tests.accreditation.factories import make_ready_application

    dpi, dpi_user = make_ready_application(track="dpi")
    with django_capture_on_commit_callbacks(execute=True):
        ok(token_client(dpi_user).post(f"{A}/applications/{dpi.pk}/submit/"))
    secretariat = token_client(UserFactory(role=Role.SECRETARIAT))
    bad = secretariat.post(f"{A}/applications/{dpi.pk}/dpi-decision/", {"associate": "perhaps"}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"associate"}
    decided = ok(secretariat.post(f"{A}/applications/{dpi.pk}/dpi-decision/", {"associate": True}, format="json"))
    assert decided["state"] == "associated"
    assert Organisation.objects.get(pk=dpi.organisation_id).dpi_associated_on is not None

    draft, ngo_user = make_ready_application()
    ngo = token_client(ngo_user)
    withdrawn = ok(ngo.post(f"{A}/applications/{draft.pk}/withdraw/", {"reason": "We will apply next year."},
                            format="json"))
    assert (withdrawn["state"], withdrawn["actions"]) == ("withdrawn", [])
