"""Demo data for accreditation, idempotent. Everything goes through the
services, so the audit log and status history are real: about 60
organisations from every region, a dozen in status, applications in every
state, three committee sessions (one adopted, one published awaiting
adoption, one current with a published consolidated list)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.demo import demo_user
from portal.models import Country
from portal.roles import Role

from . import services
from .models import AreaOfExpertise, Body, Committee, Organisation, OrganisationMembership, Session
from .questionnaire import questions_for, required_documents
from .sessions import DEFAULT_DATES, session_get_or_create
from .status import organisation_change_status

# (name, acronym, country) — every region of the world.
ORGANISATIONS = [
    ("Association des Femmes Juristes du Bénin", "AFJB", "BJ"), ("Ghana Coalition on the Rights of the Child", "GCRC", "GH"),
    ("Réseau Ouest-Africain pour l'Édification de la Paix", "WANEP", "SN"), ("Uganda Land Alliance", "ULA", "UG"),
    ("Ethiopian Centre for Disability and Development", "ECDD", "ET"), ("Nigerian Youth Climate Coalition", "NYCC", "NG"),
    ("South African Institute for Water Justice", "SAIWJ", "ZA"), ("Malawi Health Equity Network", "MHEN", "MW"),
    ("Tunisian Forum for Economic and Social Rights", "FTDES", "TN"), ("Egyptian Initiative for Rural Development", "EIRD", "EG"),
    ("Moroccan Association for Migrants' Rights", "AMDM", "MA"), ("Botswana Network on Ethics, Law and HIV/AIDS", "BONELA", "BW"),
    ("Zambia Council for Social Development", "ZCSD", "ZM"), ("Tanzania Gender Networking Programme", "TGNP", "TZ"),
    ("Rwanda Women's Network", "RWN", "RW"), ("Centro de Estudios Legales y Sociales", "CELS", "AR"),
    ("Instituto Socioambiental", "ISA", "BR"), ("Red Mexicana de Acción frente al Libre Comercio", "RMALC", "MX"),
    ("Fundación Pachamama", "FP", "EC"), ("Corporación Humanas", "CH", "CL"),
    ("Asociación Pro Derechos Humanos del Perú", "APRODEH", "PE"), ("Caribbean Policy Development Centre", "CPDC", "BB"),
    ("Jamaicans for Justice", "JFJ", "JM"), ("Canadian Council for International Co-operation", "CCIC", "CA"),
    ("Americans for Global Health", "AGH", "US"), ("Colectivo de Abogados José Alvear Restrepo", "CAJAR", "CO"),
    ("Asociación de Mujeres de Guatemala", "AMG", "GT"), ("Bangladesh Rural Advancement Committee Alumni", "BRACA", "BD"),
    ("Indian Institute for Sustainable Cities", "IISC", "IN"), ("Pakistan Institute of Labour Education", "PILER", "PK"),
    ("Nepal Water Conservation Foundation", "NWCF", "NP"), ("Sri Lanka Women's Development Forum", "SLWDF", "LK"),
    ("Philippine Rural Reconstruction Movement", "PRRM", "PH"), ("Indonesian Forum for Environment", "WALHI", "ID"),
    ("Vietnam Union of Science and Technology Associations", "VUSTA", "VN"), ("Mongolian Women's Fund", "MONES", "MN"),
    ("Korea Center for United Nations Human Rights Policy", "KOCUN", "KR"), ("Japan Civil Society Forum on Ageing", "JCSFA", "JP"),
    ("Jordanian Hashemite Fund for Human Development", "JOHUD", "JO"), ("Lebanese Association for Democratic Elections", "LADE", "LB"),
    ("Kazakhstan International Bureau for Human Rights", "KIBHR", "KZ"), ("Arab NGO Network for Development", "ANND", "AE"),
    ("Fédération Internationale des Ligues Paysannes", "FILP", "FR"), ("Deutsche Stiftung Weltbevölkerung", "DSW", "DE"),
    ("Associazione per la Pace", "AP", "IT"), ("Fundación Triángulo", "FT", "ES"),
    ("Polish Humanitarian Action", "PAH", "PL"), ("Norwegian Refugee Aid Forum", "NRAF", "NO"),
    ("Irish Coalition for Global Justice", "ICGJ", "IE"), ("Swiss Forum for Migration Studies", "SFMS", "CH"),
    ("Ukrainian Helsinki Human Rights Union", "UHHRU", "UA"), ("Moscow Helsinki Group", "MHG", "RU"),
    ("Romanian Centre for Education and Human Development", "RCEHD", "RO"), ("Pacific Islands Association of NGOs", "PIANGO", "FJ"),
    ("Australian Council for International Development", "ACFID", "AU"), ("Council for International Development", "CID", "NZ"),
    ("Samoa Umbrella for Non-Governmental Organisations", "SUNGO", "WS"), ("Papua New Guinea Eco-Forestry Forum", "PNGEFF", "PG"),
    ("Vanuatu Association of NGOs", "VANGO", "VU"), ("Solomon Islands Development Trust", "SIDT", "SB"),
]
# The plan: what happens to each organisation (index into ORGANISATIONS).
IN_STATUS = {0: "general", 1: "special", 2: "special", 15: "special", 16: "special", 27: "special",
             28: "special", 42: "special", 43: "roster", 44: "roster", 53: "roster", 54: "special"}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n"


def _rep(i):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"ngo-rep-{i:02d}", defaults={"role": Role.NGO, "email": f"ngo-rep-{i:02d}@demo.ngo-portal.example.org",
                                               "first_name": "Representative", "last_name": f"{i:02d}",
                                               "email_verified_at": timezone.now()})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _org(i, officer):
    name, acronym, iso2 = ORGANISATIONS[i]
    rep = _rep(i)
    country = Country.objects.get(iso2=iso2)
    ngo_share = 35 if i % 17 == 5 else 70 + (i % 25)
    org = services.organisation_create(
        by=rep,
        fields={"name": name, "acronym": acronym, "country": country, "hq_city": "",
                "hq_address": f"{10 + i} Independence Avenue", "org_type": "national" if i % 3 else "regional",
                "registered_on": datetime.date(2005 + i % 15, 1 + i % 12, 10),
                "established_on": datetime.date(2000 + i % 15, 1 + i % 12, 10),
                "website": f"https://{acronym.lower()}.example.org", "email": f"info@{acronym.lower()}.example.org",
                "membership_size": 50 + i * 37},
        areas=list(AreaOfExpertise.objects.order_by("code")[i % 20: i % 20 + 2]),
        countries_of_activity=[country],
        funding_sources=[{"name": "Membership dues and donations", "kind": "non_governmental", "share": ngo_share},
                         {"name": "Government grants", "kind": "governmental", "share": 100 - ngo_share}],
    )
    services.organisation_approve(organisation=org, by=officer)
    return org, rep


def _application(org, rep, *, track="intergovernmental", category="special", received=None, submit=True,
                 checks=True):
    bodies = [Body.objects.get(code="ecosoc" if track == "intergovernmental" else "dpi")]
    if track == "intergovernmental" and org.pk % 2:
        bodies.append(Body.objects.get(code="csw"))
    app = services.application_create(by=rep, organisation=org, track=track, bodies=bodies,
                                      requested_category=category if track == "intergovernmental" else "")
    services.application_save_answers(application=app, by=rep, answers={
        q.code: f"{org.display_name}: {q.label} — a short demo answer." for q in questions_for(track)})
    for kind in required_documents(track):
        services.application_upload_document(application=app, by=rep, kind=kind,
                                             upload=SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf"))
    if services.requires_code_of_conduct(app):
        services.application_accept_code_of_conduct(application=app, by=rep)
    if submit:
        services.application_submit(application=app, by=rep, today=received)
        if checks:
            services.application_run_automatic_checks(application_id=app.pk)
    app.refresh_from_db()
    return app


def _prescreen(app, officer, recommendation):
    for criterion in app.criteria_set.criteria.all():
        if not app.criterion_results.filter(criterion=criterion).exists():
            services.application_record_criterion(application=app, by=officer, criterion=criterion, result="met",
                                                  note="Verified against the documents.")
    services.application_complete_prescreening(application=app, by=officer, recommendation=recommendation,
                                               reason="Meets the criteria; work relevant to the Council.")


def _publish_list(session, officer):
    clist = services.consolidated_list_build(session=session, by=officer)
    services.consolidated_list_publish(consolidated_list=clist, by=officer)
    return clist


def _evening(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=timezone.get_current_timezone())


def _session_chain(committee, today):
    """Three consecutive sessions: the last one that has ended (2), the one
    before it (1) and the next one, in progress or coming (3). Decisions are
    published only once a session has met, so the demo's published sessions
    are in the past whatever the day it runs."""
    keys = [(y, kind) for y in range(today.year - 2, today.year + 2) for kind in ("regular", "resumed")]

    def ends(key):
        existing = Session.objects.filter(committee=committee, year=key[0], kind=key[1]).first()
        return existing.ends_on if existing else datetime.date(key[0], *DEFAULT_DATES[key[1]][1])

    i = next(n for n, key in enumerate(keys) if ends(key) >= today)
    return [session_get_or_create(committee=committee, year=y, kind=k) for y, k in keys[i - 2:i + 1]]


def seed_demo(stdout):
    org, _ = Organisation.objects.get_or_create(
        name="Kenya Women's Health Network",
        defaults={"acronym": "KWHN", "country": Country.objects.get(iso2="KE"), "hq_city": "Nairobi",
                  "hq_address": "Ngong Road 42, Nairobi", "profile_state": Organisation.ProfileState.APPROVED},
    )
    OrganisationMembership.objects.get_or_create(
        organisation=org, user=demo_user("ngo"), defaults={"is_focal_point": True}
    )
    committee = Committee.objects.get(code="ngo-committee")
    committee.members.add(demo_user("committee"))
    if Organisation.objects.filter(name=ORGANISATIONS[0][0]).exists():
        stdout.write("  accreditation: demo organisations already present")
        return
    officer = demo_user("secretariat")
    member = demo_user("committee")
    today = timezone.localdate()
    orgs = [_org(i, officer) for i in range(len(ORGANISATIONS))]

    # A dozen organisations in status, granted years ago (history and audit rows exist).
    for i, category in IN_STATUS.items():
        o, _rep_ = orgs[i]
        organisation_change_status(organisation=o, transition="grant", by=officer, category=category,
                                   on=datetime.date(2008 + i % 12, 7, 20 + i % 8),
                                   reason=f"ECOSOC decision {2008 + i % 12}/2{i:02d}",
                                   bodies=[Body.objects.get(code="ecosoc")])
    free = [i for i in range(len(ORGANISATIONS)) if i not in IN_STATUS]
    take = iter(free).__next__

    s1, s2, s3 = _session_chain(committee, today)
    if s1.kind == "resumed":  # its applications arrive through the regular session before it, closed first
        before = session_get_or_create(committee=committee, year=s1.year, kind="regular")
        services.session_publish_decisions(session=before, by=officer, now=_evening(before.ends_on))

    # Session 1: decided, published at its end and adopted by ECOSOC in July.
    s1_apps = [_application(*orgs[take()], received=datetime.date(s1.year - 1, 3, 15), category=c)
               for c in ("special", "general", "special", "special", "roster", "special", "special", "special")]
    for app, rec in zip(s1_apps, ("special", "general", "not_recommended", "special", "roster", "special",
                                  "special", "special"), strict=True):
        _prescreen(app, officer, rec)
    _publish_list(s1, officer)
    plan = ["special", "general", "reject", "defer", "defer", "defer", "defer", "close"]
    for app, outcome in zip(s1_apps, plan, strict=True):
        reason = {"reject": "Activities outside the Council's competence.", "defer": "Clarify the funding sources.",
                  "close": "The organisation asked to be closed."}.get(outcome, "")
        services.decision_record(application=app, session=s1, by=member, outcome=outcome, reason=reason)
    services.session_publish_decisions(session=s1, by=officer, now=_evening(s1.ends_on))
    adopted_on = min(datetime.date(s1.year, 7, 24), today - datetime.timedelta(days=1))
    services.session_adopt_decisions(session=s1, by=officer, on=adopted_on, today=adopted_on,
                                     reference=f"E/{adopted_on.year}/32 (Part I)")

    # Session 2 (the last one that has ended): the four deferred ones; two recommended (awaiting
    # adoption), two deferred again with questions the organisations must answer before session 3.
    deferred = s1_apps[3:7]
    _publish_list(s2, officer)
    services.decision_record(application=deferred[0], session=s2, by=member, outcome="special")
    services.decision_record(application=deferred[1], session=s2, by=member, outcome="roster")
    question = ("Please explain the relationship with the government ministry that funds your programmes.")
    for app in deferred[2:]:
        if s3.starts_on - datetime.timedelta(days=3) > today:
            services.committee_ask_question(application=app, session=s2, by=member, question=question)
        else:  # session 3 is about to open: no time left for questions
            services.decision_record(application=app, session=s2, by=member, outcome="defer", reason=question)
    services.session_publish_decisions(session=s2, by=officer, now=_evening(s2.ends_on))

    # Session 3 (in progress or coming): a dozen new pre-screened applications plus the carried-over ones.
    for n in range(12):
        app = _application(*orgs[take()], received=datetime.date(s3.year - 1, 3, 1),
                           category=("special", "roster", "general")[n % 3])
        _prescreen(app, officer, ("special", "roster", "special", "defer")[n % 4])
    clist = _publish_list(s3, officer)
    first = clist.entries.order_by("position").first()
    if first:
        services.decision_record(application=first.application, session=s3, by=member, outcome="special")

    # The queue: every pre-screening state, and the other outcomes.
    for _n in range(2):
        _application(*orgs[take()], received=today, checks=False)             # submitted (checks queued)
    for _n in range(6):
        _application(*orgs[take()], received=today)                            # in pre-screening
    for _n in range(3):
        app = _application(*orgs[take()], received=today)
        services.application_request_information(application=app, by=officer,
                                                 question="Send the audited financial statement for last year.",
                                                 due_on=today + datetime.timedelta(days=21))
    for _n in range(4):
        _application(*orgs[take()], submit=False)                              # drafts
    for _n in range(2):
        app = _application(*orgs[take()], received=today)
        services.application_withdraw(application=app, by=app.organisation.memberships.first().user,
                                      reason="We will apply next year.")
    o, rep = orgs[take()]
    app = _application(o, rep, track="dpi", received=today)
    services.application_dpi_decide(application=app, by=officer, associate=True, reason="Strong outreach work.")
    o, rep = orgs[take()]
    app = _application(o, rep, track="dpi", received=today)
    services.application_dpi_decide(application=app, by=officer, associate=False, reason="No information programme.")
    o, rep = orgs[take()]
    _application(o, rep, track="dpi", received=today)                          # DPI, in pre-screening

    # The demo NGO: an application the Secretariat asked about.
    kwhn = Organisation.objects.get(name="Kenya Women's Health Network")
    if not kwhn.registered_on:
        services.organisation_update(organisation=kwhn, by=officer, fields={"registered_on": datetime.date(2012, 4, 2)},
                                     funding_sources=[{"name": "Foundations", "kind": "non_governmental", "share": 85},
                                                      {"name": "County grant", "kind": "governmental", "share": 15}])
    app = _application(kwhn, demo_user("ngo"), received=today)
    services.application_request_information(application=app, by=officer,
                                             question="Please upload your registration certificate in English.",
                                             due_on=today + datetime.timedelta(days=30))
    stdout.write(f"  accreditation: {len(ORGANISATIONS) + 1} organisations, {len(IN_STATUS) + 2} in status, "
                 "3 sessions, applications in every state")
