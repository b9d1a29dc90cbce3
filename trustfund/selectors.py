"""Reads for the trust fund's pages and API, each in a constant number of queries.

Donor reports (`fund_report`) hold aggregates only. Expenditure is on the
obligation basis: grants awarded net of releases and refunds
(Σ commitment − Σ release − Σ refund of the period's ledger entries);
payments (disbursements) are shown separately in the summary. Every
breakdown by meeting, region or gender counts the travellers behind each
cell; a cell of fewer than MIN_CELL travellers is merged into
"Other groups", and if that is still too small the next-smallest cells are
merged into it too, so no cell (or difference of cells) singles out a person.
When even everyone together is fewer than MIN_CELL (a year with 1 or 2
funded travellers), the figure is suppressed: the count reads "fewer than 3"
and the amounts are withheld (None) — in the page, CSV, PDF and API alike,
which all read this module. The year's totals (travellers funded,
expenditure, evaluations outstanding) follow the same rule.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.models import Organisation
from portal.i18n import country_name, region_name, sort_key

from .ledger import Balance, balance_of, balances_by_fund
from .models import (
    CENT,
    CapacityInitiative,
    Contribution,
    Fund,
    GrantApplication,
    GrantCall,
    LedgerEntry,
    Pledge,
    donor_name,
)
from .rules import sees_personal_data
from .workflow import FUNDED_STATES

MIN_CELL = 3
ZERO = Decimal("0.00")
K = LedgerEntry.Kind


def funds_with_balances():
    funds = list(Fund.objects.order_by("kind", "name"))
    balances = balances_by_fund(funds)
    for f in funds:
        f.balance = balances[f.pk]
    return funds


def applications_for(user):
    """An NGO sees its own organisations' applications; the fund's staff and
    the board see all; anyone else none."""
    qs = GrantApplication.objects.select_related(
        "call", "call__meeting", "organisation", "organisation__country", "representative")
    if not user.is_authenticated:
        return qs.none()
    if sees_personal_data(user):
        return qs
    if user.has_perm("trustfund.apply"):
        return qs.filter(organisation__in=Organisation.objects.filter(memberships__user=user))
    return qs.none()


def calls_list():
    return (GrantCall.objects.select_related("fund", "meeting")
            .annotate(n_applications=Count("applications", distinct=True)).order_by("-opens_on", "-id"))


def contributions_for(user):
    qs = Contribution.objects.select_related("donor", "fund")
    if user.has_perm("trustfund.manage_fund") or sees_personal_data(user):
        return qs
    return qs.filter(donor__users=user)


def initiatives_list():
    return CapacityInitiative.objects.select_related("fund", "country", "proposer")


# ---- donor reports ----

@dataclass
class Cell:
    label: str
    amount: Decimal | None  # None: withheld (the cell stands for fewer than MIN_CELL travellers)
    travellers: int | str   # "fewer than 3" when suppressed
    merged: int = 0  # how many groups were merged into this cell
    suppressed: bool = False


def fewer_than(minimum: int = MIN_CELL) -> str:
    return _("fewer than %(n)s") % {"n": minimum}


@dataclass(frozen=True)
class WithheldBalance:
    """The fund's position while fewer than MIN_CELL travellers have ever been
    funded: the money received shows, what it was spent on is withheld."""
    received: Decimal
    committed: None = None
    spent: None = None
    available: None = None
    utilisation_rate: None = None
    withheld: bool = True


@dataclass
class Report:
    fund: Fund
    start: datetime.date
    end: datetime.date
    balance: Balance | WithheldBalance
    period: Balance
    contributions: list = field(default_factory=list)   # (donor, year, amount_usd)
    pledges: list = field(default_factory=list)         # (donor, year, amount_usd)
    by_meeting: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    by_gender: list = field(default_factory=list)
    by_country: list = field(default_factory=list)      # capacity fund: seed money by country
    travellers_funded: int | str = 0       # "fewer than 3" when 1 or 2
    evaluations_outstanding: int | str = 0
    expenditure: Decimal | None = ZERO     # None: withheld (fewer than 3 travellers funded in the year)

    @property
    def utilisation_rate(self):
        return self.balance.utilisation_rate


def suppress_small_cells(cells: list[Cell], *, minimum: int = MIN_CELL) -> list[Cell]:
    """Merge every cell of fewer than `minimum` travellers into one "Other
    groups" cell; while that cell is itself too small, merge the smallest
    remaining cell into it. Nothing is dropped, so the cells still add up to
    the total, and no cell stands for fewer than `minimum` people."""
    cells = sorted([c for c in cells if c.travellers or c.amount], key=lambda c: (-c.travellers, c.label))
    keep = [c for c in cells if c.travellers >= minimum]
    small = [c for c in cells if c.travellers < minimum]
    if not small:
        return keep
    other = Cell(_("Other groups (fewer than %(n)s travellers each)") % {"n": minimum},
                 sum((c.amount for c in small), ZERO), sum(c.travellers for c in small), merged=len(small))
    while other.travellers < minimum and keep:
        c = keep.pop()  # the smallest kept cell
        other.amount += c.amount
        other.travellers += c.travellers
        other.merged += 1
    if not keep:
        other.label = _("All travellers (groups too small to show separately)")
        if other.travellers < minimum:  # even everyone together is too few: suppress the figure
            other = Cell(_("All travellers (fewer than %(n)s: figures withheld)") % {"n": minimum}, None,
                         fewer_than(minimum), merged=other.merged, suppressed=True)
    return [*keep, other]


def suppress_small_count(n: int, *, minimum: int = MIN_CELL) -> int | str:
    """A count of people shown only when it is 0 or at least `minimum`."""
    return fewer_than(minimum) if 0 < n < minimum else n


def _period(year: int | None):
    year = year or timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _expenditure_cells(entries, group_by: str, label_of) -> list[Cell]:
    rows = (entries.values(group_by)
            .annotate(committed=Sum("amount_usd", filter=Q(kind=K.COMMITMENT), default=ZERO),
                      released=Sum("amount_usd", filter=Q(kind=K.RELEASE), default=ZERO),
                      refunded=Sum("amount_usd", filter=Q(kind=K.REFUND), default=ZERO),
                      travellers=Count("application__representative", distinct=True,
                                       filter=Q(application__state__in=FUNDED_STATES)))
            .order_by(group_by))
    return [Cell(label_of(r[group_by]), (r["committed"] - r["released"] - r["refunded"]).quantize(CENT),
                 r["travellers"]) for r in rows]


GENDER_LABELS = dict(GrantApplication.Gender.choices)


def _cents(rows):
    return [{**r, "amount": Decimal(r["amount"]).quantize(CENT)} for r in rows]


def fund_report(fund: Fund, *, year: int | None = None) -> Report:
    start, end = _period(year)
    ledger = LedgerEntry.objects.filter(fund=fund)
    in_period = ledger.filter(occurred_on__gte=start, occurred_on__lte=end)
    report = Report(fund=fund, start=start, end=end, balance=balance_of(ledger.filter(occurred_on__lte=end)),
                    period=balance_of(in_period))
    report.contributions = _donor_names(_cents(
        Contribution.objects.filter(fund=fund, received_on__lte=end)
        .values("donor__name", "donor__kind", "donor__country_id", "received_on__year")
        .annotate(amount=Sum("amount_usd")).order_by("-received_on__year", "donor__name")), "received_on__year")
    report.pledges = _donor_names(_cents(
        Pledge.objects.filter(fund=fund, pledged_on__lte=end)
        .values("donor__name", "donor__kind", "donor__country_id", "pledged_on__year")
        .annotate(amount=Sum("amount_usd")).order_by("-pledged_on__year", "donor__name")), "pledged_on__year")
    grants = in_period.filter(application__isnull=False)
    if fund.kind == Fund.Kind.PARTICIPATION:
        titles = dict(GrantCall.objects.filter(fund=fund).values_list("meeting_id", "meeting__title"))
        report.by_meeting = suppress_small_cells(_expenditure_cells(
            grants, "application__call__meeting", lambda pk: titles.get(pk, "—")))
        report.by_region = suppress_small_cells(_expenditure_cells(
            grants, "application__organisation__country__region", lambda r: region_name(r) or _("Region not stated")))
        report.by_gender = suppress_small_cells(_expenditure_cells(
            grants, "application__gender", lambda g: str(GENDER_LABELS.get(g, g))))
        b = balance_of(grants)
        travellers = (grants.filter(kind=K.COMMITMENT, application__state__in=FUNDED_STATES)
                      .values("application__representative").distinct().count())
        report.expenditure = b.commitments - b.releases - b.refunds if not 0 < travellers < MIN_CELL else None
        report.travellers_funded = suppress_small_count(travellers)
        report.evaluations_outstanding = suppress_small_count(GrantApplication.objects.filter(
            call__fund=fund, state="attended", call__meeting__ends_on__lte=end).count())
        ever = (ledger.filter(occurred_on__lte=end, kind=K.COMMITMENT, application__state__in=FUNDED_STATES)
                .values("application__representative").distinct().count())
        if 0 < ever < MIN_CELL:  # the fund's balances would stand for its first one or two travellers
            report.balance = WithheldBalance(received=report.balance.received)
    else:
        rows = (in_period.filter(initiative__isnull=False).values("initiative__country_id")
                .annotate(committed=Sum("amount_usd", filter=Q(kind=K.COMMITMENT), default=ZERO),
                          released=Sum("amount_usd", filter=Q(kind=K.RELEASE), default=ZERO),
                          refunded=Sum("amount_usd", filter=Q(kind=K.REFUND), default=ZERO),
                          n=Count("initiative", distinct=True))
                .order_by("initiative__country_id"))
        report.by_country = sorted(
            (Cell(country_name(r["initiative__country_id"]),
                  (r["committed"] - r["released"] - r["refunded"]).quantize(CENT), r["n"]) for r in rows),
            key=lambda cell: sort_key(cell.label))
        report.expenditure = sum((c.amount for c in report.by_country), ZERO)
    return report


def _donor_names(rows, year_key):
    """Member States by their country's name in the reader's language, sorted by it within each year."""
    for r in rows:
        r["donor__name"] = donor_name(r.pop("donor__name"), r.pop("donor__kind"), r.pop("donor__country_id"))
    return sorted(rows, key=lambda r: (-r[year_key], sort_key(r["donor__name"])))


def donor_totals(rows):
    """Contributions by donor (all years) for the chart."""
    totals: dict[str, Decimal] = {}
    for r in rows:
        totals[r["donor__name"]] = totals.get(r["donor__name"], ZERO) + r["amount"]
    return sorted(totals.items(), key=lambda kv: -kv[1])
