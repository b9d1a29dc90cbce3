import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.trustfund import factories as f
from trustfund import services
from trustfund.eligibility import RULES, check_eligibility


@pytest.fixture
def setup(db):
    mtg = f.meeting()
    grant_call = f.call(mtg)
    user = f.ngo_user()
    org = f.organisation(name="Nairobi Health Network", country="KE", members=[user])
    return {"meeting": mtg, "call": grant_call, "org": org, "user": user}


def codes(refusals):
    return [r.code for r in refusals]


def _check(s, designation, org=None, on=None):
    return check_eligibility(call=s["call"], organisation=org or s["org"], designation=designation,
                             on=on or timezone.localdate())


def test_rules_are_data_with_a_stated_requirement_each():
    assert [r.code for r in RULES] == ["call_open", "in_status", "no_overdue_report", "developing_country",
                                       "designated", "registered", "one_application_per_nominee", "nominee_cap",
                                       "evaluations_filed"]
    assert all(str(r.requirement) for r in RULES)


def test_an_active_developing_country_organisation_with_a_registered_designee_is_eligible(setup):
    d = f.nominee(setup["org"], setup["meeting"])
    assert _check(setup, d) == []


def test_closed_call_is_refused_with_its_window(setup):
    d = f.nominee(setup["org"], setup["meeting"])
    later = setup["call"].closes_on + datetime.timedelta(days=1)
    refusals = _check(setup, d, on=later)
    assert codes(refusals) == ["call_open"]
    assert setup["call"].closes_on.isoformat() in refusals[0].reason


def test_organisation_without_status_is_refused(setup):
    org = f.organisation(status="none")
    d = f.nominee(org, setup["meeting"])
    refusals = _check(setup, d, org=org)
    assert codes(refusals) == ["in_status"]
    assert refusals[0].reason == "The organisation is not in consultative status."


def test_suspended_organisation_is_refused_as_suspended(setup):
    org = f.organisation(status="suspended")
    d = f.nominee(org, setup["meeting"])
    refusals = _check(setup, d, org=org)
    assert "in_status" in codes(refusals)
    assert "suspended" in refusals[codes(refusals).index("in_status")].reason


def test_organisation_with_an_overdue_quadrennial_report_is_refused(setup):
    granted = timezone.localdate() - datetime.timedelta(days=365 * 6)
    org = f.organisation(granted_on=granted)
    d = f.nominee(org, setup["meeting"])
    refusals = _check(setup, d, org=org)
    assert codes(refusals) == ["no_overdue_report"]
    assert refusals[0].reason == "The organisation has an overdue quadrennial report."


def test_a_france_headquartered_organisation_is_not_eligible_by_default_even_working_in_uganda(setup):
    org = f.organisation(country="FR", activity=["UG"])
    d = f.nominee(org, setup["meeting"])
    refusals = _check(setup, d, org=org)
    assert codes(refusals) == ["developing_country"]
    assert refusals[0].reason == "The organisation is not headquartered in a developing country."


def test_a_fund_that_decided_to_admit_work_in_developing_countries_admits_it(setup):
    fund = setup["call"].fund
    fund.admits_working_in_developing_countries = True
    fund.save()
    org = f.organisation(country="NO")
    d = f.nominee(org, setup["meeting"])
    assert codes(_check(setup, d, org=org)) == ["developing_country"]
    org.countries_of_activity.add(*__import__("portal.models", fromlist=["Country"]).Country.objects.filter(
        iso2="UG"))
    assert _check(setup, d, org=org) == []


def test_nominee_of_another_organisation_is_refused(setup):
    other = f.organisation()
    d = f.nominee(other, setup["meeting"])
    assert "designated" in codes(_check(setup, d))


def test_nominee_not_registered_for_the_meeting_is_refused(setup):
    d = f.nominee(setup["org"], setup["meeting"], registered=False)
    refusals = _check(setup, d)
    assert codes(refusals) == ["registered"]
    assert refusals[0].reason == "The nominee is not registered (confirmed) for the meeting."


def test_at_most_two_nominees_per_organisation_per_call(setup):
    for _ in range(2):
        f.apply(setup["call"], f.nominee(setup["org"], setup["meeting"]), by=setup["user"])
    third = f.nominee(setup["org"], setup["meeting"])
    refusals = _check(setup, third)
    assert codes(refusals) == ["nominee_cap"]
    with pytest.raises(ValidationError) as exc:
        f.apply(setup["call"], third, by=setup["user"])
    assert exc.value.messages == [refusals[0].reason]


def test_a_withdrawn_application_frees_a_nominee_place(setup):
    apps = [f.apply(setup["call"], f.nominee(setup["org"], setup["meeting"]), by=setup["user"]) for _ in range(2)]
    services.application_withdraw(application=apps[0], by=setup["user"])
    assert _check(setup, f.nominee(setup["org"], setup["meeting"])) == []


def test_a_traveller_who_did_not_file_the_evaluation_is_refused_in_a_later_call_with_the_reason(setup):
    manager = f.staff()
    f.fund_money(setup["call"].fund, "10000", by=manager)
    past = f.meeting(starts_in_days=-20, title="Commission on the Status of Women")
    past_call = f.call(past, opens_days_ago=60, closes_in=-30)
    d = f.nominee(setup["org"], past)
    app = f.apply(past_call, d, by=setup["user"], on=past_call.opens_on)
    services.application_award(application=app, by=manager)
    services.application_confirm_attendance(application=app, by=manager)

    f.register(d, setup["meeting"])
    refusals = _check(setup, d)
    assert codes(refusals) == ["evaluations_filed"]
    assert "Commission on the Status of Women" in refusals[0].reason

    services.application_file_evaluation(application=app, by=setup["user"],
                                         text="The side event let us meet three ministries; we follow up.")
    assert _check(setup, d) == []


def test_every_refusal_is_reported_at_once(setup):
    org = f.organisation(country="NO", status="none")
    d = f.nominee(org, setup["meeting"], registered=False)
    assert codes(_check(setup, d, org=org)) == ["in_status", "developing_country", "registered"]
