"""Permissions from the outside for every page and endpoint, and constant
query counts for the lists."""

import datetime

import pytest
from freezegun import freeze_time

from accreditation.quadrennial import services
from accreditation.quadrennial.models import LifecycleEntry
from accreditation.quadrennial.selectors import reporting_period
from portal.roles import Role
from tests.factories import UserFactory
from tests.quadrennial.factories import SECTIONS, committee_with_member, ngo_user, org_in_status, session

D = datetime.date
ROLES = [r.value for r in Role]


@pytest.fixture
def world(db, demo):
    """The demo logins; the demo NGO's organisation with a filed report; a
    session with a lifecycle list on which the demo committee user sits."""
    officer = demo["secretariat"]
    committee, delegate = committee_with_member(demo["committee"])
    org = org_in_status(granted_on=D(2020, 3, 15), member=demo["ngo"], by=officer)
    report = services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1),
                                  by=demo["ngo"])
    other_user = ngo_user()
    other_org = org_in_status(granted_on=D(2020, 3, 15), member=other_user, by=officer)
    other_report = services.report_open(organisation=other_org,
                                        period=reporting_period(other_org.status_granted_on, 1), by=other_user)
    s = session(committee, 2026)
    with freeze_time("2026-01-20"):
        services.lifecycle_lists_build(session=s, by=officer)
    return {"users": demo, "org": org, "report": report, "other_report": other_report, "session": s,
            "entry": s.lifecycle_entries.filter(organisation=org).get(), "other_user": other_user}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


