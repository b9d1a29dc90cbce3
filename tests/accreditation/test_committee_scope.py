"""Committee members read and act only within the committees and sessions
they sit on: quadrennial reports (never a draft, a report awaiting the
Secretariat or one returned for corrections; never a report before another
committee), private organisation profiles (only while on one of their
lists), and nothing at all for a committee account that sits on no
committee. Tested from outside, by id."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from accreditation.models import Body, Committee, Organisation
from accreditation.quadrennial import services as qservices
from accreditation.quadrennial.selectors import reporting_period
from portal.roles import Role
from tests.accreditation.factories import committee_member, make_org, ngo_committee
from tests.factories import UserFactory
from tests.quadrennial.factories import SECTIONS, ngo_user, org_in_status, session

D = datetime.date


def _report(org, user, *, state, officer):
    report = qservices.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
    if state == "draft":
        return report
    with freeze_time("2025-05-01"):
        qservices.report_submit(report=report, by=user, data=SECTIONS)
    if state == "returned":
        qservices.report_return(report=report, by=officer, reason="Section 2 is missing the meetings.")
    elif state == "checked":
        qservices.report_check(report=report, by=officer)
    report.refresh_from_db()
    return report


@pytest.fixture
def scope(db):
    officer = UserFactory(role=Role.SECRETARIAT)
    committee_a = ngo_committee()
    ga = Body.objects.get(code="ga")
    committee_b = Committee.objects.create(code="ga-general-committee", name="General Committee", adopting_body=ga)
    body_b = Body.objects.create(code="ga-test-body", name="A body the General Committee decides for",
                                 kind=Body.Kind.GA_COMMITTEE, deciding_committee=committee_b)
    member_a, member_b = committee_member(committee_a), committee_member(committee_b)
    nobody = UserFactory(role=Role.COMMITTEE)  # sits on no committee
    owners = {}
    reports = {}
    for state in ("draft", "submitted", "returned", "checked"):
        owners[state] = ngo_user()
        org = org_in_status(granted_on=D(2020, 3, 15), member=owners[state], by=officer, name=f"Org {state}")
        reports[state] = _report(org, owners[state], state=state, officer=officer)
    # A checked report of an organisation accredited to a body committee B decides for.
    owner_b = ngo_user()
    org_b = org_in_status(granted_on=D(2020, 3, 15), member=owner_b, by=officer, name="Org of committee B")
    org_b.status_bodies.set([body_b])
    reports["b"] = _report(org_b, owner_b, state="checked", officer=officer)
    for c in (committee_a, committee_b):
        session(c, 2026)
    return {"officer": officer, "a": member_a, "b": member_b, "nobody": nobody, "reports": reports,
            "committee_a": committee_a, "committee_b": committee_b}


@pytest.mark.parametrize("state,visible", [("draft", False), ("submitted", False), ("returned", False),
                                           ("checked", True), ("b", False)])
def test_a_committee_member_sees_only_checked_reports_before_their_committee(client, scope, state, visible):
    report = scope["reports"][state]
    client.force_login(scope["a"])
    page = client.get(f"/quadrennial/reports/{report.pk}/")
    api = client.get(f"/api/v1/quadrennial/reports/{report.pk}/")
    listed = [r["id"] for r in client.get("/api/v1/quadrennial/reports/?page_size=100").json()["results"]]
    assert (page.status_code, api.status_code, report.pk in listed) == (
        (200, 200, True) if visible else (404, 404, False))


def test_the_committee_queue_and_dashboard_count_only_their_committees_reports(client, scope):
    client.force_login(scope["a"])
    body = client.get("/quadrennial/committee/").content.decode()
    assert "Org checked" in body and "Org of committee B" not in body
    client.force_login(scope["b"])
    body = client.get("/quadrennial/committee/").content.decode()
    assert "Org of committee B" in body and "Org checked" not in body


def test_a_member_of_another_committee_cannot_take_note_or_defer_by_page_or_service(client, scope):
    report = scope["reports"]["b"]
    client.force_login(scope["a"])
    assert client.post(f"/quadrennial/reports/{report.pk}/", {"action": "take_note"}).status_code == 404
    with pytest.raises(PermissionDenied):
        qservices.report_take_note(report=report, by=scope["a"])
    with pytest.raises(PermissionDenied):
        qservices.report_defer(report=report, by=scope["a"], questions="Why?")
    report.refresh_from_db()
    assert report.state == "checked"
    qservices.report_take_note(report=report, by=scope["b"], on=D(2026, 1, 21))
    report.refresh_from_db()
    assert (report.state, report.session.committee_id) == ("noted", scope["committee_b"].pk)


def test_a_member_cannot_file_a_decision_in_a_session_of_another_committee(scope):
    report = scope["reports"]["checked"]
    other_session = scope["committee_b"].sessions.get()
    with pytest.raises(PermissionDenied):
        qservices.report_take_note(report=report, by=scope["a"], session=other_session)
    with pytest.raises(PermissionDenied):
        qservices.report_take_note(report=report, by=scope["b"], session=other_session)


def test_a_report_considered_at_a_session_belongs_to_that_sessions_committee(client, scope):
    report = scope["reports"]["checked"]
    qservices.report_defer(report=report, by=scope["a"], questions="Which meetings?", on=D(2026, 1, 21))
    client.force_login(scope["b"])
    assert client.get(f"/quadrennial/reports/{report.pk}/").status_code == 404
    client.force_login(scope["a"])
    assert client.get(f"/quadrennial/reports/{report.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/quadrennial/committee/", "/quadrennial/sessions/", "/api/v1/quadrennial/lifecycle/"])
def test_a_committee_account_on_no_committee_is_refused_every_committee_page(client, scope, url):
    client.force_login(scope["nobody"])
    assert client.get(url).status_code == 403


def test_a_committee_account_on_no_committee_reads_and_decides_nothing(client, scope):
    client.force_login(scope["nobody"])
    assert client.get("/api/v1/quadrennial/reports/").json()["count"] == 0
    for report in scope["reports"].values():
        assert client.get(f"/quadrennial/reports/{report.pk}/").status_code == 404
        assert client.post(f"/quadrennial/reports/{report.pk}/", {"action": "take_note"}).status_code == 404
        with pytest.raises(PermissionDenied):
            qservices.report_take_note(report=report, by=scope["nobody"])
    assert client.get("/api/v1/accreditation/applications/").json()["count"] == 0
    assert client.get("/api/v1/accreditation/decisions/").json()["count"] == 0
    assert client.get("/accreditation/sessions/").status_code == 403


def test_a_private_profile_is_seen_only_while_the_organisation_is_on_a_members_list(client, listed):
    org = listed["app"].organisation
    Organisation.objects.filter(pk=org.pk).update(profile_state="pending")
    stranger, nobody = committee_member(Committee.objects.create(
        code="other-committee", name="Another committee", adopting_body=Body.objects.get(code="ga"))), \
        UserFactory(role=Role.COMMITTEE)
    pending, _user = make_org()  # on no list at all
    client.force_login(listed["member"])
    assert client.get(f"/accreditation/organisations/{org.pk}/").status_code == 200
    assert client.get(f"/accreditation/organisations/{pending.pk}/").status_code == 404
    ids = [o["id"] for o in client.get("/api/v1/accreditation/organisations/?page_size=500").json()["results"]]
    assert org.pk in ids and pending.pk not in ids
    for user in (stranger, nobody):
        client.force_login(user)
        assert client.get(f"/accreditation/organisations/{org.pk}/").status_code == 404
    # Once the session's decisions are published the organisation is off the member's lists.
    listed["session"].__class__.objects.filter(pk=listed["session"].pk).update(
        decisions_published_at=datetime.datetime(2026, 2, 6, tzinfo=datetime.UTC))
    client.force_login(listed["member"])
    assert client.get(f"/accreditation/organisations/{org.pk}/").status_code == 404


def test_the_organisation_api_for_a_committee_member_has_constant_queries(client, scope, listed,
                                                                         django_assert_max_num_queries):
    for i in range(15):
        org_in_status(granted_on=D(2020, 3, 15), by=scope["officer"], name=f"Extra {i}")
    client.force_login(scope["a"])
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/accreditation/organisations/?page_size=100").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/quadrennial/reports/?page_size=100").status_code == 200


def test_a_superuser_outside_the_committee_neither_reads_nor_decides(client, listed, scope):
    from accreditation import services as aservices

    root = UserFactory(role="", is_superuser=True, is_staff=True)
    app, clist = listed["app"], listed["list"]
    client.force_login(root)
    dossier = f"/accreditation/lists/{clist.pk}/applications/{app.pk}/"
    assert client.get(dossier).status_code == 404
    assert client.post(dossier, {"outcome": "special"}).status_code == 404
    with pytest.raises(PermissionDenied):
        aservices.decision_record(application=app, session=listed["session"], by=root, outcome="special")
    report = scope["reports"]["checked"]
    assert client.get(f"/quadrennial/reports/{report.pk}/").status_code == 404
    assert client.post(f"/quadrennial/reports/{report.pk}/", {"action": "take_note"}).status_code == 404
    with pytest.raises(PermissionDenied):
        qservices.report_take_note(report=report, by=root)
    assert app.decisions.count() == 0
    report.refresh_from_db()
    assert report.state == "checked"
