import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participation import services
from participation.models import Designation, Registration, Statement
from portal.roles import Role
from tests.factories import UserFactory
from tests.participation.factories import designate, make_meeting, make_member, make_org
from tests.utils import fetch_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org, fp, staff):
    today = timezone.localdate()
    meeting = make_meeting(starts_on=today, ends_on=today)
    reg = services.registration_create(by=fp, meeting=meeting, designation=designate(org, by=fp))
    reg = services.registration_confirm(by=staff, registration=reg)
    st = services.statement_submit(by=fp, meeting=meeting, organisation=org, title="Our statement", text="Words here.")
    return {"meeting": meeting, "reg": reg, "statement": st, "org": org, "fp": fp, "staff": staff}


def test_focal_point_designates_a_representative_through_the_page(client, org, fp):
    client.force_login(fp)
    year = timezone.localdate().year
    r = client.post(reverse("participation:representatives"), {
        "year": year, "role": "main", "first_name": "Grace", "last_name": "Otieno", "gender": "female"})
    assert r.status_code == 302
    assert Designation.objects.get(organisation=org).representative.full_name == "Grace Otieno"
    r = client.post(reverse("participation:representatives"), {
        "year": year, "role": "main", "first_name": "Other", "last_name": "Person", "gender": "male"})
    assert r.status_code == 200
    assert "already has 1" in r.content.decode()


def test_member_who_is_not_focal_point_cannot_designate(client, org):
    client.force_login(make_member(org))
    r = client.post(reverse("participation:representatives"), {
        "year": 2030, "role": "main", "first_name": "A", "last_name": "B", "gender": "female"})
    assert r.status_code == 403


def test_registration_page_shows_the_window_refusal(client, org, fp):
    meeting = make_meeting(open_days=(-5, -1))
    d = designate(org, by=fp)
    client.force_login(fp)
    r = client.post(reverse("participation:meeting-register", args=[meeting.pk]), {"designation": d.pk}, follow=True)
    assert "Registration for this meeting closed on" in r.content.decode()
    assert not Registration.objects.exists()


def test_badge_is_a_pdf_for_the_organisation_and_404_for_another(client, setup):
    client.force_login(setup["fp"])
    first, r, content = fetch_export(client, reverse("participation:registration-badge", args=[setup["reg"].pk]))
    assert (first.status_code, r.status_code, r["Content-Type"], content[:4]) == (
        202, 200, "application/pdf", b"%PDF")
    assert re.findall(rb"/Type\s*/Pages\s*/Count\s+(\d+)", content) == [b"1"]  # fits the badge holder
    client.force_login(make_member(make_org("general"), focal_point=True))
    assert client.get(reverse("participation:registration-badge", args=[setup["reg"].pk])).status_code == 404


def test_check_in_desk_shows_the_pass_and_marks_arrival(client, setup):
    client.force_login(setup["staff"])
    code = setup["reg"].badge_code
    r = client.get(reverse("participation:check-in"), {"code": f"http://x/participation/check-in/?code={code}"})
    body = r.content.decode()
    assert setup["reg"].representative.full_name in body and setup["org"].name in body and "Valid from" in body
    client.post(reverse("participation:check-in"), {"code": code, "arrive": "1"})
    setup["reg"].refresh_from_db()
    assert setup["reg"].checked_in_at is not None
    r = client.get(reverse("participation:check-in"), {"code": "NOPE"})
    assert "No pass has this code." in r.content.decode()


