"""The "evaluation filed" rule follows the person across years, calls and
re-designations; applying again for a nominee whose earlier application in
the same call was withdrawn or cancelled works (a live one is refused with a
clear message, never a server error)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from participation import services as participation_services
from participation.models import Designation, Representative
from tests.participation.factories import make_member
from tests.trustfund import factories as f
from trustfund import services
from trustfund.eligibility import check_eligibility
from trustfund.models import GrantApplication
from trustfund.workflow import LIVE_STATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    manager = f.staff()
    user = f.ngo_user()
    org = f.organisation(name="Nairobi Health Network", country="KE", members=[user])
    f.fund_money(f.participation_fund(), "50000", by=manager)
    past = f.meeting(starts_in_days=-20, days=3, title="Commission on the Status of Women, 2026")
    past_call = f.call(past, opens_days_ago=60, closes_in=-30)
    return {"manager": manager, "user": user, "org": org, "past": past, "past_call": past_call}


def _unfiled_grant(world, designation):
    """Funded for the past meeting, attended, evaluation never filed."""
    app = f.apply(world["past_call"], designation, by=world["user"], on=world["past_call"].opens_on)
    services.application_award(application=app, by=world["manager"])
    services.application_confirm_attendance(application=app, by=world["manager"])
    return app


def _person(org, year, *, first="Grace", last="Nakato", email="", user=None):
    """A designation made directly, as older records (or another organisation) hold it: its own person record."""
    rep = Representative.objects.create(organisation=org, first_name=first, last_name=last, email=email, user=user)
    return Designation.objects.create(organisation=org, representative=rep, year=year, role="additional",
                                      valid_until=datetime.date(year, 12, 31))


def _later_call(world, starts_in_days=40):
    meeting = f.meeting(starts_in_days=starts_in_days)
    return f.call(meeting), meeting


def _refusal(call, designation, on=None):
    on = on or call.opens_on
    refusals = check_eligibility(call=call, organisation=designation.organisation, designation=designation, on=on)
    return [r.reason for r in refusals if r.code == "evaluations_filed"]


@pytest.mark.parametrize("same_as", ["same_record", "same_email", "same_account", "same_name_in_organisation"])
def test_the_evaluation_rule_follows_the_person_however_they_were_re_designated(world, same_as):
    past_year = world["past"].starts_on.year
    account = f.ngo_user()
    first = _person(world["org"], past_year, email="grace@example.org", user=account)
    f.register(first, world["past"])
    _unfiled_grant(world, first)
    call, meeting = _later_call(world)
    year = meeting.starts_on.year
    other_org = f.organisation(name="Kampala Women's Forum", country="UG", members=[f.ngo_user()])
    if same_as == "same_record":
        later = Designation.objects.create(organisation=world["org"], representative=first.representative,
                                           year=year + 1, role="main", valid_until=datetime.date(year + 1, 12, 31))
    elif same_as == "same_email":
        later = _person(other_org, year, first="G.", last="Nakato-Okello", email="GRACE@example.org")
    elif same_as == "same_account":
        later = _person(other_org, year, first="Grace", last="Okello", user=account)
    else:
        later = _person(world["org"], year + 1, first="grace", last="NAKATO")
    assert later.representative_id != first.representative_id or same_as == "same_record"
    assert _refusal(call, later) == [
        "The nominee has not filed the evaluation for an earlier grant (Commission on the Status of Women, 2026); "
        "no further grant until it is filed."]


def test_someone_else_with_another_name_and_e_mail_is_not_refused(world):
    first = _person(world["org"], world["past"].starts_on.year, email="grace@example.org")
    f.register(first, world["past"])
    _unfiled_grant(world, first)
    call, meeting = _later_call(world)
    other = _person(world["org"], meeting.starts_on.year, first="Rosa", last="Huaman", email="rosa@example.org")
    assert _refusal(call, other) == []


def test_the_person_is_refused_in_every_later_call_until_the_evaluation_is_filed(world):
    first = _person(world["org"], world["past"].starts_on.year, email="grace@example.org")
    f.register(first, world["past"])
    app = _unfiled_grant(world, first)
    calls = [_later_call(world, days)[0] for days in (40, 200, 500)]
    for call in calls:
        year = call.meeting.starts_on.year
        later = _person(world["org"], year, email="grace@example.org")
        assert len(_refusal(call, later)) == 1
    services.application_file_evaluation(application=app, by=world["user"], text="We met three ministries.")
    assert all(_refusal(call, first) == [] for call in calls)


@pytest.mark.parametrize(("days_after_the_meeting", "refused"), [(-1, False), (0, False), (1, True)])
def test_the_evaluation_is_owed_from_the_day_after_the_meeting(world, days_after_the_meeting, refused):
    first = _person(world["org"], world["past"].starts_on.year)
    f.register(first, world["past"])
    _unfiled_grant(world, first)
    call, _meeting = _later_call(world)
    on = world["past"].ends_on + datetime.timedelta(days=days_after_the_meeting)
    assert bool(_refusal(call, first, on=on)) is refused


# ----------------------------------------------------------- applying again


@pytest.fixture
def applied(world):
    call, meeting = _later_call(world)
    d = f.nominee(world["org"], meeting)
    return {**world, "call": call, "meeting": meeting, "designation": d,
            "app": f.apply(call, d, by=world["user"])}


def test_applying_again_after_a_withdrawal_works(applied):
    services.application_withdraw(application=applied["app"], by=applied["user"])
    again = f.apply(applied["call"], applied["designation"], by=applied["user"])
    assert again.state == "submitted" and again.pk != applied["app"].pk
    assert GrantApplication.objects.filter(call=applied["call"], representative=again.representative).count() == 2


def test_applying_again_after_a_cancellation_works(applied):
    services.application_award(application=applied["app"], by=applied["manager"])
    services.application_cancel(application=applied["app"], by=applied["manager"], reason="Visa refused.")
    again = f.apply(applied["call"], applied["designation"], by=applied["user"])
    assert again.state == "submitted"


def test_a_second_live_application_for_the_same_nominee_is_refused_clearly(applied):
    with pytest.raises(ValidationError) as exc:
        f.apply(applied["call"], applied["designation"], by=applied["user"])
    assert "This nominee already has an application in this call." in exc.value.messages


def test_the_database_allows_one_live_application_per_nominee_and_call(applied):
    constraint = next(c for c in GrantApplication._meta.constraints
                      if c.name == "tf_one_live_application_per_nominee_per_call")
    assert constraint.condition == Q(state__in=list(LIVE_STATES))


def test_the_application_form_applies_again_after_a_withdrawal(applied, client):
    services.application_withdraw(application=applied["app"], by=applied["user"])
    f.ensure_countries()
    client.force_login(applied["user"])
    from portal.models import Country

    ke = Country.objects.get(iso2="KE")
    data = {"designation": applied["designation"].pk, "origin_city": "Nairobi", "origin_country": ke.pk,
            "fare_usd": "900", "days": 3, "terminal_usd": "100", "justification": "Maternal health network.",
            "passport_name": "AMINA N", "nationality": ke.pk}
    response = client.post(f"/trustfund/calls/{applied['call'].pk}/apply/", data)
    assert response.status_code == 302
    response = client.post(f"/trustfund/calls/{applied['call'].pk}/apply/", data)
    assert response.status_code == 200
    assert "already has an application in this call" in response.content.decode()


def test_designating_the_same_person_through_the_service_keeps_one_record(world):
    fp = make_member(world["org"], focal_point=True)
    a = participation_services.designation_create(by=fp, organisation=world["org"], year=2026, role="main",
                                                  first_name="Grace", last_name="Nakato", email="grace@example.org")
    b = participation_services.designation_create(by=fp, organisation=world["org"], year=2027, role="main",
                                                  first_name="Grace", last_name="Nakato", email="grace@example.org")
    assert a.representative_id == b.representative_id
