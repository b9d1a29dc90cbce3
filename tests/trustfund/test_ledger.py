import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from portal.models import AppendOnlyError, AuditEntry
from tests.trustfund import factories as f
from tests.utils import postgres_only
from trustfund import services
from trustfund.ledger import fund_balance
from trustfund.models import Contribution, GrantApplication, LedgerEntry, Pledge


@pytest.fixture
def world(db):
    manager = f.staff()
    mtg = f.meeting()
    grant_call = f.call(mtg, dsa=Decimal("300"))
    fund = grant_call.fund
    return {"manager": manager, "meeting": mtg, "call": grant_call, "fund": fund}


def _app(world, *, fare="900", days=3, terminal="200"):
    """An application costing fare + 300 × days + terminal (2,000 USD by default)."""
    user = f.ngo_user()
    org = f.organisation(members=[user])
    return f.apply(world["call"], f.nominee(org, world["meeting"]), by=user, fare=fare, days=days,
                   terminal=terminal)


def test_a_payment_in_another_currency_is_converted_at_the_rate_on_receipt(world):
    c = f.fund_money(world["fund"], "100000", by=world["manager"], currency="nok", rate="0.0912345")
    assert (c.currency, c.amount_usd) == ("NOK", Decimal("9123.45"))
    assert fund_balance(world["fund"]).available == Decimal("9123.45")
    entry = LedgerEntry.objects.get(contribution=c)
    assert (entry.kind, entry.amount_usd) == ("contribution", Decimal("9123.45"))


def test_bad_contribution_input_gives_field_errors_and_saves_nothing(world):
    with pytest.raises(ValidationError) as exc:
        services.contribution_record(donor=f.donor(), fund=world["fund"], amount="-5", currency="US",
                                     rate_to_usd="1", received_on=timezone.localdate(), by=world["manager"])
    assert set(exc.value.message_dict) == {"amount"}
    with pytest.raises(ValidationError) as exc:
        services.contribution_record(donor=f.donor(), fund=world["fund"], amount="5", currency="US",
                                     rate_to_usd="1", received_on=timezone.localdate(), by=world["manager"])
    assert set(exc.value.message_dict) == {"currency"}
    assert Contribution.objects.count() == 0
    assert LedgerEntry.objects.count() == 0


def test_only_the_fund_manager_records_money_received(world, make_user):
    donor_user = make_user(username="donor1", role="donor")
    with pytest.raises(PermissionDenied):
        f.fund_money(world["fund"], "10", by=donor_user)


def test_a_donor_records_a_pledge_only_for_its_own_donor(world, make_user):
    donor_user = make_user(username="donor1", role="donor")
    mine = f.donor("Kingdom of Norway", users=[donor_user])
    other = f.donor("Gates Foundation")
    services.pledge_record(donor=mine, fund=world["fund"], amount_usd="5000", pledged_on=timezone.localdate(),
                           by=donor_user)
    with pytest.raises(PermissionDenied):
        services.pledge_record(donor=other, fund=world["fund"], amount_usd="5000",
                               pledged_on=timezone.localdate(), by=donor_user)
    assert Pledge.objects.count() == 1


def test_pledges_cannot_be_committed_only_money_received(world):
    services.pledge_record(donor=f.donor(), fund=world["fund"], amount_usd="100000",
                           pledged_on=timezone.localdate(), by=world["manager"])
    app = _app(world)
    with pytest.raises(ValidationError) as exc:
        services.application_award(application=app, by=world["manager"])
    assert exc.value.code == "insufficient_funds"
    assert "0.00 USD available" in exc.value.messages[0]
    app.refresh_from_db()
    assert app.state == "submitted"


def test_cost_estimate_is_fare_plus_allowance_times_days_plus_terminal_expenses(world):
    app = _app(world, fare="812.40", days=3, terminal="120")
    assert app.requested_usd == Decimal("812.40") + Decimal("300") * 3 + Decimal("120")


