"""Demo data: the Partnerships Office, country teams in ten countries (with
Botswana's advisory committee), engagement entries, inquiries in every
state and the reform tracker. Idempotent."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model

from accreditation.models import EntityKind, Organisation, OrganisationMembership
from portal.demo import demo_user
from portal.i18n import load_translations
from portal.models import Country

from . import services
from .models import (
    AdvisoryCommittee,
    Agency,
    CommitteeMeeting,
    CommitteeMember,
    CountryTeam,
    Engagement,
    Inquiry,
    Measure,
    Proposal,
    RosterEntry,
    RoutingRule,
    Unit,
)
from .reference import AGENCIES, MEASURE_EVIDENCE, MEASURES, PROPOSALS, ROUTING_RULES, UNITS
from .search import rebuild_index

TEAMS = [
    ("BW", "Mandisa Kgosi", ("undp", "unicef", "unaids", "who")),
    ("KE", "Peter Otieno", ("undp", "unicef", "unhcr", "wfp", "who")),
    ("TZ", "Asha Mwinyi", ("undp", "unicef", "fao", "ilo")),
    ("GH", "Kwame Mensah", ("undp", "unfpa", "who")),
    ("BR", "Ana Ribeiro", ("undp", "unicef", "unesco")),
    ("PE", "Lucía Quispe", ("undp", "fao", "unfpa")),
    ("IN", "Meera Iyer", ("undp", "unicef", "who", "ilo")),
    ("BD", "Farhana Rahman", ("undp", "unicef", "wfp")),
    ("PH", "Jose Santos", ("undp", "unhcr", "unicef")),
    ("UA", "Olena Kovalenko", ("undp", "unhcr", "who")),
]

NATIONAL_NGOS = [
    ("BW", "Botswana Council of Non-Governmental Organisations", "BOCONGO", EntityKind.NGO),
    ("BW", "Botswana Network on Ethics, Law and HIV/AIDS", "BONELA", EntityKind.NGO),
    ("BW", "Kagisano Women's Shelter Project", "KWSP", EntityKind.NGO),
    ("BW", "Gaborone City Council", "", EntityKind.LOCAL_AUTHORITY),
    ("BW", "Botswana Association of Local Authorities", "BALA", EntityKind.LOCAL_AUTHORITY_ASSOCIATION),
    ("KE", "Parliamentary Network on Population and Development", "PNPD", EntityKind.PARLIAMENT),
    ("PE", "Asociación Peruana de Mujeres Rurales", "APMR", EntityKind.NGO),
]


def _reference_data():
    for code, name, description in UNITS:
        Unit.objects.update_or_create(code=code, defaults={"name": name, "description": description,
                                                           "email": f"{code}@partnerships.example.org"})
    units = {u.code: u for u in Unit.objects.all()}
    secretariat = demo_user("secretariat")
    for unit in units.values():
        unit.staff.add(secretariat)
    known = set(RoutingRule.objects.values_list("position", flat=True))
    RoutingRule.objects.bulk_create([RoutingRule(position=p, topic=t, keyword=k, unit=units[u])
                                     for p, t, k, u in ROUTING_RULES if p not in known])
    for code, name, kind in AGENCIES:
        Agency.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})
    for number, title, paragraphs, position, status, unit, evidence in PROPOSALS:
        Proposal.objects.get_or_create(number=number, defaults={
            "title": title, "report_paragraphs": paragraphs, "sg_position": position, "status": status,
            "unit": units[unit], "evidence_url": evidence})
    proposals = {p.number: p for p in Proposal.objects.all()}
    for position, (code, title, paragraphs, numbers, status, unit) in enumerate(MEASURES):
        measure, created = Measure.objects.get_or_create(
            code=code, defaults={"title": title, "report_paragraphs": paragraphs, "status": status,
                                 "unit": units[unit], "position": position,
                                 "evidence_url": MEASURE_EVIDENCE.get(code, "")})
        if created:
            measure.proposals.set([proposals[n] for n in numbers])
    load_translations(apps, "partnerships")


def _teams():
    focal = demo_user("focalpoint")
    agencies = {a.code: a for a in Agency.objects.all()}
    teams = {}
    for iso2, rc, codes in TEAMS:
        team, _ = CountryTeam.objects.get_or_create(
            country=Country.objects.get(iso2=iso2),
            defaults={"resident_coordinator": rc, "focal_point": focal if iso2 in ("BW", "KE") else None})
        team.agencies.add(*[agencies[c] for c in codes])
        teams[iso2] = team
    return teams


def _roster(teams):
    for iso2, name, acronym, kind in NATIONAL_NGOS:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "country_id": iso2, "entity_kind": kind,
                                 "org_type": Organisation.Type.NATIONAL,
                                 "profile_state": Organisation.ProfileState.APPROVED})
        org.countries_of_activity.add(iso2)
        if kind == EntityKind.NGO:
            RosterEntry.objects.get_or_create(team=teams[iso2], organisation=org)
    # Organisations of the accreditation demo headquartered in a team's country join its roster.
    for org in Organisation.objects.filter(country_id__in=teams, entity_kind=EntityKind.NGO,
                                           org_type__in=["national", "regional"])[:40]:
        RosterEntry.objects.get_or_create(team=teams[org.country_id], organisation=org)


def _engagements(teams):
    today = datetime.date.today()
    entries = [
        ("BW", "seminar", "Seminar on working with the UN country team", 120,
         "Twenty-four NGOs agreed to meet the country team each quarter."),
        ("BW", "prsp", "Consultation on the national poverty-reduction strategy", 75,
         "NGO comments on rural employment were sent to the Ministry of Finance."),
        ("BW", "mdg", "Consultation on the national development-goals report", 40,
         "Civil society drafted the chapter on HIV/AIDS."),
        ("KE", "briefing", "Briefing on accreditation to ECOSOC", 30, "Eleven NGOs will apply before 1 June."),
        ("KE", "mdg", "Development-goals report: civil society hearing", 15, "A shadow report is in preparation."),
        ("TZ", "seminar", "Seminar on the national NGO database", 60, "The country database opens to NGOs."),
        ("PE", "prsp", "Consulta sobre la estrategia de reducción de la pobreza", 50,
         "Rural women's organisations join the monitoring committee."),
        ("IN", "briefing", "Briefing on the trust fund for developing-country NGOs", 20,
         "Four NGOs will apply for travel grants."),
    ]
    for iso2, kind, title, days_ago, outcomes in entries:
        team = teams[iso2]
        engagement, created = Engagement.objects.get_or_create(
            team=team, title=title,
            defaults={"kind": kind, "held_on": today - datetime.timedelta(days=days_ago), "outcomes": outcomes,
                      "location": team.country.name, "participant_count": 35,
                      "other_participants": "UNDP\nUNICEF\nMinistry of Local Government",
                      "recorded_by": team.focal_point})
        if created:
            engagement.organisations.set(Organisation.objects.filter(roster_entries__team=team)[:4])
    local = Organisation.objects.filter(entity_kind=EntityKind.LOCAL_AUTHORITY, country_id="BW").first()
    first = Engagement.objects.filter(team=teams["BW"]).order_by("held_on").first()
    if local and first:
        first.organisations.add(local)


def _committee(teams):
    team = teams["BW"]
    committee, _ = AdvisoryCommittee.objects.get_or_create(
        team=team, defaults={"name": "Botswana National NGO Advisory Committee",
                             "established_on": datetime.date(2003, 9, 1),
                             "mandate": "Advises the UN country team on its strategies and their implementation."})
    members = [("Dr Lesego Moeng", "academia", "University of Botswana"), ("Neo Dintwe", "ngo", "BOCONGO"),
               ("Kabo Sebele", "media", "Mmegi"), ("Cllr Thato Ramotswa", "local_authority", "Gaborone City Council"),
               ("Boitumelo Kesupile", "ngo", "BONELA")]
    for name, sector, affiliation in members:
        CommitteeMember.objects.get_or_create(
            committee=committee, name=name,
            defaults={"sector": sector, "affiliation": affiliation, "term_starts_on": datetime.date(2025, 1, 1),
                      "term_ends_on": datetime.date(2027, 12, 31),
                      "organisation": Organisation.objects.filter(acronym=affiliation).first()})
    CommitteeMember.objects.get_or_create(
        committee=committee, name="Mpho Tlhalerwa",
        defaults={"sector": "ngo", "affiliation": "Kagisano", "term_starts_on": datetime.date(2003, 9, 1),
                  "term_ends_on": datetime.date(2006, 8, 31)})
    for held_on, title, minutes, recs in [
        (datetime.date(2026, 3, 12), "First quarterly meeting 2026", "The committee reviewed the UNDAF mid-term "
         "review and heard the country team on HIV/AIDS programmes.",
         "Publish the UNDAF review in Setswana\nInvite district councils to the next review"),
        (datetime.date(2026, 6, 18), "Second quarterly meeting 2026", "Discussion of the national report on the "
         "development goals.", "Add a civil-society chapter to the national report"),
    ]:
        CommitteeMeeting.objects.get_or_create(committee=committee, title=title,
                                               defaults={"held_on": held_on, "minutes": minutes,
                                                         "recommendations": recs})


def _inquiries():
    User = get_user_model()
    ngo = User.objects.filter(username="ngo").first()
    staff = User.objects.filter(username="secretariat").first()
    membership = OrganisationMembership.objects.filter(user=ngo).select_related("organisation").first()
    if membership is None or staff is None:
        return 0
    org = membership.organisation
    plan = [
        ("accreditation", "When will our application be considered?", []),
        ("meetings", "How many representatives may we register for CSW?", ["take"]),
        ("quadrennial", "Our quadrennial report covers which years?", [("ask", staff, "Which year was your "
                                                                         "status granted?")]),
        ("information", "Where can we find the calendar of hearings?", [("answer", staff, "The calendar is on the "
                                                                         "participation page.")]),
        ("policy", "How can NGOs comment on the code of conduct?", [("answer", staff, "Write to the NGO Policy "
                                                                    "Unit; comments close in March."),
                                                                    ("close", None, "")]),
    ]
    made = 0
    for topic, subject, steps in plan:
        if Inquiry.objects.filter(organisation=org, subject=subject).exists():
            continue
        inquiry = services.inquiry_submit(organisation=org, by=ngo, topic=topic, subject=subject,
                                          message=f"{subject} Thank you.")
        for step in steps:
            name, by, text = (step, staff, "") if isinstance(step, str) else step
            inquiry = services.inquiry_transition(inquiry=inquiry, by=by or ngo, transition=name, text=text)
        made += 1
    return made


def seed_demo(stdout):
    _reference_data()
    teams = _teams()
    _roster(teams)
    _engagements(teams)
    _committee(teams)
    made = _inquiries()
    indexed = rebuild_index()
    stdout.write(f"  partnerships: {len(teams)} country teams, {Proposal.objects.count()} proposals, "
                 f"{made} new inquiries, {indexed} organisations in the directory index")
