"""Demo data for participation (idempotent): the June 2005 high-level
meeting on HIV/AIDS and its hearing, an annual GA hearing, an Arria-formula
meeting and a commission session, with registrations in every state."""

import datetime

from django.utils import timezone

from accreditation.models import (
    AreaOfExpertise,
    Body,
    EntityKind,
    Network,
    Organisation,
    OrganisationMembership,
    StatusState,
)
from accreditation.status import organisation_change_status
from portal.demo import demo_user
from portal.models import Country

from . import services
from .models import Consultation, Designation, Meeting, MeetingKind, Registration, SpeakingRequest, Statement

ORGS = [
    # name, acronym, country, entity kind, category, gender of representatives
    ("Global Health Action Alliance", "GHAA", "BR", EntityKind.NGO, "general"),
    ("Pacific Women's Forum", "PWF", "FJ", EntityKind.NGO, "special"),
    ("Arab Network for Health and Development", "ANHD", "JO", EntityKind.NGO, "special"),
    ("Asian Youth Network on HIV", "AYNH", "TH", EntityKind.NGO, "roster"),
    ("Inter-Parliamentary Forum on Health", "IPFH", "CH", EntityKind.PARLIAMENT, ""),
    ("United Cities for Health", "UCH", "ZA", EntityKind.LOCAL_AUTHORITY_ASSOCIATION, ""),
]

PEOPLE = [("Ana", "Souza", "female"), ("Mele", "Tupou", "female"), ("Omar", "Khalil", "male"),
          ("Somchai", "Prasert", "male"), ("Elena", "Rossi", "female"), ("Thabo", "Nkosi", "male"),
          ("Grace", "Otieno", "female"), ("Yusuf", "Haddad", "male")]


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _orgs(secretariat):
    hiv = AreaOfExpertise.objects.filter(code="hiv-aids").first()
    network, _ = Network.objects.get_or_create(name="Global Network of People Living with HIV",
                                               defaults={"acronym": "GNP+"})
    orgs = []
    for name, acronym, iso2, kind, category in ORGS:
        org, _ = Organisation.objects.get_or_create(name=name, defaults={
            "acronym": acronym, "country": Country.objects.get(iso2=iso2), "entity_kind": kind,
            "profile_state": Organisation.ProfileState.APPROVED, "hq_city": "", "scope": Organisation.Scope.REGIONAL})
        if category and org.status_state == StatusState.NONE:
            organisation_change_status(organisation=org, transition="grant", by=secretariat,
                                       on=datetime.date(2004, 7, 21), reason="Demo data", category=category,
                                       check_permission=False)
            org.refresh_from_db()
        if hiv:
            org.areas.add(hiv)
        org.networks.add(network)
        orgs.append(org)
    return orgs, network


def _designate(org, year, by, people, today):
    out = []
    roles = [Designation.Role.MAIN, Designation.Role.ADDITIONAL]
    for (first, last, gender), role in zip(people, roles, strict=False):
        existing = Designation.objects.filter(organisation=org, year=year, representative__first_name=first,
                                              representative__last_name=last, revoked_at__isnull=True).first()
        if existing is None:
            rep = org.representatives.filter(first_name=first, last_name=last).first()
            existing = services.designation_create(
                by=by, organisation=org, year=year, role=role, first_name=first, last_name=last, gender=gender,
                representative=rep, today=today)
        out.append(existing)
    return out