def test_full_and_partial_awards_commit_received_money(world):
    f.fund_money(world["fund"], "5000", by=world["manager"])
    full = _app(world)       # 2000
    partial = _app(world)    # 2000
    services.application_award(application=full, by=world["manager"])
    services.application_award(application=partial, by=world["manager"], amount_usd="1200")
    b = fund_balance(world["fund"])
    assert (b.received, b.committed, b.available) == (Decimal("5000"), Decimal("3200"), Decimal("1800"))
    partial.refresh_from_db()
    assert (partial.state, partial.awarded_usd) == ("awarded", Decimal("1200.00"))


def test_a_grant_cannot_exceed_the_amount_requested(world):
    f.fund_money(world["fund"], "50000", by=world["manager"])
    app = _app(world)
    with pytest.raises(ValidationError) as exc:
        services.application_award(application=app, by=world["manager"], amount_usd="2500")
    assert "amount_usd" in exc.value.message_dict


def test_only_one_nominee_per_organisation_is_funded_per_call(world):
    f.fund_money(world["fund"], "50000", by=world["manager"])
    user = f.ngo_user()
    org = f.organisation(members=[user])
    a = f.apply(world["call"], f.nominee(org, world["meeting"]), by=user)
    b = f.apply(world["call"], f.nominee(org, world["meeting"]), by=user)
    services.application_award(application=a, by=world["manager"])
    with pytest.raises(ValidationError) as exc:
        services.application_award(application=b, by=world["manager"])
    assert exc.value.messages == ["The organisation already has a funded nominee in this call."]
    services.application_waitlist(application=b, by=world["manager"])
    services.application_decline(application=a, by=user, reason="Visa refused")
    services.application_award(application=b, by=world["manager"])  # the waiting list moves up
    b.refresh_from_db()
    assert b.state == "awarded"


def test_the_call_budget_ceiling_is_never_exceeded(world):
    world["call"].budget_ceiling_usd = Decimal("3000")
    world["call"].save()
    f.fund_money(world["fund"], "50000", by=world["manager"])
    services.application_award(application=_app(world), by=world["manager"])
    with pytest.raises(ValidationError) as exc:
        services.application_award(application=_app(world), by=world["manager"])
    assert exc.value.code == "ceiling"


def test_decline_and_cancellation_release_what_is_still_committed(world):
    f.fund_money(world["fund"], "10000", by=world["manager"])
    a, b = _app(world), _app(world)
    for app in (a, b):
        services.application_award(application=app, by=world["manager"])
    services.application_disburse(application=b, by=world["manager"], purpose="ticket", amount_usd="900")
    services.application_decline(application=a, by=a.submitted_by, reason="Illness")
    services.application_cancel(application=b, by=world["manager"], reason="Meeting postponed")
    b_entries = list(LedgerEntry.objects.filter(application=b).order_by("id").values_list("kind", "amount_usd"))
    assert b_entries == [("commitment", Decimal("2000.00")), ("disbursement", Decimal("900.00")),
                         ("release", Decimal("1100.00"))]
    bal = fund_balance(world["fund"])
    assert (bal.committed, bal.spent, bal.available) == (Decimal("0"), Decimal("900"), Decimal("9100"))


def test_payments_cannot_exceed_the_grant_and_each_is_paid_once(world):
    f.fund_money(world["fund"], "10000", by=world["manager"])
    app = _app(world)
    services.application_award(application=app, by=world["manager"], amount_usd="1500")
    with pytest.raises(ValidationError):
        services.application_disburse(application=app, by=world["manager"], purpose="ticket", amount_usd="1600")
    services.application_disburse(application=app, by=world["manager"], purpose="ticket", amount_usd="900")
    with pytest.raises(ValidationError):
        services.application_disburse(application=app, by=world["manager"], purpose="ticket", amount_usd="10")
    services.application_disburse(application=app, by=world["manager"], purpose="allowance", amount_usd="600")
    app.refresh_from_db()
    assert app.ticket_issued_on == app.allowance_paid_on == timezone.localdate()
    assert fund_balance(world["fund"]).committed == Decimal("0")


def test_the_ledger_is_append_only(world):
    f.fund_money(world["fund"], "100", by=world["manager"])
    entry = LedgerEntry.objects.get()
    entry.amount_usd = Decimal("1000")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.update(amount_usd=1)


