"""docs/api.md and docs/api-examples.md run: every call, in order, against
the portal, with tokens (the guide's made on the settings page); each answer
has the status the document shows and the values it shows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from portal import api_guide
from portal.roles import Role
from tests.accreditation.factories import PDF
from tests.factories import UserFactory

# Values the guide promises (compared exactly); the rest it shows (ids, names
# of the person, dates) need only be present.
COMPARED = {"state", "state_label", "public_status", "profile_state", "profile_state_label", "status_state",
            "status_state_label", "status_category", "track", "requested_category", "kind", "kind_label", "code",
            "status", "checklist", "actions", "code_of_conduct_required", "role", "label", "name", "max_chars",
            "bodies", "original_name", "acronym", "country", "requests"}


def assert_shows(expected, actual, where):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}: no “{key}” in {actual}"
            if key in COMPARED:
                assert actual[key] == value, f"{where}: {key} is {actual[key]!r}, the guide shows {value!r}"
            else:
                assert_shows(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) >= len(expected), where
        for i, item in enumerate(expected):
            assert_shows(item, actual[i], f"{where}[{i}]")


def send(client, call, values):
    path = call.fill(call.path, values, strict=True)
    headers = {k: call.fill(v, values, strict=True) for k, v in call.headers.items() if k == "Authorization"}
    if "multipart" in call.content_type:
        data = {k: SimpleUploadedFile(v[1:], PDF, content_type="application/pdf") if v.startswith("@") else v
                for k, v in call.form_fields()}
        return client.generic(call.method, path, **_multipart(data), headers=headers)
    if call.body:
        body = call.fill(call.body, values, strict=True)
        return client.generic(call.method, path, body, content_type=call.content_type,
                              headers=headers)
    return client.generic(call.method, path, headers=headers)


def _multipart(data):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def test_the_guide_has_calls_for_each_step():
    calls = api_guide.calls()
    assert len(calls) >= 12
    assert [c.template for c in calls][:3] == ["/api/v1/me/", "/api/v1/accreditation/organisations/",
                                               "/api/v1/accreditation/applications/"]


def run(calls, values, capture):
    api = APIClient()  # no session: the token alone
    for number, call in enumerate(calls, start=1):
        where = f"call {number}: {call.method} {call.path}"
        with capture(execute=True):
            response = send(api, call, values)
        assert response.status_code == call.status, (where, response.content)
        if call.answer is not None:
            assert_shows(call.answer, response.json(), where)
        if call.new_object_name:  # later calls name the new object so
            values[call.new_object_name] = response.json()["id"]


@pytest.mark.django_db
def test_every_call_of_the_api_guide_runs_as_written(client, django_capture_on_commit_callbacks):
    user = UserFactory(role=Role.NGO)
    client.force_login(user)
    token = client.post("/accounts/profile/tokens/", {"name": "Our CRM", "scope": "write"}).context["new_secret"]
    run(api_guide.calls(), {"token": token}, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_every_call_of_the_api_examples_runs_as_written(django_capture_on_commit_callbacks):
    from accreditation.models import OrganisationMembership
    from portal.services import api_token_create
    from tests.participation.factories import make_meeting
    from tests.trustfund import factories as tf

    def token(user):
        return api_token_create(user=user, by=user, name="Examples", scope="write")[1]

    focal_point, person = tf.ngo_user(), tf.ngo_user()
    org = tf.organisation(name="Kampala Youth Network", country="UG", members=[focal_point])
    OrganisationMembership.objects.create(organisation=org, user=person)
    meeting = make_meeting(kind="ga-hearing", body="ga", days_ahead=20)
    donor_user = UserFactory(role=Role.DONOR)
    donor = tf.donor("Kingdom of Norway", users=[donor_user])
    tf.participation_fund()
    working_group_member = UserFactory(role=Role.BOARD)
    capacity = tf.capacity_fund()
    capacity.working_group.add(working_group_member)
    tf.fund_money(capacity, "30000", by=tf.staff("capacity-manager"))
    today = datetime.date.today()
    # An application in pre-screening, for the request for information.
    from accreditation import services as accreditation_services
    from accreditation.quadrennial.selectors import obligations
    from tests.accreditation.factories import committee_member, make_ready_application

    application, applicant = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_services.application_submit(application=application, by=applicant)
    # Another, screened on every criterion but one, for the pre-screening examples.
    screened, screened_by = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_services.application_submit(application=screened, by=screened_by)
    screened.refresh_from_db()
    officer = tf.staff("examples-officer")
    *first, last = screened.criteria_set.criteria.order_by("position", "id")
    for criterion in first:
        accreditation_services.application_record_criterion(application=screened, by=officer, criterion=criterion,
                                                             result="met")
    values = {
        "token": token(focal_point), "person_token": token(person), "secretariat_token": token(tf.staff()),
        "board_token": token(UserFactory(role=Role.BOARD)), "donor_token": token(donor_user),
        "committee_token": token(committee_member()), "working_group_token": token(working_group_member), "screened_application_id": screened.pk,
        "screened_organisation_id": screened.organisation_id, "screened_session_id": screened.session_id,
        "criterion_id": last.pk, "ecosoc_meeting_id": make_meeting(kind="ecosoc-segment", body="ecosoc").pk,
        "in_thirty_days": (today + datetime.timedelta(days=30)).isoformat(),
        "organisation_id": org.pk, "person_user_id": person.pk, "meeting_id": meeting.pk, "donor_id": donor.pk,
        "year": meeting.starts_on.year, "today": today.isoformat(),
        "call_closes_on": (today + datetime.timedelta(days=5)).isoformat(),
        "period_start": obligations(org)[0].first_year, "prescreening_application_id": application.pk,
        "applicant_token": token(applicant), "in_two_weeks": (today + datetime.timedelta(days=14)).isoformat(),
    }
    calls = api_guide.calls(path=api_guide.EXAMPLES)
    assert len(calls) >= 12
    run(calls, values, django_capture_on_commit_callbacks)

@pytest.mark.django_db
def test_the_schema_shows_the_guides_calls_as_examples(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    create = paths["/api/v1/accreditation/applications/"]["post"]
    example = create["requestBody"]["content"]["application/json"]["examples"]["guide1"]["value"]
    assert example["track"] == "intergovernmental"
    answer = create["responses"]["201"]["content"]["application/json"]["examples"]["guide1"]["value"]
    assert answer["state"] == "draft"
    upload = paths["/api/v1/accreditation/applications/{id}/documents/"]["post"]
    assert upload["requestBody"]["content"]["multipart/form-data"]["examples"]["guide1"]["value"]["kind"] == \
        "constitution"
    award = paths["/api/v1/trustfund/applications/{id}/award/"]["post"]
    assert award["responses"]["200"]["content"]["application/json"]["examples"]["guide1"]["value"]["state"] == \
        "awarded"
    pledge = paths["/api/v1/trustfund/pledges/"]["post"]["requestBody"]["content"]["application/json"]
    assert pledge["examples"]["guide1"]["value"]["donor"] == 1  # placeholders shown with example values
    refused = paths["/api/v1/accreditation/applications/{id}/submit/"]["post"]["responses"]["400"]
    assert refused["content"]["application/json"]["examples"]["guide1"]["value"]["error"]["status"] == 400
