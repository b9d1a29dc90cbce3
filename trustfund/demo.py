"""Demo data: both funds, a dozen donors with pledges and payments, two calls
(one past, one open) with applications in every state, board reviews,
awards, disbursements and country initiatives. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accreditation.models import Body, Organisation, OrganisationMembership
from accreditation.status import organisation_change_status
from participation.models import Designation, Meeting, MeetingKind, Registration, Representative
from portal.demo import demo_user
from portal.models import Country

from . import services
from .models import Donor, Fund, GrantApplication, GrantCall

FUNDS = [
    {"code": "participation", "name": "Trust fund for the participation of developing-country NGOs",
     "kind": Fund.Kind.PARTICIPATION, "mandate": "A/59/354 ¶22 (proposal 27)",
     "managed_by": "United Nations Secretariat (NGO Branch)", "guided_by": "Board of trustees"},
    {"code": "country-capacity", "name": "Fund for country-level civil-society capacity",
     "kind": Fund.Kind.CAPACITY, "mandate": "A/59/354 ¶47", "managed_by": "UNDP", "guided_by": "UNDG working group"},
]

# name, kind, country, pledge (USD), [(amount, currency, rate)]
DONORS = [
    ("Kingdom of Norway", Donor.Kind.MEMBER_STATE, "NO", 150000, [(1000000, "NOK", "0.0931")]),
    ("Kingdom of Sweden", Donor.Kind.MEMBER_STATE, "SE", 100000, [(500000, "SEK", "0.0948")]),
    ("Japan", Donor.Kind.MEMBER_STATE, "JP", 120000, [(9000000, "JPY", "0.0067")]),
    ("Federal Republic of Germany", Donor.Kind.MEMBER_STATE, "DE", 90000, [(50000, "EUR", "1.08")]),
    ("Canada", Donor.Kind.MEMBER_STATE, "CA", 60000, [(40000, "CAD", "0.73")]),
    ("Republic of Korea", Donor.Kind.MEMBER_STATE, "KR", 50000, [(25000, "USD", "1")]),
    ("Kingdom of the Netherlands", Donor.Kind.MEMBER_STATE, "NL", 40000, [(20000, "EUR", "1.09")]),
    ("Republic of Botswana", Donor.Kind.MEMBER_STATE, "BW", 10000, [(5000, "USD", "1")]),
    ("Ford Foundation", Donor.Kind.FOUNDATION, None, 80000, [(40000, "USD", "1")]),
    ("Open Society Foundations", Donor.Kind.FOUNDATION, None, 50000, [(30000, "USD", "1")]),
    ("United Nations Foundation", Donor.Kind.FOUNDATION, None, 30000, []),
    ("Private donors (pooled)", Donor.Kind.OTHER, None, 0, [(3500, "USD", "1")]),
]

ORGS = [
    ("Nairobi Youth Climate Forum", "KE", "Nairobi"), ("Lagos Women Lawyers Collective", "NG", "Lagos"),
    ("Dhaka Garment Workers Voice", "BD", "Dhaka"), ("Andean Indigenous Water Council", "BO", "La Paz"),
    ("Kathmandu Disability Rights Centre", "NP", "Kathmandu"), ("Pacific Islands Ocean Network", "FJ", "Suva"),
    ("Accra Health Advocacy Group", "GH", "Accra"), ("Hanoi Rural Women Association", "VN", "Hanoi"),
]

PEOPLE = [("Achieng", "Otieno", "female"), ("Ngozi", "Adeyemi", "female"), ("Rahim", "Uddin", "male"),
          ("Lucía", "Mamani", "female"), ("Sita", "Gurung", "female"), ("Jone", "Rabuka", "male"),
          ("Kwame", "Mensah", "male"), ("Thi Lan", "Nguyen", "female"), ("Wanjiku", "Kamau", "female"),
          ("Chinedu", "Okafor", "male"), ("Farhana", "Akter", "female"), ("Mateo", "Quispe", "male")]

PAST_TITLE = "Commission on the Status of Women — demo session"
OPEN_TITLE = "General Assembly hearing with NGOs — demo"


def _meeting(title, start, days, venue):
    kind = MeetingKind.objects.order_by("id").first() or MeetingKind.objects.create(code="demo", name="Meeting")
    body = Body.objects.order_by("id").first() or Body.objects.create(code="ecosoc", name="ECOSOC",
                                                                        kind=Body.Kind.ECOSOC)
    now = timezone.now()
    m, _ = Meeting.objects.get_or_create(title=title, defaults={
        "kind": kind, "body": body, "starts_on": start, "ends_on": start + datetime.timedelta(days=days - 1),
        "venue": venue, "registration_opens_at": now - datetime.timedelta(days=120),
        "registration_closes_at": now + datetime.timedelta(days=60)})
    return m


def _org(name, iso2, city, secretariat, today):
    org, created = Organisation.objects.get_or_create(name=name, defaults={
        "country": Country.objects.get(iso2=iso2), "hq_city": city, "hq_address": f"{city} (demo)",
        "profile_state": Organisation.ProfileState.APPROVED})
    if org.status_state == "none":
        organisation_change_status(organisation=org, transition="grant", by=secretariat,
                                   on=today - datetime.timedelta(days=400), reason="Demo data",
                                   category="special", check_permission=False)
        org.refresh_from_db()
    return org


def _nominee(org, person, meeting):
    first, last, gender = person
    rep, _ = Representative.objects.get_or_create(organisation=org, first_name=first, last_name=last,
                                                  defaults={"gender": gender})
    year = meeting.starts_on.year
    d = Designation.objects.filter(representative=rep, year=year, revoked_at__isnull=True).first()
    if d is None:
        d = Designation.objects.create(organisation=org, representative=rep, year=year,
                                       role=Designation.Role.ADDITIONAL, valid_until=datetime.date(year, 12, 31))
    Registration.objects.get_or_create(meeting=meeting, representative=rep, defaults={
        "organisation": org, "designation": d, "state": Registration.State.CONFIRMED})
    return d


def _apply(call, org, d, ngo, on, fare):
    return services.application_submit(
        call=call, organisation=org, designation=d, origin_city=org.hq_city, origin_country=org.country,
        fare_usd=Decimal(fare), days=(call.meeting.ends_on - call.meeting.starts_on).days + 1,
        terminal_usd=Decimal("120"), justification="Our members work on the meeting's theme; we report back to "
        "the national network.", passport_name=f"{d.representative.last_name.upper()} {d.representative.first_name}",
        nationality=org.country, by=ngo, on=on)


def seed_demo(stdout):
    today = timezone.localdate()
    secretariat, board, donor_user, ngo = (demo_user(u) for u in ("secretariat", "board", "donor", "ngo"))
    funds = {}
    for spec in FUNDS:
        fund, _ = Fund.objects.get_or_create(code=spec["code"], defaults=spec)
        funds[fund.kind] = fund
    funds[Fund.Kind.CAPACITY].working_group.add(board)

    with transaction.atomic():
        for i, (name, kind, iso2, pledge, payments) in enumerate(DONORS):
            donor, _ = Donor.objects.get_or_create(name=name, defaults={
                "kind": kind, "country": Country.objects.filter(iso2=iso2).first() if iso2 else None})
            if donor.contributions.exists() or donor.pledges.exists():
                continue
            fund = funds[Fund.Kind.CAPACITY] if i in (3, 7) else funds[Fund.Kind.PARTICIPATION]
            p = None
            if pledge:
                p = services.pledge_record(donor=donor, fund=fund, amount_usd=pledge,
                                           pledged_on=datetime.date(today.year - 1, 3, 1 + i), by=secretariat)
            for j, (amount, currency, rate) in enumerate(payments):
                services.contribution_record(donor=donor, fund=fund, pledge=p, amount=Decimal(amount),
                                             currency=currency, rate_to_usd=Decimal(rate), by=secretariat,
                                             received_on=datetime.date(today.year - j, 2, 1 + i))
    Donor.objects.get(name="Kingdom of Norway").users.add(donor_user)

    orgs = [_org(n, c, city, secretariat, today) for n, c, city in ORGS]
    OrganisationMembership.objects.get_or_create(organisation=orgs[0], user=ngo, defaults={"is_focal_point": True})
    for org in orgs[1:]:
        OrganisationMembership.objects.get_or_create(organisation=org, user=ngo, defaults={"is_focal_point": False})

    past = _meeting(PAST_TITLE, today - datetime.timedelta(days=40), 5, "New York")
    upcoming = _meeting(OPEN_TITLE, today + datetime.timedelta(days=45), 2, "New York")
    fund = funds[Fund.Kind.PARTICIPATION]

    if not GrantCall.objects.filter(meeting=past).exists():
        with transaction.atomic():
            call = services.call_create(
                fund=fund, meeting=past, title="Travel grants — CSW demo session", by=secretariat,
                opens_on=past.starts_on - datetime.timedelta(days=90),
                closes_on=past.starts_on - datetime.timedelta(days=30), budget_ceiling_usd=Decimal("60000"),
                venue_city="New York", dsa_rate_usd=Decimal("364"))
            apps = []
            for k, org in enumerate(orgs):
                d = _nominee(org, PEOPLE[k], past)
                apps.append(_apply(call, org, d, ngo, call.opens_on + datetime.timedelta(days=k), 900 + 75 * k))
            for a in apps:
                services.application_review(application=a, by=board, score=4, recommendation="full")
            # six funded and travelled; five filed their evaluation, one has not
            for a in apps[:6]:
                services.application_award(application=a, by=secretariat, on=call.closes_on)
                services.application_disburse(application=a, by=secretariat, purpose="ticket",
                                              amount_usd=a.fare_usd, on=call.closes_on)
                services.application_disburse(application=a, by=secretariat, purpose="allowance",
                                              amount_usd=a.allowance_usd, on=past.starts_on)
                services.application_confirm_attendance(application=a, by=secretariat, on=past.ends_on)
            for a in apps[:5]:
                services.application_file_evaluation(
                    application=a, by=ngo, text="The hearing gave our network a voice; we met our delegation.")
            services.application_award(application=apps[6], by=secretariat, on=call.closes_on)
            services.application_decline(application=apps[6], by=ngo, reason="Visa not issued in time")
            services.application_reject(application=apps[7], by=secretariat, reason="Budget ceiling reached")

    if not GrantCall.objects.filter(meeting=upcoming).exists():
        with transaction.atomic():
            call = services.call_create(
                fund=fund, meeting=upcoming, title="Travel grants — GA hearing demo", by=secretariat,
                opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=20),
                budget_ceiling_usd=Decimal("40000"), venue_city="New York", dsa_rate_usd=Decimal("364"))
            apps = []
            for k, org in enumerate(orgs[:6]):
                d = _nominee(org, PEOPLE[(k + 6) % len(PEOPLE)], upcoming)
                apps.append(_apply(call, org, d, ngo, today, 1000 + 50 * k))
            services.application_review(application=apps[0], by=board, score=5, recommendation="full")
            services.application_review(application=apps[1], by=board, score=3, recommendation="partial",
                                        recommended_usd=Decimal("1000"))
            services.application_award(application=apps[0], by=secretariat)
            services.application_disburse(application=apps[0], by=secretariat, purpose="ticket",
                                          amount_usd=apps[0].fare_usd)
            services.application_award(application=apps[1], by=secretariat, amount_usd=Decimal("1000"))
            services.application_award(application=apps[2], by=secretariat)
            services.application_cancel(application=apps[2], by=secretariat, reason="Meeting programme changed")
            services.application_waitlist(application=apps[3], by=secretariat)
            services.application_withdraw(application=apps[4], by=ngo)
            # apps[5] stays submitted, awaiting the board

    capacity = funds[Fund.Kind.CAPACITY]
    if not capacity.initiatives.exists():
        focal = demo_user("focalpoint")
        with transaction.atomic():
            specs = [("BW", "UN country team Botswana", "National NGO advisory committee: first year", "25000"),
                     ("KE", "UN country team Kenya", "County-level civil society dialogues", "30000"),
                     ("NP", "UN country team Nepal", "Disability-inclusive consultations", "15000"),
                     ("GH", "UN country team Ghana", "Civil-society database pilot", "20000")]
            made = [services.initiative_propose(fund=capacity, country=Country.objects.get(iso2=c), country_team=t,
                                                title=title, description="Seed money for an innovative initiative "
                                                "with civil society (A/59/354 ¶47).", requested_usd=Decimal(a),
                                                by=focal) for c, t, title, a in specs]
            services.initiative_approve(initiative=made[0], by=board)
            services.initiative_pay(initiative=made[0], by=secretariat)
            services.initiative_approve(initiative=made[1], by=board, amount_usd=Decimal("20000"))
            services.initiative_reject(initiative=made[3], by=board, reason="Duplicates an existing project")
    stdout.write(f"  trustfund: {Fund.objects.count()} funds, {Donor.objects.count()} donors, "
                 f"{GrantCall.objects.count()} calls, {GrantApplication.objects.count()} applications")