def test_no_record_meeting_shows_no_participants_or_statements(client, staff):
    arria = make_meeting(kind="sc-arria", body="security-council", convener="Canada")
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    services.invitation_create(by=staff, meeting=arria, organisation=org)
    reg = services.registration_create(by=fp, meeting=arria, designation=designate(org, by=fp))
    services.registration_confirm(by=staff, registration=reg)
    st = services.statement_submit(by=fp, meeting=arria, organisation=org, title="Secret", text="Not for the record.")
    services.statement_accept(by=staff, statement=st)
    client.force_login(fp)
    body = client.get(reverse("participation:meeting-detail", args=[arria.pk])).content.decode()
    assert 'data-testid="no-record"' in body
    assert 'data-testid="participant-list"' not in body and "Secret" not in body
    assert client.get(reverse("participation:statement-pdf", args=[st.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("participation:statement-detail", args=[st.pk])).status_code == 404
    assert client.get(reverse("participation:meeting-detail", args=[arria.pk])).status_code == 404


def test_accepted_statement_is_published_with_a_pdf(client, setup):
    services.statement_accept(by=setup["staff"], statement=setup["statement"])
    body = client.get(reverse("participation:meeting-detail", args=[setup["meeting"].pk])).content.decode()
    assert "Our statement" in body
    _first, r, content = fetch_export(client, reverse("participation:statement-pdf", args=[setup["statement"].pk]))
    assert content[:4] == b"%PDF"


def test_submitted_statement_is_private_to_its_organisation_and_staff(client, setup):
    url = reverse("participation:statement-detail", args=[setup["statement"].pk])
    assert client.get(url).status_code == 404
    client.force_login(make_member(make_org("general")))
    assert client.get(url).status_code == 404
    client.force_login(setup["fp"])
    assert client.get(url).status_code == 200


def test_statement_page_refuses_2001_words_and_accepts_2000(client, org, fp):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    client.force_login(fp)
    url = reverse("participation:statement-new", args=[meeting.pk])
    r = client.post(url, {"title": "T", "text": "word " * 2001, "language": "en"})
    assert "The statement has 2,001 words" in r.content.decode()
    r = client.post(url, {"title": "T", "text": "word " * 2000, "language": "en"})
    assert r.status_code == 302
    assert Statement.objects.get().word_count == 2000


STAFF_PAGES = ["meeting-new", "check-in", "consultation-new"]
STAFF_MEETING_PAGES = ["meeting-edit", "meeting-registrations", "statement-review", "speakers-builder"]


@pytest.mark.parametrize("role", [Role.NGO, Role.COMMITTEE, Role.BOARD, Role.DONOR, Role.FOCAL_POINT])
def test_secretariat_pages_refuse_every_other_role(client, setup, role):
    client.force_login(UserFactory(role=role))
    pk = setup["meeting"].pk
    statuses = [client.get(reverse(f"participation:{n}")).status_code for n in STAFF_PAGES]
    statuses += [client.get(reverse(f"participation:{n}", args=[pk])).status_code for n in STAFF_MEETING_PAGES]
    assert statuses == [403] * 7


def test_secretariat_pages_open_for_the_secretariat(client, setup):
    client.force_login(setup["staff"])
    pk = setup["meeting"].pk
    statuses = [client.get(reverse(f"participation:{n}")).status_code for n in STAFF_PAGES]
    statuses += [client.get(reverse(f"participation:{n}", args=[pk])).status_code for n in STAFF_MEETING_PAGES]
    assert statuses == [200] * 7


def test_anonymous_visitors_are_sent_to_log_in_for_private_pages(client, setup):
    for name in ("representatives", "my-registrations", "check-in"):
        assert client.get(reverse(f"participation:{name}")).status_code == 302
    assert client.get(reverse("participation:meeting-list")).status_code == 200


@pytest.mark.parametrize("action", ["approve", "withdraw", "confirm", "refuse"])
def test_another_ngo_cannot_act_on_a_registration_by_id(client, setup, action):
    client.force_login(make_member(make_org("general"), focal_point=True))
    r = client.post(reverse("participation:registration-action", args=[setup["reg"].pk, action]), {"reason": "x"})
    assert r.status_code == 404
    setup["reg"].refresh_from_db()
    assert setup["reg"].state == "confirmed"


def test_ngo_pages_need_an_organisation(client):
    client.force_login(UserFactory(role=Role.NGO))
    assert client.get(reverse("participation:representatives")).status_code == 403


def test_consultation_results_export_as_csv(client, staff, org, fp):
    now = timezone.now()
    c = services.consultation_create(by=staff, title="Q", question="Which?", kind="poll", options=["A", "B"],
                                     opens_at=now - timezone.timedelta(hours=1), closes_at=now + timezone.timedelta(hours=1))
    client.force_login(fp)
    client.post(reverse("participation:consultation-detail", args=[c.pk]), {"option": c.options.last().pk})
    assert client.get(reverse("participation:consultation-csv", args=[c.pk])).status_code == 403
    client.force_login(staff)
    _first, _r, content = fetch_export(client, reverse("participation:consultation-csv", args=[c.pk]))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Answered at", "Organisation", "Country", "Option", "Answer"]
    assert rows[1][1:] == [org.display_name, "Kenya", "B", ""]
    body = client.get(reverse("participation:consultation-results", args=[c.pk])).content.decode()
    assert "1 answers: 1 from accredited organisations, 0 from the public." in body


def test_dashboards_show_participation_panels(client, setup, demo):
    client.force_login(setup["fp"])
    assert b'data-testid="participation-panel"' in client.get("/dashboard/ngo/").content
    client.force_login(setup["staff"])
    assert b'data-testid="participation-panel"' in client.get("/dashboard/secretariat/").content


def _bulk(n, staff):
    meetings = [make_meeting() for _ in range(n)]
    org = make_org("general")
    fp = make_member(org, focal_point=True)
    for m in meetings:
        services.registration_create(by=fp, meeting=m, designation=designate(org, by=fp, year=None))
        Designation.objects.filter(organisation=org).update(revoked_at=timezone.now())
    return fp, meetings


@pytest.mark.parametrize("n", [3, 30])
def test_list_pages_use_a_constant_number_of_queries(client, staff, n, django_assert_max_num_queries):
    fp, meetings = _bulk(n, staff)
    client.force_login(fp)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:meeting-list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:my-registrations")).status_code == 200
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:meeting-registrations", args=[meetings[0].pk])).status_code == 200


NGO_PAGES = ["representatives", "my-registrations"]
NGO_MEETING_PAGES = ["statement-new", "speak-request"]


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COMMITTEE, Role.BOARD, Role.DONOR, Role.FOCAL_POINT])
def test_ngo_pages_refuse_every_other_role(client, setup, role):
    client.force_login(UserFactory(role=role))
    pk = setup["meeting"].pk
    statuses = [client.get(reverse(f"participation:{n}")).status_code for n in NGO_PAGES]
    statuses += [client.get(reverse(f"participation:{n}", args=[pk])).status_code for n in NGO_MEETING_PAGES]
    statuses.append(client.post(reverse("participation:meeting-register", args=[pk]), {}).status_code)
    assert statuses == [403] * 5


