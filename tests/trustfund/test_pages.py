from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.models import Country
from tests.trustfund import factories as f
from trustfund import demo as trustfund_demo
from trustfund import services
from trustfund.ledger import fund_balance
from trustfund.models import Contribution, Donor, Fund, GrantApplication, GrantCall, LedgerEntry
from trustfund.workflow import GRANT_APPLICATION


def test_apply_form_shows_every_refusal_and_saves_nothing(scenario, client):
    s = scenario
    d = f.nominee(s["org"], s["meeting"], first="Unregistered", last="Person", registered=False)
    client.force_login(s["users"]["ngo"])
    ug = Country.objects.get(iso2="UG")
    resp = client.post(reverse("trustfund:apply", args=[s["call"].pk]), {
        "designation": d.pk, "origin_city": "Gulu", "origin_country": ug.pk, "fare_usd": "900", "days": "3",
        "terminal_usd": "0", "justification": "Regional voice", "passport_name": "PERSON U", "nationality": ug.pk})
    assert resp.status_code == 200
    assert "The nominee is not registered (confirmed) for the meeting." in resp.content.decode()
    assert GrantApplication.objects.filter(call=s["call"]).count() == 2


def test_apply_form_lists_only_the_users_own_designees(scenario, client):
    client.force_login(scenario["users"]["ngo"])
    body = client.get(reverse("trustfund:apply", args=[scenario["call"].pk])).content.decode()
    assert "Grace Nakato" in body
    assert "Rosa Huaman" not in body


def test_the_ngo_files_its_evaluation_from_the_application_page(scenario, client):
    s = scenario
    past = f.meeting(starts_in_days=-10)
    past_call = f.call(past, opens_days_ago=40, closes_in=-20)
    app = f.apply(past_call, f.nominee(s["org"], past), by=s["users"]["ngo"], on=past_call.opens_on)
    services.application_award(application=app, by=s["manager"])
    services.application_confirm_attendance(application=app, by=s["manager"])
    client.force_login(s["users"]["ngo"])
    url = reverse("trustfund:application", args=[app.pk])
    assert "File evaluation" in client.get(url).content.decode()
    client.post(reverse("trustfund:application-action", args=[app.pk, "evaluation"]), {"evaluation": "Too short"})
    app.refresh_from_db()
    assert app.state == "attended"
    client.post(reverse("trustfund:application-action", args=[app.pk, "evaluation"]),
                {"evaluation": "We spoke at the side event on social protection and met our delegation."})
    app.refresh_from_db()
    assert (app.state, app.public_state_label) == ("completed", "Completed")


def test_the_ngo_sees_public_labels_and_staff_internal_ones(scenario, client):
    client.force_login(scenario["users"]["ngo"])
    assert "Submitted, awaiting board review" not in client.get(reverse("trustfund:applications")).content.decode()
    client.force_login(scenario["users"]["secretariat"])
    assert "Submitted, awaiting board review" in client.get(reverse("trustfund:applications")).content.decode()


@pytest.mark.parametrize("role,text", [("board", "await your review"), ("donor", "USD available"),
                                        ("ngo", "Travel grants"), ("secretariat", "await a decision"),
                                        ("admin", "await a decision")])
def test_each_role_dashboard_has_its_trust_fund_panel(scenario, client, role, text):
    client.force_login(scenario["users"][role])
    resp = client.get(reverse("dashboard-role", args=[role]))
    assert resp.status_code == 200
    assert text in resp.content.decode()


def test_manager_records_money_received_through_the_form(scenario, client):
    client.force_login(scenario["users"]["secretariat"])
    donor = f.donor("Japan")
    resp = client.post(reverse("trustfund:contribution-new"), {
        "donor": donor.pk, "fund": scenario["fund"].pk, "amount": "1000000", "currency": "JPY",
        "rate_to_usd": "0.0067", "received_on": "2026-02-01"})
    assert resp.status_code == 302
    assert Contribution.objects.get(donor=donor).amount_usd == Decimal("6700.00")
    bad = client.post(reverse("trustfund:contribution-new"), {
        "donor": donor.pk, "fund": scenario["fund"].pk, "amount": "100", "currency": "USD",
        "rate_to_usd": "0.9", "received_on": "2026-02-01"})
    assert bad.status_code == 200
    assert "A payment in US dollars has the rate 1." in bad.content.decode()


