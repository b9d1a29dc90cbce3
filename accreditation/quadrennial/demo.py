"""Demo data for quadrennial reports: the organisations are this app's own
(so it does not depend on the accreditation demo), put in status through
accreditation.status; reports in every state; some organisations overdue,
suspended, reinstated and withdrawn. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from accreditation.models import Committee, Organisation, OrganisationMembership, Session
from accreditation.status import organisation_change_status
from portal.demo import demo_user
from portal.models import Country
from portal.roles import Role

from . import services
from .models import ReportReminder
from .selectors import reporting_period

TEXT = {
    "aims_and_changes": "Our aims are unchanged: we work for the rights and health of women and girls. In the "
                        "period we opened two regional offices and adopted a new constitution.",
    "participation_in_meetings": "We attended the Commission on the Status of Women each year and delivered a "
                                 "joint oral statement at the High-level Political Forum.",
    "cooperation_with_un": "Nous avons coopéré avec le FNUAP et l'OMS sur des campagnes de santé maternelle.",
    "development_goals": "Community programmes in support of the Sustainable Development Goals 3 and 5.",
    "other_activities": "Training of 300 community health workers.",
}

# name, acronym, country, category, years since grant, target report state, lifecycle, demo ngo is a member
ORGS = [
    ("Coastal Communities Health Alliance", "CCHA", "KE", "special", 4, "draft", "", True),
    ("Andean Water Rights Network", "AWRN", "PE", "special", 5, "submitted", "", False),
    ("Sahel Education Forum", "SEF", "SN", "special", 6, "returned", "", False),
    ("Mekong Youth Coalition", "MYC", "VN", "general", 6, "checked", "", False),
    ("Balkan Civic Initiative", "BCI", "RS", "special", 6, "deferred", "", True),
    ("Caribbean Disability Council", "CDC", "JM", "special", 6, "answered", "", False),
    ("Nordic Peace Institute", "NPI", "NO", "general", 6, "noted", "", False),
    ("Great Lakes Farmers Union", "GLFU", "UG", "special", 6, "", "overdue", False),
    ("Pacific Ocean Guardians", "POG", "FJ", "special", 7, "draft", "suspended", True),
    ("Atlas Human Rights Watch", "AHRW", "MA", "special", 7, "late", "suspended", False),
    ("Steppe Environmental Society", "SES", "KZ", "special", 7, "late", "reinstated", False),
    ("Gulf Migrant Workers Aid", "GMWA", "JO", "special", 8, "", "withdrawn", False),
]


def _driver():
    """A non-login NGO representative who files the demo reports."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="quadrennial-demo-filer",
        defaults={"email": "quadrennial-demo-filer@demo.ngo-portal.example.org", "role": Role.NGO,
                  "first_name": "Demo", "last_name": "Filer", "email_verified_at": timezone.now()})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _sessions(committee, year):
    out = {}
    for y in (year - 2, year - 1, year, year + 1):
        for kind, start, end in (("regular", (1, 20), (2, 5)), ("resumed", (5, 18), (5, 29))):
            out[(y, kind)], _ = Session.objects.get_or_create(
                committee=committee, year=y, kind=kind,
                defaults={"starts_on": datetime.date(y, *start), "ends_on": datetime.date(y, *end)})
    return out


def _advance(report, target, *, filer, secretariat, committee_user, session, filed_on):
    steps = {
        "submitted": ["submit"], "returned": ["submit", "return"], "checked": ["submit", "check"],
        "deferred": ["submit", "check", "defer"], "answered": ["submit", "check", "defer", "answer"],
        "noted": ["submit", "check", "take_note"], "late": ["submit"],
    }.get(target, [])
    for step in steps:
        if step == "submit":
            services.report_submit(report=report, by=filer, data=TEXT, on=filed_on)
        elif step == "return":
            services.report_return(report=report, by=secretariat,
                                   reason="Please describe your participation in meetings in more detail.")
        elif step == "check":
            services.report_check(report=report, by=secretariat)
        elif step == "defer":
            services.report_defer(report=report, by=committee_user, session=session,
                                  questions="Which UN meetings did your representatives attend in person?")
        elif step == "answer":
            services.report_answer(report=report, by=filer,
                                   answers="CSW in 2022 and 2023, and the HLPF in 2023 (two representatives).")
        elif step == "take_note":
            services.report_take_note(report=report, by=committee_user, session=session, on=session.ends_on)
        report.refresh_from_db()


def seed_demo(stdout):
    today = timezone.localdate()
    year = today.year
    secretariat, ngo, committee_user = demo_user("secretariat"), demo_user("ngo"), demo_user("committee")
    filer = _driver()
    committee = Committee.objects.get(code="ngo-committee")
    committee.members.add(committee_user)
    sessions = _sessions(committee, year)
    for name, acronym, iso2, category, years, target, lifecycle, ngo_member in ORGS:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "country": Country.objects.filter(pk=iso2).first(),
                                 "profile_state": Organisation.ProfileState.APPROVED,
                                 "email": f"{acronym.lower()}@demo.ngo-portal.example.org"})
        OrganisationMembership.objects.get_or_create(organisation=org, user=filer, defaults={"is_focal_point": True})
        if ngo_member:
            OrganisationMembership.objects.get_or_create(organisation=org, user=ngo)
        if org.status_state == "none":
            organisation_change_status(organisation=org, transition="grant", by=secretariat,
                                       on=datetime.date(year - years, 7, 25), category=category,
                                       reason="Recommended by the Committee on NGOs; adopted by ECOSOC (demo).")
            org.refresh_from_db()
        period = reporting_period(org.status_granted_on, 1)
        first_session = sessions.get((period.due_on.year + 1, "regular"))
        if target and period.due_on <= today + datetime.timedelta(days=400):
            report = services.report_open(organisation=org, period=period, by=filer)
            if report.state == "draft" and target != "draft":
                filed_on = period.due_on - datetime.timedelta(days=20)
                if target == "late":
                    filed_on = min(today, first_session.ends_on + datetime.timedelta(days=90))
                _advance(report, target, filer=filer, secretariat=secretariat, committee_user=committee_user,
                         session=sessions[(year, "regular")], filed_on=filed_on)
            if report.submitted_on is None:
                for days in (180, 90, 30, 7, -1, -30, -90):
                    if report.due_on - datetime.timedelta(days=days) <= today:
                        step = f"before-{days}" if days > 0 else f"after-{-days}"
                        ReportReminder.objects.get_or_create(
                            organisation=org, report=report, step=step,
                            defaults={"days": days, "due_on": report.due_on, "emailed_at": timezone.now()})
        already_suspended = org.status_changes.filter(to_state="suspended").exists()  # idempotent re-runs
        if lifecycle in ("suspended", "reinstated", "withdrawn") and org.status_state == "active" \
                and not already_suspended and first_session:
            organisation_change_status(organisation=org, transition="suspend", by=secretariat,
                                       on=first_session.ends_on,
                                       reason="Quadrennial report overdue: suspended for one year (demo).")
            org.refresh_from_db()
            if lifecycle == "reinstated":
                organisation_change_status(organisation=org, transition="reinstate", by=secretariat,
                                           on=first_session.ends_on + datetime.timedelta(days=200),
                                           reason="Overdue report filed: reinstated (demo).")
            elif lifecycle == "withdrawn":
                organisation_change_status(organisation=org, transition="withdraw", by=secretariat,
                                           on=first_session.ends_on + datetime.timedelta(days=366),
                                           reason="No report within the year of suspension: withdrawn (demo).")
    stdout.write(f"  quadrennial: {len(ORGS)} demo organisations in status, reports in every state")