@pytest.mark.parametrize("action", ["accept", "reject", "withdraw"])
def test_another_ngo_cannot_act_on_a_statement_by_id(client, setup, action):
    client.force_login(make_member(make_org("general"), focal_point=True))
    r = client.post(reverse("participation:statement-action", args=[setup["statement"].pk, action]), {"reason": "x"})
    assert r.status_code == 404
    setup["statement"].refresh_from_db()
    assert setup["statement"].state == "submitted"


def test_a_member_cannot_accept_its_own_statement(client, setup):
    client.force_login(setup["fp"])
    client.post(reverse("participation:statement-action", args=[setup["statement"].pk, "accept"]))
    setup["statement"].refresh_from_db()
    assert setup["statement"].state == "submitted"


def test_navigation_shows_participation_entries_by_role(client, setup):
    client.force_login(setup["fp"])
    labels = [i["label"] for i in client.get(reverse("participation:meeting-list")).context["nav_items"]]
    assert {"Meetings", "Representatives", "Registrations"} <= set(labels) and "Check-in desk" not in labels
    client.force_login(setup["staff"])
    labels = [i["label"] for i in client.get(reverse("participation:meeting-list")).context["nav_items"]]
    assert "Check-in desk" in labels and "Representatives" not in labels


def test_secretariat_invites_an_organisation_by_acronym(client, staff):
    arria = make_meeting(kind="sc-arria", body="security-council", convener="Canada")
    org = make_org("general")
    client.force_login(staff)
    client.post(reverse("participation:meeting-invite", args=[arria.pk]), {"organisation": org.acronym.lower()})
    assert list(arria.invitations.values_list("organisation_id", flat=True)) == [org.pk]
    r = client.post(reverse("participation:meeting-invite", args=[arria.pk]), {"organisation": "nobody"}, follow=True)
    assert "No organisation has this name or acronym." in r.content.decode()
    client.force_login(make_member(org, focal_point=True))
    assert client.post(reverse("participation:meeting-invite", args=[arria.pk]), {"organisation": "x"}).status_code == 403


def test_secretariat_creates_a_meeting_and_an_arria_meeting_needs_its_convener(client, staff):
    from accreditation.models import Body
    from participation.models import Meeting, MeetingKind

    make_meeting()  # loads the reference data
    client.force_login(staff)
    data = {"kind": MeetingKind.objects.get(code="sc-arria").pk, "body": Body.objects.get(code="security-council").pk,
            "title": "Arria on climate and security", "starts_on": "2030-03-01", "ends_on": "2030-03-01",
            "venue": "New York", "registration_opens_at": "2030-01-01T09:00",
            "registration_closes_at": "2030-02-20T17:00", "per_organisation_cap": 1, "capacity": 20,
            "invitation_only": "on", "speaking_minutes": 3}
    r = client.post(reverse("participation:meeting-new"), data)
    assert "Name the Council member convening this meeting." in r.content.decode()
    r = client.post(reverse("participation:meeting-new"), {**data, "convener": "Permanent Mission of Mexico"})
    assert r.status_code == 302
    m = Meeting.objects.get(title="Arria on climate and security")
    assert (m.invitation_only, m.keeps_records, m.convener) == (True, False, "Permanent Mission of Mexico")
