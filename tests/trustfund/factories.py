"""Builders for trust-fund tests. Reference data (countries, funds, a meeting
kind and body) is made on demand, so they also work in transactional tests
(which flush the rows data migrations loaded)."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from accreditation.models import Body, Organisation, OrganisationMembership
from accreditation.status import organisation_change_status
from participation.models import Designation, Meeting, MeetingKind, Registration, Representative
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory
from trustfund import services
from trustfund.models import Donor, Fund, GrantCall

_seq = itertools.count(1)


def ensure_countries():
    """The reference data migrations load (see tests/reference.py)."""
    from tests.reference import ensure_reference_data as ensure

    ensure()


def participation_fund() -> Fund:
    fund, _ = Fund.objects.get_or_create(code="participation", defaults={
        "name": "Participation trust fund", "kind": Fund.Kind.PARTICIPATION, "managed_by": "UN Secretariat"})
    return fund


def capacity_fund() -> Fund:
    fund, _ = Fund.objects.get_or_create(code="country-capacity", defaults={
        "name": "Country-level capacity fund", "kind": Fund.Kind.CAPACITY, "managed_by": "UNDP",
        "guided_by": "UNDG working group"})
    return fund


def staff(username="fundmanager"):
    return UserFactory(username=username, role=Role.SECRETARIAT)


def organisation(*, name=None, country="KE", status="active", members=(), granted_on=None, activity=()):
    ensure_countries()
    org = Organisation.objects.create(name=name or f"Organisation {next(_seq)}",
                                      country=Country.objects.get(iso2=country) if country else None,
                                      profile_state=Organisation.ProfileState.APPROVED)
    for code in activity:
        org.countries_of_activity.add(Country.objects.get(iso2=code))
    if status in ("active", "suspended"):
        on = granted_on or timezone.localdate() - datetime.timedelta(days=365)
        organisation_change_status(organisation=org, transition="grant", by=None, on=on, reason="test",
                                   category="special", check_permission=False)
        if status == "suspended":
            organisation_change_status(organisation=org, transition="suspend", by=None, on=timezone.localdate(),
                                       reason="overdue report", check_permission=False)
    for user in members:
        OrganisationMembership.objects.get_or_create(organisation=org, user=user, defaults={"is_focal_point": True})
    org.refresh_from_db()
    return org


def meeting(*, starts_in_days=30, days=3, title=None, venue="New York") -> Meeting:
    kind, _ = MeetingKind.objects.get_or_create(code="tf-test", defaults={"name": "Test meeting"})
    body, _ = Body.objects.get_or_create(code="tf-test-body", defaults={"name": "ECOSOC (test)",
                                                                        "kind": Body.Kind.ECOSOC})
    start = timezone.localdate() + datetime.timedelta(days=starts_in_days)
    now = timezone.now()
    return Meeting.objects.create(kind=kind, body=body, title=title or f"Meeting {next(_seq)}", starts_on=start,
                                  ends_on=start + datetime.timedelta(days=days - 1), venue=venue,
                                  registration_opens_at=now - datetime.timedelta(days=60),
                                  registration_closes_at=now + datetime.timedelta(days=max(starts_in_days, 1)))


def nominee(org, mtg, *, first="Amina", last=None, gender="female", registered=True, user=None) -> Designation:
    rep = Representative.objects.create(organisation=org, first_name=first, last_name=last or f"N{next(_seq)}",
                                        gender=gender, user=user)
    year = mtg.starts_on.year
    d = Designation.objects.create(organisation=org, representative=rep, year=year,
                                   role=Designation.Role.ADDITIONAL, valid_until=datetime.date(year, 12, 31))
    if registered:
        Registration.objects.create(meeting=mtg, organisation=org, representative=rep, designation=d,
                                    state=Registration.State.CONFIRMED)
    return d


def register(d: Designation, mtg) -> Registration:
    return Registration.objects.create(meeting=mtg, organisation=d.organisation, representative=d.representative,
                                       designation=d, state=Registration.State.CONFIRMED)


def call(mtg, *, fund=None, ceiling=Decimal("100000"), dsa=Decimal("300"), opens_days_ago=5, closes_in=10):
    today = timezone.localdate()
    return GrantCall.objects.create(
        fund=fund or participation_fund(), meeting=mtg, title=f"Travel grants: {mtg.title}",
        opens_on=today - datetime.timedelta(days=opens_days_ago), closes_on=today + datetime.timedelta(days=closes_in),
        budget_ceiling_usd=ceiling, venue_city=mtg.venue, dsa_rate_usd=dsa)


def donor(name="Kingdom of Norway", kind=Donor.Kind.MEMBER_STATE, users=()):
    d, _ = Donor.objects.get_or_create(name=name, defaults={"kind": kind})
    for u in users:
        d.users.add(u)
    return d


def fund_money(fund, amount, *, by, donor_name="Kingdom of Norway", on=None, currency="USD", rate="1"):
    return services.contribution_record(donor=donor(donor_name), fund=fund, amount=Decimal(amount),
                                        currency=currency, rate_to_usd=Decimal(rate),
                                        received_on=on or timezone.localdate(), by=by)


def apply(grant_call, designation, *, by, fare="900", days=3, terminal="100", on=None):
    ensure_countries()
    ke = Country.objects.get(iso2="KE")
    return services.application_submit(
        call=grant_call, organisation=designation.organisation, designation=designation, origin_city="Nairobi",
        origin_country=ke, fare_usd=Decimal(fare), days=days, terminal_usd=Decimal(terminal),
        justification="We lead the regional network on maternal health.",
        passport_name=f"{designation.representative.first_name.upper()} {designation.representative.last_name.upper()}",
        nationality=ke, by=by, on=on)


def ngo_user(org=None, username=None):
    user = UserFactory(username=username or f"ngo{next(_seq)}", role=Role.NGO)
    if org is not None:
        OrganisationMembership.objects.get_or_create(organisation=org, user=user)
    return user