PAGES = {
    # url builder, roles answered 200 (others must get 403 or 404)
    "mine": (lambda w: "/quadrennial/", {"ngo"}),
    # A draft: never the committee's.
    "report": (lambda w: f"/quadrennial/reports/{w['report'].pk}/", {"ngo", "secretariat", "admin"}),
    "secretariat": (lambda w: "/quadrennial/secretariat/", {"secretariat", "admin"}),
    "committee": (lambda w: "/quadrennial/committee/", {"secretariat", "committee", "admin"}),
    "sessions": (lambda w: "/quadrennial/sessions/", {"secretariat", "committee", "admin"}),
    "session": (lambda w: f"/quadrennial/sessions/{w['session'].pk}/", {"secretariat", "committee", "admin"}),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_only_the_roles_it_serves(client, world, page, role):
    url, allowed = PAGES[page]
    response = _get(client, world["users"][role], url(world))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, world, page):
    response = client.get(PAGES[page][0](world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_ngos_report_is_not_found_on_pages_or_actions(client, world):
    client.force_login(world["other_user"])
    assert client.get(f"/quadrennial/reports/{world['report'].pk}/").status_code == 404
    assert client.post(f"/quadrennial/reports/{world['report'].pk}/",
                       {"action": "submit", **SECTIONS}).status_code == 404
    assert client.post(f"/quadrennial/open/{world['org'].pk}/2021/").status_code == 404
    world["report"].refresh_from_db()
    assert world["report"].state == "draft"


def test_a_committee_member_of_another_committee_sees_neither_the_session_nor_its_entries(client, world):
    stranger = UserFactory(role=Role.COMMITTEE)
    client.force_login(stranger)
    assert client.get(f"/quadrennial/sessions/{world['session'].pk}/").status_code in (403, 404)
    assert client.post(f"/quadrennial/entries/{world['entry'].pk}/decide/",
                       {"decision": "agree"}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_committee_members_record_decisions(client, world, role):
    client.force_login(world["users"][role])
    response = client.post(f"/quadrennial/entries/{world['entry'].pk}/decide/", {"decision": "agree"})
    world["entry"].refresh_from_db()
    if role == "committee":
        assert response.status_code == 302 and world["entry"].state == "pending"
    else:
        assert response.status_code in (403, 404) and world["entry"].state == "listed"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_builds_and_publishes_lists(client, world, role):
    client.force_login(world["users"][role])
    response = client.post(f"/quadrennial/sessions/{world['session'].pk}/", {"action": "build"})
    if role in ("secretariat", "admin"):
        assert response.status_code == 302
    else:
        assert response.status_code in (403, 404)


def test_ngo_files_from_the_page_and_sees_word_limit_errors_without_losing_text(client, world, settings):
    settings.QUADRENNIAL = {"WORD_LIMITS": {"aims_and_changes": 5}}
    client.force_login(world["users"]["ngo"])
    url = f"/quadrennial/reports/{world['report'].pk}/"
    long_text = "one two three four five six seven"
    response = client.post(url, {**SECTIONS, "aims_and_changes": long_text, "action": "submit"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "has 7 words; the limit is 5" in body and long_text in body
    settings.QUADRENNIAL = {}
    response = client.post(url, {**SECTIONS, "action": "submit"})
    assert response.status_code == 302
    world["report"].refresh_from_db()
    assert world["report"].state == "submitted"


def test_the_secretariat_page_links_to_the_editable_reminder_schedule(client, world):
    body = _get(client, world["users"]["secretariat"], "/quadrennial/secretariat/").content.decode()
    assert "/admin/django_celery_beat/periodictask/" in body
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 200


def _many(n, officer):
    for _ in range(n):
        user = ngo_user()
        org = org_in_status(granted_on=D(2020, 3, 15), member=user, by=officer)
        report = services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
        services.report_submit(report=report, by=user, data=SECTIONS, on=D(2025, 5, 1))
        services.report_check(report=report, by=officer)
    for _ in range(n):
        org_in_status(granted_on=D(2020, 3, 15), member=ngo_user(), by=officer)  # overdue


@pytest.mark.parametrize("n", [2, 30])
@pytest.mark.parametrize("url", [
    "/quadrennial/secretariat/?list=overdue", "/quadrennial/secretariat/?list=due",
    "/quadrennial/secretariat/?list=review", "/quadrennial/secretariat/?list=suspended",
    "/quadrennial/secretariat/?list=reinstated", "/quadrennial/secretariat/?list=withdrawn",
    "/quadrennial/committee/", "/quadrennial/sessions/", "SESSION",
    "/api/v1/quadrennial/reports/", "/api/v1/quadrennial/lifecycle/",
])
def test_lists_issue_the_same_number_of_queries_for_few_and_many_rows(client, world, n, url,
                                                                       django_assert_max_num_queries):
    officer = world["users"]["secretariat"]
    _many(n, officer)
    with freeze_time("2026-01-20"):
        services.lifecycle_lists_build(session=world["session"], by=officer)
    assert LifecycleEntry.objects.count() >= n
    url = f"/quadrennial/sessions/{world['session'].pk}/" if url == "SESSION" else url
    client.force_login(officer)
    with freeze_time("2026-01-21"):
        with django_assert_max_num_queries(16):
            response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 30])
def test_the_ngo_report_list_and_committee_api_have_constant_queries(client, world, n,
                                                                     django_assert_max_num_queries):
    _many(n, world["users"]["secretariat"])
    client.force_login(world["users"]["committee"])
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/quadrennial/reports/?page_size=500").status_code == 200
    client.force_login(world["users"]["ngo"])
    with django_assert_max_num_queries(14):
        assert client.get("/quadrennial/").status_code == 200


# ------------------------------------------------------------------ API

def test_an_ngo_lists_only_its_own_reports_and_gets_404_for_anothers(client, world):
    client.force_login(world["users"]["ngo"])
    data = client.get("/api/v1/quadrennial/reports/").json()
    assert [r["id"] for r in data["results"]] == [world["report"].pk]
    assert data["results"][0]["state_label"] == "Draft — not yet filed"  # the public label
    assert client.get(f"/api/v1/quadrennial/reports/{world['other_report'].pk}/").status_code == 404
    assert client.patch(f"/api/v1/quadrennial/reports/{world['other_report'].pk}/",
                        {"aims_and_changes": "x"}, content_type="application/json").status_code == 404


def test_an_ngo_saves_and_files_through_the_api_with_field_errors_as_400(client, world, settings):
    client.force_login(world["users"]["ngo"])
    url = f"/api/v1/quadrennial/reports/{world['report'].pk}/"
    settings.QUADRENNIAL = {"WORD_LIMITS": {"aims_and_changes": 3}}
    response = client.patch(url, {"aims_and_changes": "one two three four"}, content_type="application/json")
    assert response.status_code == 400
    assert "aims_and_changes" in response.json()["error"]["fields"]
    settings.QUADRENNIAL = {}
    response = client.post(url + "submit/")
    assert response.status_code == 400
    assert "aims_and_changes" in response.json()["error"]["fields"]
    assert client.patch(url, SECTIONS, content_type="application/json").status_code == 200
    response = client.post(url + "submit/")
    assert response.status_code == 200 and response.json()["state"] == "submitted"


@pytest.mark.parametrize("role,expected", [("secretariat", 2), ("committee", 0), ("admin", 2), ("board", 0),
                                           ("donor", 0), ("focalpoint", 0)])
def test_staff_see_all_reports_the_committee_no_drafts_other_roles_none(client, world, role, expected):
    client.force_login(world["users"][role])
    assert client.get("/api/v1/quadrennial/reports/").json()["count"] == expected
    detail = client.get(f"/api/v1/quadrennial/reports/{world['report'].pk}/")
    assert detail.status_code == (200 if expected else 404)
    assert client.patch(f"/api/v1/quadrennial/reports/{world['report'].pk}/", {"aims_and_changes": "x"},
                        content_type="application/json").status_code in (403, 404)


@pytest.mark.parametrize("role,status", [("secretariat", 200), ("committee", 200), ("admin", 200), ("ngo", 403),
                                         ("board", 403), ("donor", 403), ("focalpoint", 403)])
def test_lifecycle_lists_api_is_for_the_secretariat_and_the_committee(client, world, role, status):
    client.force_login(world["users"][role])
    response = client.get(f"/api/v1/quadrennial/lifecycle/?session={world['session'].pk}&kind=suspend")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 2


def test_the_api_refuses_anonymous_callers(client, world):
    assert client.get("/api/v1/quadrennial/reports/").status_code in (401, 403)
    assert client.get("/api/v1/quadrennial/lifecycle/").status_code in (401, 403)
