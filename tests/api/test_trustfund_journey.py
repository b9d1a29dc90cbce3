"""A travel grant through the API only: the fund manager records money and
opens a call, the organisation applies, a board member reviews, the fund
manager (another person) awards and pays, attendance is confirmed and the
traveller files the evaluation."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from portal.models import AuditEntry
from portal.roles import Role
from tests.api.helpers import ok, token_client
from tests.factories import UserFactory
from tests.trustfund import factories as f

T = "/api/v1/trustfund"


@pytest.mark.django_db
def test_travel_grant_from_application_to_award_through_the_api_only():
    manager_user, board_user = f.staff(), UserFactory(role=Role.BOARD)
    ngo_user = f.ngo_user()
    manager, board, ngo = token_client(manager_user), token_client(board_user), token_client(ngo_user)
    mtg = f.meeting(title="Commission for Social Development", starts_in_days=30)
    fund = f.participation_fund()
    donor = f.donor("Kingdom of Norway")
    org = f.organisation(name="Kampala Youth Network", country="UG", members=[ngo_user])
    nominee = f.nominee(org, mtg, first="Grace", last="Nakato")
    today = timezone.localdate()

    money = ok(manager.post(f"{T}/contributions/", {
        "donor": donor.pk, "fund": fund.code, "amount": "20000.00", "currency": "USD", "rate_to_usd": "1",
        "received_on": today.isoformat()}, format="json"), 201)
    assert money["amount_usd"] == "20000.00"
    call = ok(manager.post(f"{T}/calls/", {
        "fund": fund.code, "meeting": mtg.pk, "title": "Travel grants: CSocD", "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=10)).isoformat(), "budget_ceiling_usd": "50000",
        "dsa_rate_usd": "300"}, format="json"), 201)

    application = ok(ngo.post(f"{T}/applications/", {
        "call": call["id"], "designation": nominee.pk, "origin_city": "Kampala", "origin_country": "UG",
        "fare_usd": "900", "days": 3, "terminal_usd": "100", "justification": "We lead the regional network.",
        "passport_name": "GRACE NAKATO", "nationality": "UG"}, format="json"), 201)
    assert application["state"] == "submitted"
    assert Decimal(application["requested_usd"]) == Decimal("1900")
    url = f"{T}/applications/{application['id']}"
    assert [a["name"] for a in ok(ngo.get(f"{url}/"))["actions"]] == ["withdraw"]

    ok(board.post(f"{url}/review/", {"score": 5, "recommendation": "full", "comment": "Strong case."},
                  format="json"))
    assert board.post(f"{url}/award/", {}, format="json").status_code == 403  # the board recommends only
    assert {"award", "waitlist", "reject"} <= {a["name"] for a in ok(manager.get(f"{url}/"))["actions"]}
    awarded = ok(manager.post(f"{url}/award/", {}, format="json"))
    assert (awarded["state"], Decimal(awarded["awarded_usd"])) == ("awarded", Decimal("1900"))
    paid = ok(manager.post(f"{url}/disburse/", {"purpose": "ticket", "amount_usd": "900"}, format="json"))
    assert paid["ticket_issued_on"] == today.isoformat()

    with freeze_time(mtg.starts_on + datetime.timedelta(days=1)):
        attended = ok(manager.post(f"{url}/confirm-attendance/"))
        assert attended["state"] == "attended"
        assert [a["name"] for a in ok(ngo.get(f"{url}/"))["actions"]] == ["file_evaluation"]
        done = ok(ngo.post(f"{url}/evaluation/", {
            "evaluation": "We met three delegations and our statement was read in the plenary."}, format="json"))
    assert done["state"] == "completed"
    actors = dict(AuditEntry.objects.filter(action__in=["grant_application.review", "trustfund.award"])
                  .values_list("action", "actor"))
    assert actors.get("grant_application.review") == board_user.pk
    award_entry = AuditEntry.objects.get(action="grant_application.award")
    assert award_entry.actor == manager_user


@pytest.mark.django_db
def test_grant_actions_refuse_bad_values_naming_the_field_and_others_actions():
    manager_user, ngo_user = f.staff(), f.ngo_user()
    mtg = f.meeting()
    grant_call = f.call(mtg)
    f.fund_money(grant_call.fund, "50000", by=manager_user)
    org = f.organisation(country="UG", members=[ngo_user])
    app = f.apply(grant_call, f.nominee(org, mtg), by=ngo_user)
    manager, ngo = token_client(manager_user), token_client(ngo_user)
    url = f"{T}/applications/{app.pk}"
    bad = manager.post(f"{url}/reject/", {}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"reason"}
    assert ngo.post(f"{url}/reject/", {"reason": "x"}, format="json").status_code == 403
    ok(manager.post(f"{url}/award/", {}, format="json"))
    bad = manager.post(f"{url}/disburse/", {"purpose": "champagne", "amount_usd": "-1"}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"purpose", "amount_usd"}
    declined = ok(ngo.post(f"{url}/decline/", {"reason": "Visa refused."}, format="json"))
    assert declined["state"] == "declined"


@pytest.mark.django_db
def test_seed_money_proposed_approved_by_the_working_group_and_paid():
    from trustfund.models import CapacityInitiative

    manager_user, member = f.staff(), UserFactory(role=Role.BOARD)
    fund = f.capacity_fund()
    fund.working_group.add(member)
    f.fund_money(fund, "30000", by=manager_user)
    manager, group = token_client(manager_user), token_client(member)
    ini = ok(manager.post(f"{T}/initiatives/", {
        "fund": "country-capacity", "country": "BW", "country_team": "UN Country Team Botswana",
        "title": "National NGO advisory committee", "description": "Seed money for the first year's meetings.",
        "requested_usd": "12000"}, format="json"), 201)
    assert (ini["state"], ini["state_label"]) == ("proposed", "Proposed")
    url = f"{T}/initiatives/{ini['id']}/"
    assert {a["name"] for a in ok(group.get(url))["actions"]} == {"approve", "reject"}
    assert manager.post(f"{url}approve/", {}, format="json").status_code == 403
    bad = group.post(f"{url}approve/", {"amount_usd": "-5"}, format="json")
    assert set(bad.json()["error"]["fields"]) == {"amount_usd"}
    approved = ok(group.post(f"{url}approve/", {"amount_usd": "10000", "reason": "Within the budget."},
                             format="json"))
    assert (approved["state"], Decimal(approved["approved_usd"])) == ("approved", Decimal("10000"))
    paid = ok(manager.post(f"{url}pay/"))
    assert paid["state"] == "funded"
    assert CapacityInitiative.objects.get(pk=ini["id"]).state == "funded"


@pytest.mark.django_db
def test_a_traveller_returns_unused_money():
    manager_user, ngo_user = f.staff(), f.ngo_user()
    mtg = f.meeting()
    grant_call = f.call(mtg)
    f.fund_money(grant_call.fund, "50000", by=manager_user)
    org = f.organisation(country="UG", members=[ngo_user])
    app = f.apply(grant_call, f.nominee(org, mtg), by=ngo_user)
    manager = token_client(manager_user)
    url = f"{T}/applications/{app.pk}/"
    ok(manager.post(f"{url}award/", {}, format="json"))
    ok(manager.post(f"{url}disburse/", {"purpose": "ticket", "amount_usd": "900"}, format="json"))
    too_much = manager.post(f"{url}refund/", {"amount_usd": "5000"}, format="json")
    assert set(too_much.json()["error"]["fields"]) == {"amount_usd"}
    ok(manager.post(f"{url}refund/", {"amount_usd": "200", "memo": "Cheaper ticket"}, format="json"))
    assert AuditEntry.objects.filter(action="grant_application.refund", actor=manager_user).count() == 1
