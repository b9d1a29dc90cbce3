"""A person is one record across years; a registration needs the person's
designation on every day of the meeting (across the year end), and the pass
is valid no longer than the designation."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.formats import date_format

from participation import services
from participation.models import Designation, Registration, Representative
from portal.models import AuditEntry
from tests.participation.factories import make_meeting, make_member, make_org, make_staff
from tests.utils import postgres_only

pytestmark = pytest.mark.django_db
D = datetime.date


def _designate(org, fp, year, *, first="Amina", last="Diallo", email="amina@example.org", role="additional",
               **kwargs):
    return services.designation_create(by=fp, organisation=org, year=year, role=role, first_name=first,
                                       last_name=last, email=email, **kwargs)


def test_designating_the_same_name_and_e_mail_next_year_links_to_the_same_person(org, fp):
    d2026 = _designate(org, fp, 2026, title="Advocacy officer")
    d2027 = _designate(org, fp, 2027, first=" amina ", last="DIALLO", email="Amina@Example.org",
                       title="Programme director")
    assert d2027.representative_id == d2026.representative_id
    assert Representative.objects.filter(organisation=org).count() == 1
    assert Representative.objects.get().title == "Programme director"
    entry = AuditEntry.objects.for_object(d2027).get(action="designation.create")
    assert entry.data["same_person_as_before"] is True


def test_another_e_mail_is_another_person_unless_chosen_as_the_same(org, fp):
    first = _designate(org, fp, 2026)
    other = _designate(org, fp, 2027, email="a.diallo@other.example.org")
    assert other.representative_id != first.representative_id
    chosen = _designate(org, fp, 2028, first="", last="", email="", representative=first.representative)
    assert chosen.representative_id == first.representative_id


@pytest.mark.parametrize("how", ["name_and_email", "same_as"])
def test_the_same_person_cannot_be_designated_twice_in_one_year_for_one_organisation(org, fp, how):
    first = _designate(org, fp, 2027, role="main")
    with pytest.raises(ValidationError) as exc:
        if how == "same_as":
            _designate(org, fp, 2027, representative=first.representative)
        else:
            _designate(org, fp, 2027, first="AMINA", email="amina@EXAMPLE.org")
    assert exc.value.message_dict["representative"] == [
        "Amina Diallo is already designated by your organisation for 2027."]
    assert Designation.objects.filter(organisation=org, year=2027).count() == 1


def test_the_page_offers_the_person_designated_before(client, org, fp):
    first = _designate(org, fp, 2026)
    client.force_login(fp)
    page = client.get("/participation/representatives/").content.decode()
    assert "Same person as (designated before)" in page and "Amina Diallo (amina@example.org)" in page
    response = client.post("/participation/representatives/", {
        "year": 2027, "role": "main", "same_as": first.representative_id, "first_name": "", "last_name": "",
        "gender": "female"})
    assert response.status_code == 302
    assert Designation.objects.get(year=2027).representative_id == first.representative_id
    response = client.post("/participation/representatives/", {
        "year": 2027, "role": "cao", "same_as": first.representative_id, "gender": "female"})
    assert response.status_code == 200
    assert "already designated by your organisation for 2027" in response.content.decode()
    response = client.post("/participation/representatives/", {"year": 2027, "role": "cao", "gender": "female"})
    assert "or choose the person designated before" in response.content.decode()


def test_the_same_person_chosen_from_another_organisation_is_refused(org, fp):
    other_org = make_org("general")
    stranger = _designate(other_org, make_member(other_org, focal_point=True), 2027)
    with pytest.raises(ValidationError) as exc:
        _designate(org, fp, 2027, representative=stranger.representative)
    assert "does not represent your organisation" in exc.value.message_dict["representative"][0]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_focal_points_designating_the_same_person_at_once_make_one_designation():
    org = make_org("general")
    fps = [make_member(org, focal_point=True) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def worker(fp):
        try:
            barrier.wait()
            _designate(org, fp, 2027)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(fp,)) for fp in fps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Representative.objects.filter(organisation=org).count() == 1
    assert Designation.objects.filter(organisation=org, year=2027, revoked_at__isnull=True).count() == 1


# ------------------------------------------------ meetings across the year end


@pytest.mark.parametrize(("starts_on", "ends_on", "accepted"), [
    (D(2026, 12, 30), D(2026, 12, 31), True),   # ends on the last day of the designation
    (D(2026, 12, 30), D(2027, 1, 1), False),    # one day past it
    (D(2026, 12, 31), D(2027, 1, 2), False),
])
def test_a_registration_needs_the_designation_on_every_day_of_the_meeting(org, fp, starts_on, ends_on, accepted):
    meeting = make_meeting(starts_on=starts_on, ends_on=ends_on)
    d = _designate(org, fp, 2026)
    if accepted:
        assert services.registration_create(by=fp, meeting=meeting, designation=d).state in Registration.HOLDS_PLACE
        return
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=d)
    assert exc.value.message_dict["designation"] == [
        f"Amina Diallo must be designated for every day of the meeting ({date_format(starts_on)} to "
        f"{date_format(ends_on)}), but is not designated on {date_format(D(2027, 1, 1))}: designate them for 2027 "
        "too."]
    assert not Registration.objects.exists()


def test_next_years_designation_of_the_same_person_completes_a_meeting_across_the_year_end(org, fp):
    meeting = make_meeting(starts_on=D(2026, 12, 30), ends_on=D(2027, 1, 2))
    d2026 = _designate(org, fp, 2026)
    _designate(org, fp, 2027)  # the same person, next year
    registration = services.registration_create(by=fp, meeting=meeting, designation=d2026)
    assert registration.designation == d2026
    assert services.pass_valid_until(registration) == D(2027, 1, 2)


def test_a_designation_of_the_wrong_year_is_refused(org, fp):
    meeting = make_meeting(starts_on=D(2027, 1, 4), ends_on=D(2027, 1, 5))
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=fp, meeting=meeting, designation=_designate(org, fp, 2026))
    assert "not valid on the meeting's dates" in exc.value.message_dict["designation"][0]


@pytest.fixture
def confirmed_across_year_end(org, fp):
    staff = make_staff()
    meeting = make_meeting(starts_on=D(2026, 12, 30), ends_on=D(2027, 1, 2))
    d2026 = _designate(org, fp, 2026)
    d2027 = _designate(org, fp, 2027)
    registration = services.registration_confirm(
        by=staff, registration=services.registration_create(by=fp, meeting=meeting, designation=d2026))
    return {"staff": staff, "registration": registration, "d2027": d2027, "fp": fp}


@pytest.mark.parametrize(("day", "valid"), [
    (D(2026, 12, 29), False), (D(2026, 12, 30), True), (D(2026, 12, 31), True), (D(2027, 1, 1), False),
])
def test_the_pass_is_valid_no_longer_than_the_designation(confirmed_across_year_end, day, valid):
    c = confirmed_across_year_end
    assert services.pass_validity(c["registration"], D(2027, 1, 1))[0] is True  # both years designated
    services.designation_revoke(by=c["fp"], designation=c["d2027"])  # next year's designation withdrawn
    ok, message = services.pass_validity(c["registration"], day)
    assert ok is valid
    assert date_format(D(2026, 12, 31)) in message
    assert services.pass_valid_until(c["registration"]) == D(2026, 12, 31)


def test_check_in_after_the_designation_ended_is_refused(confirmed_across_year_end):
    import django.utils.timezone as tz

    c = confirmed_across_year_end
    services.designation_revoke(by=c["fp"], designation=c["d2027"])
    jan_first = datetime.datetime(2027, 1, 1, 9, tzinfo=tz.get_current_timezone())
    with pytest.raises(ValidationError) as exc:
        services.registration_check_in(by=c["staff"], registration=c["registration"], now=jan_first)
    assert f"valid only from {date_format(D(2026, 12, 30))} to {date_format(D(2026, 12, 31))}" in exc.value.messages[0]


def test_the_pass_pdf_shows_validity_to_the_end_of_the_designation(confirmed_across_year_end, client):
    c = confirmed_across_year_end
    services.designation_revoke(by=c["fp"], designation=c["d2027"])
    from tests.utils import fetch_export, pdf_text

    client.force_login(c["fp"])
    _first, response, content = fetch_export(client, f"/participation/registrations/{c['registration'].pk}/badge.pdf")
    assert response.status_code == 200 and content[:5] == b"%PDF-"
    text = " ".join(pdf_text(content).split())
    assert f"Valid from {date_format(D(2026, 12, 30))} to {date_format(D(2026, 12, 31))}" in text