def seed_demo(stdout):
    secretariat = demo_user("secretariat")
    ngo_user = demo_user("ngo")
    orgs, network = _orgs(secretariat)
    ghaa, pwf, anhd, aynh, ipfh, uch = orgs
    kinds = {k.code: k for k in MeetingKind.objects.all()}
    bodies = {b.code: b for b in Body.objects.all()}
    today = timezone.localdate()
    hiv = AreaOfExpertise.objects.filter(code="hiv-aids").first()

    def meeting(title, **fields):
        m, created = Meeting.objects.get_or_create(title=title, defaults=fields)
        if created and hiv:
            m.areas.add(hiv)
        return m, created

    hlm, _ = meeting(
        "High-level meeting on HIV/AIDS (2 June 2005)", kind=kinds["conference"], body=bodies["ga"],
        starts_on=datetime.date(2005, 6, 2), ends_on=datetime.date(2005, 6, 2), venue="General Assembly Hall, New York",
        registration_opens_at=_aware(datetime.date(2005, 3, 1)), registration_closes_at=_aware(datetime.date(2005, 5, 20)),
        per_organisation_cap=2, capacity=500)
    hearing, hearing_new = meeting(
        "Informal interactive hearing with civil society on HIV/AIDS", kind=kinds["ga-hearing"], body=bodies["ga"],
        related_meeting=hlm, starts_on=datetime.date(2005, 6, 1), ends_on=datetime.date(2005, 6, 1),
        venue="Trusteeship Council Chamber, New York", registration_opens_at=_aware(datetime.date(2005, 3, 1)),
        registration_closes_at=_aware(datetime.date(2005, 5, 20)), per_organisation_cap=2, capacity=5,
        participants=[], description="The pilot hearing before the 2005 high-level meeting (A/59/354, ¶10).")
    annual_start = today + datetime.timedelta(days=45)
    annual, annual_new = meeting(
        f"Annual informal interactive hearing with NGOs ({annual_start.year})", kind=kinds["ga-annual-hearing"],
        body=bodies["ga"], starts_on=annual_start, ends_on=annual_start + datetime.timedelta(days=1),
        venue="Trusteeship Council Chamber, New York", registration_opens_at=_aware(today - datetime.timedelta(days=10)),
        registration_closes_at=_aware(today + datetime.timedelta(days=30)), per_organisation_cap=2, capacity=300,
        agenda="1. Financing for development\n2. Implementation of the Millennium Declaration\n3. Partnerships",
        agenda_agreed_with="The President of the General Assembly, the Bureau and NGO representatives")
    arria, arria_new = meeting(
        "Arria-formula meeting on women, peace and security", kind=kinds["sc-arria"], body=bodies["security-council"],
        starts_on=today + datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=20),
        venue="ECOSOC Chamber, New York", registration_opens_at=_aware(today - datetime.timedelta(days=5)),
        registration_closes_at=_aware(today + datetime.timedelta(days=15)), per_organisation_cap=1, capacity=30,
        invitation_only=True, keeps_records=False, convener="Permanent Mission of Canada")
    csw_start = today + datetime.timedelta(days=30)
    csw, csw_new = meeting(
        f"Commission on the Status of Women, session {csw_start.year}", kind=kinds["commission-session"],
        body=bodies["csw"], starts_on=csw_start, ends_on=csw_start + datetime.timedelta(days=9),
        venue="United Nations Headquarters, New York", registration_opens_at=_aware(today - datetime.timedelta(days=20)),
        registration_closes_at=_aware(today + datetime.timedelta(days=20)), per_organisation_cap=20, capacity=2000)

    # Designations: 2005 (for the historic hearing) and this year.
    past = {}
    for i, org in enumerate(orgs):
        past[org.pk] = _designate(org, 2005, secretariat, PEOPLE[i:i + 2], today=datetime.date(2005, 1, 10))
        for year in sorted({today.year, annual_start.year}):
            _designate(org, year, secretariat, PEOPLE[i:i + 2], today=today)

    if hearing_new:
        when = _aware(datetime.date(2005, 4, 1))

        def reg(designation, by=None):
            by = by or _member(designation.organisation)  # the focal point registers: approved at once
            return services.registration_create(by=by, meeting=hearing, designation=designation, now=when)

        services.registration_confirm(by=secretariat, registration=reg(past[ghaa.pk][0]))  # confirmed
        reg(past[ghaa.pk][1], by=secretariat)  # requested: awaiting focal-point approval
        reg(past[pwf.pk][0])  # approved: awaiting secretariat confirmation
        services.registration_refuse(by=secretariat, registration=reg(past[anhd.pk][0]),
                                     reason="Not designated for this hearing")  # refused
        services.registration_withdraw(by=_member(ipfh), registration=reg(past[ipfh.pk][0]),
                                       reason="Travel cancelled")  # withdrawn
        for d in (past[uch.pk][0], past[aynh.pk][0], past[pwf.pk][1], past[uch.pk][1]):
            reg(d)  # fills the five places, then the waiting list

    if annual_new:
        main = Designation.objects.filter(organisation=ghaa, year=annual_start.year, revoked_at__isnull=True).first()
        services.registration_create(by=secretariat, meeting=annual, designation=main)
        for org, topic in ((ghaa, "Financing the HIV response"), (ipfh, "Parliaments and the Millennium Goals")):
            rep = org.representatives.first()
            services.speaking_request_create(by=_member(org), meeting=annual, organisation=org, speaker=rep,
                                             topic=topic, network=network)
        services.speakers_list_arrange(by=secretariat, meeting=annual, entries=[
            {"id": r.pk, "position": i + 1, "minutes": 3}
            for i, r in enumerate(SpeakingRequest.objects.filter(meeting=annual).order_by("id"))])
        services.speakers_list_publish(by=secretariat, meeting=annual)

    if arria_new:
        services.invitation_create(by=secretariat, meeting=arria, organisation=pwf)
        st = services.statement_submit(by=_member(pwf), meeting=arria, organisation=pwf,
                                       title="Women's participation in peace processes in the Pacific",
                                       text="Women peacebuilders in the Pacific ask the Council to hear them.")
        services.statement_accept(by=secretariat, statement=st)

    if csw_new:
        st = services.statement_submit(by=_member(ghaa), meeting=csw, organisation=ghaa,
                                       title="Women, girls and HIV: a call for integrated services",
                                       text="Integrated HIV and sexual and reproductive health services save lives.")
        services.statement_accept(by=secretariat, statement=st)
        services.statement_submit(by=_member(pwf), meeting=csw, organisation=pwf, cosponsors=[anhd],
                                  title="Joint statement on gender-based violence",
                                  text="Our organisations call for data on violence against women in every region.")

    if not Consultation.objects.filter(title="Global Internet assembly: priorities for the next GA session").exists():
        services.consultation_create(
            by=secretariat, title="Global Internet assembly: priorities for the next GA session",
            question="Which issue should the annual hearing with NGOs address first?", kind=Consultation.Kind.POLL,
            opens_at=timezone.now() - datetime.timedelta(days=1), closes_at=timezone.now() + datetime.timedelta(days=30),
            open_to_public=True, options=["Financing for development", "HIV/AIDS", "Climate change"])

    # The demo NGO user is also focal point of a demo organisation in status, so the participation
    # pages show something whatever the accreditation demo does with its own record.
    OrganisationMembership.objects.get_or_create(organisation=ghaa, user=ngo_user, defaults={"is_focal_point": True})
    stdout.write(f"  participation: {Meeting.objects.count()} meetings, {Registration.objects.count()} registrations, "
                 f"{Statement.objects.count()} statements")


def _member(org):
    """A demo account for an organisation's focal point (made on first use)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"demo-{org.acronym.lower()}",
        defaults={"email": f"{org.acronym.lower()}@demo.ngo-portal.example.org", "role": "ngo",
                  "first_name": org.acronym, "last_name": "Focal point", "email_verified_at": timezone.now()})
    if created:
        user.set_unusable_password()
        user.save()
    OrganisationMembership.objects.get_or_create(organisation=org, user=user, defaults={"is_focal_point": True})
    return user