def test_every_money_service_writes_its_audit_row(world):
    f.fund_money(world["fund"], "10000", by=world["manager"])
    app = _app(world)
    services.application_award(application=app, by=world["manager"])
    actions = list(AuditEntry.objects.filter(action__regex=r"^(trustfund|grant_application)\.")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["trustfund.contribution", "grant_application.submit", "grant_application.award"]


def test_ledger_reconciles_with_contributions_and_grants(world):
    """received = available + committed + spent, and each term equals an
    independent sum over the source records."""
    m = world["manager"]
    f.fund_money(world["fund"], "20000", by=m)
    f.fund_money(world["fund"], "150000", by=m, donor_name="Japan", currency="JPY", rate="0.0067")
    apps = [_app(world) for _ in range(6)]
    services.application_award(application=apps[0], by=m)
    services.application_award(application=apps[1], by=m, amount_usd="1500")
    services.application_award(application=apps[2], by=m)
    services.application_award(application=apps[3], by=m)
    services.application_disburse(application=apps[0], by=m, purpose="ticket", amount_usd="900")
    services.application_disburse(application=apps[0], by=m, purpose="allowance", amount_usd="1100")
    services.application_disburse(application=apps[1], by=m, purpose="ticket", amount_usd="700")
    services.application_refund(application=apps[1], by=m, amount_usd="150", memo="fare cheaper")
    services.application_cancel(application=apps[2], by=m, reason="postponed")
    services.application_waitlist(application=apps[4], by=m)
    services.application_reject(application=apps[5], by=m, reason="low score")

    b = fund_balance(world["fund"])
    received = Contribution.objects.filter(fund=world["fund"]).aggregate(s=Sum("amount_usd"))["s"]
    live = GrantApplication.objects.filter(state__in=("awarded", "attended", "completed"))
    paid = {a.pk: Decimal(0) for a in live}
    for e in LedgerEntry.objects.filter(kind="disbursement"):
        paid[e.application_id] += e.amount_usd
    refunds = LedgerEntry.objects.filter(kind="refund").aggregate(s=Sum("amount_usd"))["s"]
    committed = sum(a.awarded_usd - paid[a.pk] for a in live)
    spent = sum(paid.values()) - refunds

    assert b.received == received == Decimal("21005.00")
    assert b.committed == committed == Decimal("2800.00")  # 1500-700 + 2000
    assert b.spent == spent == Decimal("2550.00")           # 900+1100+700-150
    assert b.available == received - committed - spent
    assert b.received == b.available + b.committed + b.spent
    assert b.utilisation_rate == Decimal("25.5")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_awards_never_over_commit_the_fund():
    """20 awards at once against money for 10: exactly 10 succeed."""
    manager = f.staff()
    mtg = f.meeting()
    grant_call = f.call(mtg, ceiling=Decimal("1000000"))
    f.fund_money(grant_call.fund, "20000", by=manager)  # each grant costs 2000
    apps = []
    for _ in range(20):
        user = f.ngo_user()
        org = f.organisation(members=[user])
        apps.append(f.apply(grant_call, f.nominee(org, mtg), by=user, terminal="200"))  # 2,000 USD each
    barrier = threading.Barrier(20)
    results = []

    def award(app_id):
        try:
            app = GrantApplication.objects.get(pk=app_id)
            barrier.wait()
            services.application_award(application=app, by=manager)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=award, args=(a.pk,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == ["insufficient_funds"] * 10 + ["ok"] * 10
    b = fund_balance(grant_call.fund)
    assert (b.committed, b.available) == (Decimal("20000.00"), Decimal("0.00"))
    assert GrantApplication.objects.filter(state="awarded").count() == 10
    assert LedgerEntry.objects.filter(kind="commitment").count() == 10


def test_refund_cannot_exceed_what_was_paid(world):
    f.fund_money(world["fund"], "10000", by=world["manager"])
    app = _app(world)
    services.application_award(application=app, by=world["manager"])
    services.application_disburse(application=app, by=world["manager"], purpose="ticket", amount_usd="500",
                                  on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.application_refund(application=app, by=world["manager"], amount_usd="501")