def test_manager_creates_a_call_that_closes_before_the_meeting(scenario, client):
    client.force_login(scenario["users"]["secretariat"])
    mtg = f.meeting(starts_in_days=60)
    data = {"fund": scenario["fund"].pk, "meeting": mtg.pk, "title": "Grants for the hearing",
            "opens_on": "2026-01-01", "closes_on": mtg.starts_on.replace(day=1).isoformat(),
            "budget_ceiling_usd": "30000", "dsa_rate_usd": "364", "venue_city": ""}
    late = {**data, "closes_on": mtg.ends_on.isoformat()}
    assert "The call must close before the meeting starts." in client.post(
        reverse("trustfund:call-new"), late).content.decode()
    resp = client.post(reverse("trustfund:call-new"), data)
    assert resp.status_code == 302
    assert GrantCall.objects.get(title="Grants for the hearing").venue_city == mtg.venue


def test_country_team_proposes_and_only_the_working_group_approves(demo):
    fund = f.capacity_fund()
    f.ensure_countries()
    f.fund_money(fund, "20000", by=demo["secretariat"], donor_name="UNDP core")
    ini = services.initiative_propose(fund=fund, country=Country.objects.get(iso2="NP"), country_team="UNCT Nepal",
                                      title="Disability-inclusive consultations", description="Seed money",
                                      requested_usd="15000", by=demo["focalpoint"])
    with pytest.raises(PermissionDenied):
        services.initiative_approve(initiative=ini, by=demo["board"])  # not (yet) in the working group
    fund.working_group.add(demo["board"])
    with pytest.raises(ValidationError):
        services.initiative_approve(initiative=ini, by=demo["board"], amount_usd="16000")
    services.initiative_approve(initiative=ini, by=demo["board"], amount_usd="12000")
    assert fund_balance(fund).available == Decimal("8000.00")
    with pytest.raises(PermissionDenied):
        services.initiative_pay(initiative=ini, by=demo["board"])
    services.initiative_pay(initiative=ini, by=demo["secretariat"])
    assert list(LedgerEntry.objects.filter(initiative=ini).order_by("id").values_list("kind", "amount_usd")) == [
        ("commitment", Decimal("12000.00")), ("disbursement", Decimal("12000.00"))]
    with pytest.raises(PermissionDenied):
        services.initiative_propose(fund=fund, country=Country.objects.get(iso2="NP"), country_team="x", title="x",
                                    description="x", requested_usd="1", by=demo["ngo"])


def test_seed_money_comes_only_from_the_capacity_fund(demo):
    f.ensure_countries()
    with pytest.raises(ValidationError):
        services.initiative_propose(fund=f.participation_fund(), country=Country.objects.get(iso2="NP"),
                                    country_team="UNCT", title="t", description="d", requested_usd="10",
                                    by=demo["focalpoint"])


def test_demo_data_is_idempotent_and_covers_every_application_state(demo):
    trustfund_demo.seed_demo(StringIO())
    counts = (Fund.objects.count(), Donor.objects.count(), GrantCall.objects.count(),
              GrantApplication.objects.count(), LedgerEntry.objects.count())
    trustfund_demo.seed_demo(StringIO())
    assert (Fund.objects.count(), Donor.objects.count(), GrantCall.objects.count(),
            GrantApplication.objects.count(), LedgerEntry.objects.count()) == counts
    assert counts[:3] == (2, 12, 2)
    assert set(GrantApplication.objects.values_list("state", flat=True)) == set(GRANT_APPLICATION.states)
    for fund in Fund.objects.all():
        b = fund_balance(fund)
        assert b.received == b.available + b.committed + b.spent
        assert b.available >= 0
    assert Donor.objects.get(name="Kingdom of Norway").users.filter(username="donor").exists()


def test_seed_money_above_the_threshold_is_not_paid_by_who_approved_it(demo, settings):
    settings.TRUSTFUND_FOUR_EYES_USD = Decimal("10000")
    fund = f.capacity_fund()
    f.ensure_countries()
    f.fund_money(fund, "40000", by=demo["secretariat"], donor_name="UNDP core")
    admin = demo["admin"]
    fund.working_group.add(admin)

    def approved(amount):
        ini = services.initiative_propose(fund=fund, country=Country.objects.get(iso2="NP"), country_team="UNCT Nepal",
                                          title=f"Consultations {amount}", description="Seed money",
                                          requested_usd=amount, by=demo["focalpoint"])
        return services.initiative_approve(initiative=ini, by=admin, amount_usd=amount)

    big = approved("12000")
    with pytest.raises(PermissionDenied, match="a different person pays out"):
        services.initiative_pay(initiative=big, by=admin)  # above the threshold: who approved does not pay
    services.initiative_pay(initiative=big, by=demo["secretariat"])
    small = approved("10000")  # on the threshold: one person may approve and pay
    services.initiative_pay(initiative=small, by=admin)
