"""Balances derived from the append-only ledger.

Every entry is a positive amount; its kind says how it moves money between
three pots of the money received:

    received    = Σ contribution + Σ transfer_in − Σ transfer_out
    committed   = Σ commitment − Σ release − Σ disbursement   (promised to a grant, not yet paid)
    spent       = Σ disbursement − Σ refund                    (paid out, net of money returned)
    available   = received − committed − spent
                = received − Σ commitment + Σ release + Σ refund

A transfer moves money received from a meeting-specific fund into the one
fund it is merged into (¶22): out of one, into the other, same amount.

so `received == available + committed + spent` always holds (the
reconciliation test checks it against independent sums of the source rows).
A disbursement is paid against an outstanding commitment, so it moves money
from `committed` to `spent` and leaves `available` unchanged. Pledges never
enter the ledger: only money received can be committed.

Utilisation rate = (committed + spent) / received.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from .models import CENT, LedgerEntry

ZERO = Decimal("0.00")
K = LedgerEntry.Kind


@dataclass(frozen=True)
class Balance:
    contributions: Decimal = ZERO
    commitments: Decimal = ZERO
    releases: Decimal = ZERO
    disbursements: Decimal = ZERO
    refunds: Decimal = ZERO
    transfers_in: Decimal = ZERO
    transfers_out: Decimal = ZERO

    @property
    def received(self) -> Decimal:
        return self.contributions + self.transfers_in - self.transfers_out

    @property
    def committed(self) -> Decimal:
        return self.commitments - self.releases - self.disbursements

    @property
    def spent(self) -> Decimal:
        return self.disbursements - self.refunds

    @property
    def available(self) -> Decimal:
        return self.received - self.commitments + self.releases + self.refunds

    @property
    def utilisation_rate(self) -> Decimal | None:
        if not self.received:
            return None
        return ((self.committed + self.spent) * 100 / self.received).quantize(Decimal("0.1"))


def _sums(prefix=""):
    return {
        kind.value: Sum(f"{prefix}amount_usd", filter=Q(**{f"{prefix}kind": kind.value}), default=ZERO)
        for kind in K
    }


def _balance(row) -> Balance:
    return Balance(**{name: Decimal(row[kind] or 0).quantize(CENT) for name, kind in (
        ("contributions", K.CONTRIBUTION), ("commitments", K.COMMITMENT), ("releases", K.RELEASE),
        ("disbursements", K.DISBURSEMENT), ("refunds", K.REFUND), ("transfers_in", K.TRANSFER_IN),
        ("transfers_out", K.TRANSFER_OUT))})


def fund_balance(fund, *, until=None) -> Balance:
    """One query. `until` (a date) gives the balance at the end of that day."""
    qs = LedgerEntry.objects.filter(fund=fund)
    if until is not None:
        qs = qs.filter(occurred_on__lte=until)
    return _balance(qs.aggregate(**_sums()))


def balances_by_fund(funds) -> dict[int, Balance]:
    """Balances of many funds in one query."""
    rows = (LedgerEntry.objects.filter(fund__in=funds).values("fund_id")
            .annotate(**_sums()).order_by())
    out = {f.pk: Balance() for f in funds}
    for row in rows:
        out[row["fund_id"]] = _balance(row)
    return out


def balance_of(queryset) -> Balance:
    """The balance of any set of ledger entries (one query)."""
    return _balance(queryset.aggregate(**_sums()))


def outstanding_commitment(*, application=None, initiative=None) -> Decimal:
    """What is still committed (not yet paid or released) to one grant or initiative."""
    qs = LedgerEntry.objects.filter(application=application) if application else \
        LedgerEntry.objects.filter(initiative=initiative)
    b = _balance(qs.aggregate(**_sums()))
    return b.committed.quantize(CENT)
