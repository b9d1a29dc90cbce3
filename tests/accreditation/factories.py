"""Builders for accreditation tests: organisations, complete applications,
sessions with a published list. They go through the services, as users do."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accreditation import services
from accreditation.models import Body, Committee
from accreditation.questionnaire import questions_for, required_documents
from portal.models import Country
from portal.roles import Role
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n"


def ensure_reference_data():
    """The reference data migrations load (see tests/reference.py)."""
    from tests.reference import ensure_reference_data as ensure

    ensure()


def pdf_upload(name="doc.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_org(*, user=None, name=None, country="KE", registered_years_ago=5, hq="Ngong Road 42", ngo_share=80,
             approve_by=None):
    user = user or UserFactory(role=Role.NGO)
    n = UserFactory._meta.model.objects.count()
    org = services.organisation_create(
        by=user,
        fields={"name": name or f"Organisation {n} for tests", "country": Country.objects.get(iso2=country),
                "hq_address": hq, "hq_city": "City",
                "registered_on": timezone.localdate() - datetime.timedelta(days=365 * registered_years_ago + 2)},
        funding_sources=[{"name": "Members", "kind": "non_governmental", "share": ngo_share},
                         {"name": "Ministry", "kind": "governmental", "share": 100 - ngo_share}],
    )
    if approve_by:
        services.organisation_approve(organisation=org, by=approve_by)
    return org, user


def make_ready_application(*, org=None, user=None, track="intergovernmental", category="special", **org_kwargs):
    if org is None:
        org, user = make_org(user=user, **org_kwargs)
    bodies = [Body.objects.get(code="ecosoc" if track == "intergovernmental" else "dpi")]
    app = services.application_create(by=user, organisation=org, track=track, bodies=bodies,
                                      requested_category=category if track == "intergovernmental" else "")
    services.application_save_answers(application=app, by=user,
                                      answers={q.code: f"Answer to {q.code}." for q in questions_for(track)})
    for kind in required_documents(track):
        services.application_upload_document(application=app, by=user, kind=kind, upload=pdf_upload())
    if services.requires_code_of_conduct(app):
        services.application_accept_code_of_conduct(application=app, by=user)
    return app, user


def ngo_committee():
    return Committee.objects.get(code="ngo-committee")


def officer():
    return UserFactory(role=Role.SECRETARIAT)


def committee_member(committee=None):
    member = UserFactory(role=Role.COMMITTEE)
    (committee or ngo_committee()).members.add(member)
    return member


def prescreen(app, by, recommendation="special"):
    """Take a submitted application through pre-screening to the list."""
    app.refresh_from_db()
    if app.organisation.profile_state != "approved":
        services.organisation_approve(organisation=app.organisation, by=by)
    for criterion in app.criteria_set.criteria.all():
        if not app.criterion_results.filter(criterion=criterion).exists():
            services.application_record_criterion(application=app, by=by, criterion=criterion, result="met",
                                                  note="Checked.")
    return services.application_complete_prescreening(application=app, by=by, recommendation=recommendation,
                                                      reason="Meets every criterion.")


def end_of(session) -> datetime.datetime:
    """The evening of the session's last day: when the Secretariat publishes its decisions."""
    session.refresh_from_db()
    return datetime.datetime.combine(session.ends_on, datetime.time(18), tzinfo=timezone.get_current_timezone())


def publish_decisions(session, by):
    """Publish the session's decisions at the end of the session, as the Secretariat does."""
    return services.session_publish_decisions(session=session, by=by, now=end_of(session))


def adopt_decisions(session, by, *, on=None, reference=""):
    """Record adoption (by default in July of the session's year, as ECOSOC does), on that day."""
    on = on or datetime.date(session.year, 7, 24)
    return services.session_adopt_decisions(session=session, by=by, on=on, reference=reference, today=on)


def session_has_met(session, *, today=None):
    """Decisions are published only once their session has met: move the session into the past week."""
    today = today or timezone.localdate()
    session.starts_on, session.ends_on = today - datetime.timedelta(days=9), today - datetime.timedelta(days=5)
    session.save(update_fields=["starts_on", "ends_on"])
    return session
