"""Meeting-specific funds merge into the one trust fund (¶22): a ledger
transfer with its history, asked for first, refused while money is committed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import AuditEntry
from tests.trustfund import factories as f
from trustfund import services
from trustfund.ledger import fund_balance
from trustfund.models import Fund, LedgerEntry

pytestmark = pytest.mark.django_db


def _csw_fund():
    return Fund.objects.create(code="csw-2005", name="CSW 2005 participation fund", kind=Fund.Kind.PARTICIPATION)


def test_merging_moves_the_available_money_by_a_transfer_recorded_in_both_ledgers():
    staff = f.staff()
    one, csw = f.participation_fund(), _csw_fund()
    f.fund_money(one, "1000", by=staff)
    f.fund_money(csw, "250.50", by=staff)
    moved = services.fund_merge(source=csw, target=one, by=staff)
    assert moved == Decimal("250.50")
    assert (fund_balance(csw).received, fund_balance(csw).available) == (Decimal("0.00"), Decimal("0.00"))
    assert (fund_balance(one).received, fund_balance(one).available) == (Decimal("1250.50"), Decimal("1250.50"))
    assert list(LedgerEntry.objects.filter(kind__in=["transfer_in", "transfer_out"])
                .order_by("id").values_list("fund__code", "kind", "amount_usd")) == [
        ("csw-2005", "transfer_out", Decimal("250.50")), ("participation", "transfer_in", Decimal("250.50"))]
    csw.refresh_from_db()
    assert csw.merged_into == one
    assert AuditEntry.objects.filter(action="fund.merge").count() == 1
    with pytest.raises(ValidationError):
        f.fund_money(csw, "10", by=staff)  # a merged fund takes no more money
    with pytest.raises(ValidationError):
        services.fund_merge(source=csw, target=one, by=staff)


def test_a_fund_with_money_committed_to_grants_is_not_merged(setup_committed):
    csw, one, staff = setup_committed
    with pytest.raises(ValidationError) as exc:
        services.fund_merge(source=csw, target=one, by=staff)
    assert "still committed" in exc.value.messages[0]
    assert not LedgerEntry.objects.filter(kind__in=["transfer_in", "transfer_out"]).exists()


@pytest.fixture
def setup_committed():
    staff = f.staff()
    one, csw = f.participation_fund(), _csw_fund()
    f.fund_money(csw, "5000", by=staff)
    mtg = f.meeting()
    call = f.call(mtg, fund=csw)
    org = f.organisation(members=[f.ngo_user()])
    user = org.memberships.first().user
    app = f.apply(call, f.nominee(org, mtg), by=user)
    services.application_award(application=app, by=staff, amount_usd=Decimal("900"))
    return csw, one, staff


def test_the_merge_page_asks_first_and_only_the_fund_manager_may(client):
    staff = f.staff()
    one, csw = f.participation_fund(), _csw_fund()
    f.fund_money(csw, "300", by=staff)
    url = reverse("trustfund:fund-merge", args=[csw.code])
    client.force_login(f.ngo_user())
    assert client.post(url, {"target": one.pk}).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("trustfund:fund", args=[csw.code])).content.decode()
    assert 'data-testid="fund-merge"' in page
    response = client.post(url, {"target": one.pk})
    asked = response.content.decode()
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    assert f"Merge CSW 2005 participation fund into {one.name}?" in asked
    assert not LedgerEntry.objects.filter(kind="transfer_out").exists()
    response = client.post(url, {"target": one.pk, "confirmed": "yes"})
    assert response.status_code == 302
    assert fund_balance(one).available == Decimal("300.00")
    page = client.get(reverse("trustfund:fund", args=[csw.code])).content.decode()
    assert f"Merged into {one.name}" in page
