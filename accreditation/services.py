"""Every write of the accreditation app: one keyword-only function per use
case, which checks permission and state, writes in one transaction with its
audit row, and queues Celery work after commit."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import notifications, outbox
from portal.audit import audit
from portal.roles import Role
from portal.rules import is_admin, is_committee, is_ngo, is_secretariat, is_staff_officer
from portal.uploads import check_pdf_upload

from .addresses import is_po_box
from .models import (
    ELECTED_KINDS,
    PRIVATE_SECTOR_KINDS,
    AnswerAttachment,
    Application,
    ApplicationDocument,
    Body,
    CodeOfConduct,
    ConsolidatedList,
    ConsolidatedListEntry,
    CriteriaSet,
    Criterion,
    CriterionResult,
    Decision,
    EntityKind,
    FundingSource,
    InformationRequest,
    Organisation,
    OrganisationChange,
    OrganisationMembership,
    Recommendation,
    Session,
)
from .questionnaire import questions_for, required_documents
from .sessions import first_open_session, next_open_session, session_for_received_on
from .status import organisation_change_status
from .workflow import (
    APPLICATION,
    APPLICATION_OPEN_STATES,
    ORGANISATION_CHANGE,
    ORGANISATION_PROFILE,
    PRESCREENING_STATES,
)

# ---------------------------------------------------------------- organisations

MIN_REGISTRATION_YEARS = 2
REAPPLY_AFTER_WITHDRAWAL_YEARS = 3


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _validate_hq(address: str):
    if is_po_box(address):
        raise ValidationError({"hq_address": _(
            "A P.O. box cannot be the headquarters: give the street address of the organisation's "
            "established headquarters.")})


_ORG_FIELDS = {f.name for f in Organisation._meta.concrete_fields} - {
    "id", "profile_state", "status_category", "status_state", "status_granted_on", "suspended_on", "withdrawn_on",
    "dpi_associated_on", "created_by", "created_at", "updated_at"}


def _validate_funding(funding_sources) -> list[dict]:
    rows = []
    for row in funding_sources or ():
        kind, share = row.get("kind"), row.get("share")
        try:
            share = Decimal(str(share))
        except Exception:
            raise ValidationError({"funding_sources": _("Each funding share must be a number.")}) from None
        if kind not in FundingSource.Kind.values or not (0 <= share <= 100) or not (row.get("name") or "").strip():
            raise ValidationError({"funding_sources": _(
                "Each funding source needs a name, a kind (governmental or non-governmental) and a share "
                "between 0 and 100.")})
        rows.append({"name": row["name"].strip()[:200], "kind": kind, "share": share})
    if sum((r["share"] for r in rows), Decimal(0)) > 100:
        raise ValidationError({"funding_sources": _("The funding shares add up to more than 100%.")})
    return rows


def _validate_kind_fields(fields: dict):
    """What each kind of entity must give: parliaments and local authorities
    whom they represent, the private sector its sector (web form and API alike)."""
    kind = fields.get("entity_kind") or EntityKind.NGO
    if kind in ELECTED_KINDS and not (fields.get("represents") or "").strip():
        raise ValidationError({"represents": _("Say which chamber, city or region you represent.")})
    if kind in PRIVATE_SECTOR_KINDS and not (fields.get("business_sector") or "").strip():
        raise ValidationError({"business_sector": _("Say in which sector you do business or give.")})


def organisation_create(*, by, fields: dict, areas=(), countries_of_activity=(), networks=(), funding_sources=(),
                        add_member: bool = True) -> Organisation:
    """Register an organisation (profile awaiting the Secretariat's approval).
    NGO users, the Secretariat and country focal points may register one."""
    if not (is_ngo(by) or is_staff_officer(by) or getattr(by, "role", None) == Role.FOCAL_POINT):
        raise PermissionDenied(_("You may not register an organisation."))
    unknown = set(fields) - _ORG_FIELDS
    if unknown:
        raise ValidationError({k: _("This field cannot be set here.") for k in sorted(unknown)})
    _validate_hq(fields.get("hq_address", ""))
    _validate_kind_fields(fields)
    rows = _validate_funding(funding_sources)
    org = Organisation(**fields, profile_state=Organisation.ProfileState.PENDING, created_by=by)
    org.full_clean(exclude=["created_by"])
    if org.registered_on and org.registered_on > timezone.localdate():
        raise ValidationError({"registered_on": _("The date of registration cannot be in the future.")})
    try:
        with transaction.atomic():
            org.save()
            org.areas.set(areas)
            org.countries_of_activity.set(countries_of_activity)
            org.networks.set(networks)
            FundingSource.objects.bulk_create([FundingSource(organisation=org, **r) for r in rows])
            if add_member and is_ngo(by):
                OrganisationMembership.objects.create(organisation=org, user=by, is_focal_point=True)
            audit(actor=by, action="organisation.create", obj=org, to_state=org.profile_state,
                  data={"funding_sources": len(rows), "member_added": bool(add_member and is_ngo(by))})
    except IntegrityError:
        # The same registration sent again, or twice at once: the database's unique key decides.
        if not Organisation.objects.filter(created_by=by, name__iexact=org.name, country=org.country_id).exists():
            raise
        raise ValidationError({"name": _("You have already registered an organisation with this name in this "
                                         "country.")}) from None
    return org


def organisation_update(*, organisation: Organisation, by, fields: dict, funding_sources=None, areas=None,
                        countries_of_activity=None, networks=None) -> Organisation:
    """Update the profile; the many-to-many parts are replaced when given."""
    if not by.has_perm("accreditation.change_organisation", organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    unknown = set(fields) - _ORG_FIELDS
    if unknown:
        raise ValidationError({k: _("This field cannot be set here.") for k in sorted(unknown)})
    if "hq_address" in fields:
        _validate_hq(fields["hq_address"])
    rows = _validate_funding(funding_sources) if funding_sources is not None else None
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for k, v in fields.items():
            setattr(org, k, v)
        org.full_clean(exclude=["created_by"])
        org.save()
        if rows is not None:
            org.funding_sources.all().delete()
            FundingSource.objects.bulk_create([FundingSource(organisation=org, **r) for r in rows])
        for name, values in (("areas", areas), ("countries_of_activity", countries_of_activity),
                             ("networks", networks)):
            if values is not None:
                getattr(org, name).set(values)
        changed = sorted(fields) + [n for n, v in (("areas", areas), ("countries_of_activity", countries_of_activity),
                                                    ("networks", networks), ("funding_sources", rows)) if v is not None]
        audit(actor=by, action="organisation.update", obj=org, data={"fields": changed})
    return org


def organisation_approve(*, organisation: Organisation, by, reason: str = "") -> Organisation:
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        ORGANISATION_PROFILE.fire(org, "approve", by=by, reason=reason)
    return org


def organisation_reject(*, organisation: Organisation, by, reason: str) -> Organisation:
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        ORGANISATION_PROFILE.fire(org, "reject", by=by, reason=reason)
    return org


# ------------------------------------------------------------------ applications

def _is_member(user, organisation) -> bool:
    return bool(is_ngo(user)) and organisation.memberships.filter(user=user).exists()


def _require_member(user, organisation):
    if not _is_member(user, organisation):
        raise PermissionDenied(_("Only your organisation's representatives may do this."))


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)


def application_create(*, by, organisation: Organisation, track: str, bodies=(), requested_category: str = "",
                       ) -> Application:
    _require_member(by, organisation)
    if track not in Body.Track.values:
        raise ValidationError({"track": _("Choose a track.")})
    bodies = list(bodies)
    _validate_bodies(track, bodies)
    if track == Body.Track.INTERGOVERNMENTAL and requested_category not in ("general", "special", "roster"):
        raise ValidationError({"requested_category": _("Choose the category of status you seek.")})
    in_progress = _("Your organisation already has an application in this track in progress.")
    if Application.objects.filter(organisation=organisation, track=track,
                                  state__in=("draft", *APPLICATION_OPEN_STATES)).exists():
        raise ValidationError(in_progress)
    try:
        with transaction.atomic():
            app = Application.objects.create(organisation=organisation, track=track, created_by=by,
                                             requested_category=requested_category if track != "dpi" else "")
            app.bodies.set(bodies)
            audit(actor=by, action="application.create", obj=app, to_state=app.state,
                  data={"track": track, "bodies": [b.code for b in bodies]})
    except IntegrityError:
        # Two requests at once: the partial unique constraint let one through.
        raise ValidationError(in_progress) from None
    return app


def _validate_bodies(track, bodies):
    if not bodies:
        raise ValidationError({"bodies": _("Choose at least one body.")})
    for body in bodies:
        if body.track != track:
            raise ValidationError({"bodies": _("%(body)s does not take applications in this track.")
                                   % {"body": body.name}})
        if not body.accepts_applications():
            if body.deciding_body_id:
                raise ValidationError({"bodies": _("%(body)s does not take applications yet: it is awaiting a "
                                                   "decision of %(decider)s.")
                                       % {"body": body.name, "decider": body.deciding_body.name}})
            raise ValidationError({"bodies": _("%(body)s does not take applications.") % {"body": body.name}})


def application_save_answers(*, application: Application, by, answers: dict) -> Application:
    """Save questionnaire answers as a draft (partial answers are fine)."""
    _require_member(by, application.organisation)
    allowed = {q.code: q for q in questions_for(application.track)}
    errors = {}
    clean = {}
    for code, text in (answers or {}).items():
        question = allowed.get(code)
        if question is None:
            errors[code] = _("This question is not part of the questionnaire.")
            continue
        text = (text or "").strip()
        if len(text) > question.max_chars:
            errors[code] = _("Keep this answer within %(max)s characters (it has %(n)s).") % {
                "max": question.max_chars, "n": len(text)}
        clean[code] = text
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        app = _lock(application)
        if app.state not in ("draft", "info_requested"):
            raise ValidationError(_("The questionnaire can no longer be changed."))
        app.answers = {**app.answers, **clean}
        app.save(update_fields=["answers", "updated_at"])
        audit(actor=by, action="application.save_answers", obj=app, data={"questions": sorted(clean)})
    application.answers = app.answers
    return app


PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError({"file": _("The file is too large (at most %(mb)s MB).")
                               % {"mb": settings.MAX_UPLOAD_SIZE // (1024 * 1024)}})
    if not name.lower().endswith(".pdf") or getattr(upload, "content_type", "application/pdf") not in (
            "application/pdf", "application/x-pdf", "application/octet-stream"):
        raise ValidationError({"file": _("Upload a PDF file.")})
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(PDF_MAGIC):
        raise ValidationError({"file": _("This file is not a PDF document.")})
    check_pdf_upload(upload)


def application_upload_document(*, application: Application, by, kind: str, upload) -> ApplicationDocument:
    _require_member(by, application.organisation)
    if kind not in ApplicationDocument.Kind.values:
        raise ValidationError({"kind": _("Choose which document this is.")})
    validate_pdf(upload)
    with transaction.atomic():
        app = _lock(application)
        if app.state not in ("draft", "info_requested"):
            raise ValidationError(_("Documents can no longer be changed."))
        old = ApplicationDocument.objects.filter(application=app, kind=kind).first()
        if old:
            old.file.delete(save=False)
            old.delete()
        doc = ApplicationDocument(application=app, kind=kind, uploaded_by=by, size=upload.size,
                                  original_name=upload.name[:255])
        doc.file.save(f"{app.pk}-{kind}.pdf", upload, save=False)
        doc.save()
        audit(actor=by, action="application.upload_document", obj=app, data={"kind": kind, "size": upload.size})
    return doc


def application_accept_code_of_conduct(*, application: Application, by) -> Application:
    _require_member(by, application.organisation)
    with transaction.atomic():
        app = _lock(application)
        if app.state != "draft":
            raise ValidationError(_("The application is no longer a draft."))
        if not requires_code_of_conduct(app):
            raise ValidationError(_("No code of conduct has been adopted for the bodies this application seeks."))
        app.code_of_conduct_accepted_at = timezone.now()
        app.code_of_conduct_accepted_by = by
        app.save(update_fields=["code_of_conduct_accepted_at", "code_of_conduct_accepted_by", "updated_at"])
        audit(actor=by, action="application.accept_code_of_conduct", obj=app)
    return app


def codes_of_conduct_for(application: Application, *, today: datetime.date | None = None) -> list[CodeOfConduct]:
    """The codes of conduct adopted by the bodies deciding on access to the
    bodies this application seeks (¶34: none is adopted in the shipped data)."""
    today = today or timezone.localdate()
    deciders = {b.deciding_body_id for b in application.bodies.all() if b.deciding_body_id}
    if not deciders:
        return []
    return list(CodeOfConduct.objects.filter(body_id__in=deciders, adopted_on__lte=today).select_related("body"))


def requires_code_of_conduct(application: Application) -> bool:
    """Whether this application must accept a code of conduct (the one place
    that decides it; the steps and the checklist follow it): only where a
    deciding body has adopted one."""
    return bool(codes_of_conduct_for(application))


def application_checklist(application: Application, *, today: datetime.date | None = None
                          ) -> list[tuple[str, str]]:
    """Everything that stops the application from being submitted, as
    (step, message) in words the NGO understands: the step names the place
    that fixes it (profile, bodies, questionnaire, documents, conduct)."""
    today = today or timezone.localdate()
    org = application.organisation
    problems = []
    if is_po_box(org.hq_address) or not (org.hq_address or "").strip():
        problems.append(("profile", _("Give the street address of your headquarters (a P.O. box is not accepted).")))
    if application.track == Body.Track.INTERGOVERNMENTAL:
        if not org.registered_on:
            problems.append(("profile", _("Give the date your organisation was registered with a government.")))
        elif _add_years(org.registered_on, MIN_REGISTRATION_YEARS) > today:
            problems.append(("profile", _(
                "Your organisation must have been registered with a government for at least two years "
                "(eligible from %(date)s).") % {"date": _add_years(org.registered_on, MIN_REGISTRATION_YEARS)}))
    if org.withdrawn_on and _add_years(org.withdrawn_on, REAPPLY_AFTER_WITHDRAWAL_YEARS) > today:
        problems.append(("profile", _(
            "Your organisation's status was withdrawn on %(withdrawn)s; it may apply again three years after "
            "withdrawal, from %(date)s.") % {"withdrawn": org.withdrawn_on,
                                              "date": _add_years(org.withdrawn_on, REAPPLY_AFTER_WITHDRAWAL_YEARS)}))
    if application.track == Body.Track.INTERGOVERNMENTAL and org.status_state in ("active", "suspended"):
        problems.append(("reclassification", _("Your organisation is already in consultative status: ask for a "
                                               "reclassification instead.")))
    if not application.bodies.exists():
        problems.append(("bodies", _("Choose at least one body.")))
    for q in questions_for(application.track):
        if not (application.answers.get(q.code) or "").strip():
            problems.append(("questionnaire", _("Answer the question “%(q)s”.") % {"q": q.label}))
    present = set(application.documents.values_list("kind", flat=True))
    for kind in required_documents(application.track):
        if kind not in present:
            problems.append(("documents", _("Upload the %(doc)s (PDF).")
                             % {"doc": ApplicationDocument.Kind(kind).label.lower()}))
    if requires_code_of_conduct(application) and not application.code_of_conduct_accepted_at:
        problems.append(("conduct", _("Accept the code of conduct.")))
    return problems


def application_problems(application: Application, *, today: datetime.date | None = None) -> list[str]:
    """The checklist's messages (empty when the application can be submitted)."""
    return [message for _step, message in application_checklist(application, today=today)]


def _current_criteria_set(application: Application) -> CriteriaSet | None:
    if application.track == Body.Track.DPI:
        body = Body.objects.filter(track=Body.Track.DPI).first()
    else:
        body = application.committee.adopting_body if application.committee else None
    if body is None:
        return None
    return CriteriaSet.objects.filter(body=body, published_on__isnull=False).order_by("-version").first()


def application_submit(*, application: Application, by, today: datetime.date | None = None) -> Application:
    """Validate completeness and eligibility, assign the committee session by
    the 1 June rule, and queue the automatic checks."""
    _require_member(by, application.organisation)
    today = today or timezone.localdate()
    with transaction.atomic():
        app = _lock(application)
        if app.state != "draft":
            raise ValidationError(_("This application has already been submitted."))
        problems = application_problems(app, today=today)
        if problems:
            raise ValidationError(problems)
        app.submitted_at = timezone.now()
        app.received_on = today
        update = ["submitted_at", "received_on", "committee", "session", "criteria_set"]
        if app.track == Body.Track.INTERGOVERNMENTAL:
            committee = next((b.deciding_committee for b in app.bodies.select_related("deciding_committee")
                              if b.deciding_committee_id), None)
            if committee is None:
                raise ValidationError(_("No committee reviews applications for the bodies you chose."))
            app.committee = committee
            app.session = session_for_received_on(committee=committee, received_on=today)
        app.criteria_set = _current_criteria_set(app)
        APPLICATION.fire(app, "submit", by=by, update_fields=tuple(update),
                         data={"received_on": today.isoformat(), "session": app.session_id})
        notifications.application_received(app)
        outbox.enqueue_task("accreditation.tasks.run_automatic_checks", args=[app.pk],
                            key=f"application-checks:{app.pk}:{app.submitted_at.isoformat()}")
    application.refresh_from_db()
    return app


# ---------------------------------------------------------- automatic checks

def _check(criterion: Criterion, app: Application, today: datetime.date) -> tuple[str, str]:
    org = app.organisation
    R = CriterionResult.Result
    if criterion.check_kind == Criterion.Check.REGISTERED_TWO_YEARS:
        if not org.registered_on:
            return R.NEEDS_INFORMATION, _("No date of registration given.")
        ok = _add_years(org.registered_on, MIN_REGISTRATION_YEARS) <= (app.received_on or today)
        return (R.MET if ok else R.NOT_MET), _("Registered on %(date)s.") % {"date": org.registered_on}
    if criterion.check_kind == Criterion.Check.HQ_NOT_PO_BOX:
        if not (org.hq_address or "").strip():
            return R.NEEDS_INFORMATION, _("No headquarters address given.")
        return (R.NOT_MET, _("The headquarters address is a P.O. box.")) if is_po_box(org.hq_address) else (
            R.MET, _("Street address given."))
    if criterion.check_kind == Criterion.Check.DOCUMENTS_PRESENT:
        present = {d.kind for d in app.documents.all()}
        missing = [ApplicationDocument.Kind(k).label for k in required_documents(app.track) if k not in present]
        if missing:
            return R.NEEDS_INFORMATION, _("Missing: %(docs)s.") % {"docs": ", ".join(str(m) for m in missing)}
        return R.MET, _("All required documents uploaded.")
    if criterion.check_kind == Criterion.Check.NON_GOVERNMENTAL_FUNDING:
        share = org.non_governmental_share
        if share is None:
            return R.NEEDS_INFORMATION, _("No funding sources declared.")
        return (R.MET if share > 50 else R.NOT_MET), _("Non-governmental funding: %(share)s%%.") % {"share": share}
    raise ValueError(criterion.check_kind)


def _least_loaded_officer():
    User = get_user_model()
    return (User.objects.filter(role=Role.SECRETARIAT, is_active=True)
            .annotate(load=Count("assigned_applications",
                                 filter=Q(assigned_applications__state__in=PRESCREENING_STATES)))
            .order_by("load", "id").first())


def application_run_automatic_checks(*, application_id: int) -> Application | None:
    """Run by a Celery task after submission. Idempotent: a second run for
    the same submission (a redelivered task) changes nothing."""
    today = timezone.localdate()
    with transaction.atomic():
        app = Application.objects.select_for_update().filter(pk=application_id).first()
        if app is None or app.state not in PRESCREENING_STATES:
            return app
        if app.checks_run_at and app.submitted_at and app.checks_run_at >= app.submitted_at:
            return app  # this submission's checks already ran
        app = Application.objects.select_related("organisation").prefetch_related(
            "documents", "organisation__funding_sources").get(pk=app.pk)
        results = {}
        if app.criteria_set_id:
            for criterion in app.criteria_set.criteria.exclude(check_kind=Criterion.Check.MANUAL):
                result, note = _check(criterion, app, today)
                CriterionResult.objects.update_or_create(
                    application=app, criterion=criterion,
                    defaults={"result": result, "note": note, "automatic": True, "recorded_by": None})
                results[criterion.code] = result
        app.checks_run_at = timezone.now()
        update = ["checks_run_at"]
        if app.officer_id is None:
            officer = _least_loaded_officer()
            if officer:
                app.officer, app.assigned_at = officer, timezone.now()
                update += ["officer", "assigned_at"]
        if app.state == "submitted":
            APPLICATION.fire(app, "start_prescreening", by=None, check_permission=False, update_fields=tuple(update),
                             data={"checks": results, "officer": app.officer_id})
        else:
            app.save(update_fields=update)
            audit(actor=None, action="application.automatic_checks", obj=app, data={"checks": results})
    return app


# --------------------------------------------------------------- pre-screening

def _require_secretariat(by):
    if not (is_secretariat(by) or is_admin(by)):
        raise PermissionDenied(_("Only the Secretariat may do this."))


def application_assign(*, application: Application, officer, by) -> Application:
    _require_secretariat(by)
    if getattr(officer, "role", None) != Role.SECRETARIAT or not officer.is_active:
        raise ValidationError({"officer": _("Assign the application to an active Secretariat officer.")})
    with transaction.atomic():
        app = _lock(application)
        if app.state not in PRESCREENING_STATES:
            raise ValidationError(_("Only applications in pre-screening can be assigned."))
        previous = app.officer_id
        app.officer, app.assigned_at = officer, timezone.now()
        app.save(update_fields=["officer", "assigned_at", "updated_at"])
        audit(actor=by, action="application.assign", obj=app, data={"from": previous, "to": officer.pk})
    return app


def application_take(*, application: Application, by) -> Application:
    return application_assign(application=application, officer=by, by=by)


def applications_bulk_assign(*, application_ids, officer, by) -> tuple[list[int], list[tuple[int, str]]]:
    """Assign each application; report every one refused, and why."""
    _require_secretariat(by)
    assigned, refused = [], []
    apps = {a.pk: a for a in Application.objects.filter(pk__in=list(application_ids))}
    for pk in application_ids:
        app = apps.get(int(pk))
        if app is None:
            refused.append((pk, _("No such application.")))
            continue
        try:
            application_assign(application=app, officer=officer, by=by)
        except (ValidationError, PermissionDenied) as exc:
            refused.append((pk, " ".join(getattr(exc, "messages", [str(exc)]))))
        else:
            assigned.append(app.pk)
    return assigned, refused


def _notify_on_commit(req: InformationRequest):
    """The organisation's people hear at once what is asked, by whom and by
    when: one e-mail each, queued in the outbox with the request."""
    org = req.application.organisation
    link = settings.SITE_URL.rstrip("/") + reverse("accreditation:application", args=[req.application_id])
    outbox.enqueue([
        outbox.email(to=[user.email], subject_template="accreditation/email/information_request_subject.txt",
                     body_template="accreditation/email/information_request.txt",
                     context={"request": req, "organisation": org, "link": link, "user": user,
                              "asked_by": req.get_source_display()},
                     language=user.preferred_language, key=f"information-request:{req.pk}:{user.pk}",
                     on_sent="accreditation.services.information_request_notified", on_sent_args=[req.pk])
        for user in org.members.filter(is_active=True).exclude(email="").order_by("pk")])


def information_request_notified(request_id: int) -> None:
    """The outbox calls this once the mail server accepted a notice."""
    InformationRequest.objects.filter(pk=request_id, notified_at__isnull=True).update(notified_at=timezone.now())


def application_request_information(*, application: Application, by, question: str,
                                    due_on: datetime.date) -> InformationRequest:
    _require_secretariat(by)
    if not (question or "").strip():
        raise ValidationError({"question": _("Write what you need from the organisation.")})
    if not due_on or due_on <= timezone.localdate():
        raise ValidationError({"due_on": _("The deadline must be in the future.")})
    with transaction.atomic():
        app = _lock(application)
        req = InformationRequest.objects.create(application=app, source=InformationRequest.Source.SECRETARIAT,
                                                asked_by=by, question=question.strip(), due_on=due_on)
        if app.state == "prescreening":
            APPLICATION.fire(app, "request_information", by=by, reason=question.strip()[:300],
                             data={"request": req.pk, "due_on": due_on.isoformat()})
        elif app.state == "info_requested":
            audit(actor=by, action="application.request_information", obj=app,
                  data={"request": req.pk, "due_on": due_on.isoformat()})
        else:
            raise ValidationError(_("Information can be requested only during pre-screening."))
        _notify_on_commit(req)
    return req


def request_answer(*, request: InformationRequest, by, answer: str, attachments=(),
                   today: datetime.date | None = None) -> InformationRequest:
    """The NGO answers a request (the Secretariat's or a committee member's)
    online, with PDF attachments if it wishes (checked like documents)."""
    today = today or timezone.localdate()
    app = request.application
    _require_member(by, app.organisation)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write your answer.")})
    attachments = list(attachments or ())
    if len(attachments) > AnswerAttachment.MAX_PER_ANSWER:
        raise ValidationError({"attachments": _("Attach at most %(n)s files to one answer.")
                               % {"n": AnswerAttachment.MAX_PER_ANSWER}})
    for upload in attachments:
        try:
            validate_pdf(upload)
        except ValidationError as exc:
            raise ValidationError({"attachments": [f"{upload.name}: {m}" for m in exc.messages]}) from None
    with transaction.atomic():
        app = _lock(app)
        req = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if req.answered_at:
            raise ValidationError(_("This question has already been answered."))
        if today > req.due_on:
            raise ValidationError(_("The deadline for this answer (%(date)s) has passed.") % {"date": req.due_on})
        if app.state not in ("info_requested", "prescreening", "prescreened", "deferred"):
            raise ValidationError(_("This application no longer takes answers."))
        req.answer, req.answered_at, req.answered_by = answer.strip(), timezone.now(), by
        req.save(update_fields=["answer", "answered_at", "answered_by"])
        for number, upload in enumerate(attachments, start=1):
            attachment = AnswerAttachment(request=req, uploaded_by=by, size=upload.size,
                                          original_name=upload.name[:255])
            attachment.file.save(f"{app.pk}-{req.pk}-{number}.pdf", upload, save=False)
            attachment.save()
        open_secretariat = app.requests.filter(source=InformationRequest.Source.SECRETARIAT,
                                               answered_at__isnull=True).exists()
        if app.state == "info_requested" and not open_secretariat:
            APPLICATION.fire(app, "information_received", by=by,
                             data={"request": req.pk, "attachments": len(attachments)})
        else:
            audit(actor=by, action="application.answer", obj=app,
                  data={"request": req.pk, "attachments": len(attachments)})
    request.refresh_from_db()
    return req


def application_record_criterion(*, application: Application, by, criterion: Criterion, result: str,
                                 note: str = "") -> CriterionResult:
    _require_secretariat(by)
    if result not in CriterionResult.Result.values:
        raise ValidationError({"result": _("Choose met, not met or needs information.")})
    with transaction.atomic():
        app = _lock(application)
        if app.state not in PRESCREENING_STATES:
            raise ValidationError(_("Pre-screening of this application is finished."))
        if criterion.criteria_set_id != app.criteria_set_id:
            raise ValidationError({"criterion": _("This criterion is not one the application is screened on.")})
        row, _created = CriterionResult.objects.update_or_create(
            application=app, criterion=criterion,
            defaults={"result": result, "note": note.strip(), "automatic": False, "recorded_by": by})
        audit(actor=by, action="application.record_criterion", obj=app,
              data={"criterion": criterion.code, "result": result})
    return row


def application_complete_prescreening(*, application: Application, by, recommendation: str,
                                      reason: str) -> Application:
    """The officer's recommendation, with its reason; the application goes to
    its session's consolidated list."""
    _require_secretariat(by)
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the recommendation.")})
    with transaction.atomic():
        app = _lock(application)
        if app.track != Body.Track.INTERGOVERNMENTAL:
            raise ValidationError(_("DPI applications are decided by the Secretariat directly."))
        if app.organisation.profile_state != Organisation.ProfileState.APPROVED:
            raise ValidationError(_("Approve the organisation's profile first."))
        if app.criteria_set_id:
            done = set(app.criterion_results.values_list("criterion_id", flat=True))
            missing = [c.title for c in app.criteria_set.criteria.all() if c.pk not in done]
            if missing:
                raise ValidationError(_("Record a result for every criterion first: %(c)s.")
                                      % {"c": ", ".join(missing)})
        app.recommendation, app.recommendation_reason = recommendation, reason.strip()
        update = ["recommendation", "recommendation_reason"]
        if app.session_id:
            session = first_open_session(app.session, lock=False)
            if session.pk != app.session_id:  # its session closed meanwhile: the next one still open
                app.session = session
                update.append("session")
        APPLICATION.fire(app, "complete_prescreening", by=by, reason=reason.strip(), update_fields=tuple(update),
                         data={"recommendation": recommendation, "session": app.session_id})
    return app


def application_dpi_decide(*, application: Application, by, associate: bool, reason: str = "") -> Application:
    _require_secretariat(by)
    with transaction.atomic():
        app = _lock(application)
        if app.track != Body.Track.DPI:
            raise ValidationError(_("Only DPI applications are decided this way."))
        if associate:
            APPLICATION.fire(app, "associate", by=by, reason=reason)
            org = Organisation.objects.select_for_update().get(pk=app.organisation_id)
            org.dpi_associated_on = timezone.localdate()
            org.save(update_fields=["dpi_associated_on", "updated_at"])
            audit(actor=by, action="organisation.dpi_associate", obj=org)
        else:
            APPLICATION.fire(app, "decline", by=by, reason=reason)
    return app


def application_withdraw(*, application: Application, by, reason: str = "") -> Application:
    _require_member(by, application.organisation)
    with transaction.atomic():
        app = _lock(application)
        APPLICATION.fire(app, "withdraw", by=by, reason=reason or _("Withdrawn by the organisation"))
    return app


# ------------------------------------------------------ committee and sessions

def is_session_member(user, session: Session) -> bool:
    return bool(is_committee(user)) and session.committee.members.filter(pk=user.pk).exists()


def consolidated_list_build(*, session: Session, by) -> ConsolidatedList:
    """Freeze a new version of the session's list: every pre-screened new
    application and every deferred one carried over, with its summary."""
    _require_secretariat(by)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.decisions_published_at:
            raise ValidationError(_("This session's decisions are published; its list is closed."))
        version = (session.consolidated_lists.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        clist = ConsolidatedList.objects.create(session=session, version=version, created_by=by)
        # The frozen copy keeps names in English, whoever builds it; pages, PDFs and
        # sheets put them in the reader's language (selectors.entries_for_reader).
        apps = (Application.objects.filter(session=session, state__in=("prescreened", "deferred"))
                .select_related("organisation__country")
                .prefetch_related("criterion_results__criterion")
                .order_by("received_on", "id"))
        entries = []
        with translation.override(settings.LANGUAGE_CODE):
            for i, app in enumerate(apps, start=1):
                org = app.organisation
                entries.append(ConsolidatedListEntry(
                    consolidated_list=clist, application=app, position=i, organisation_name=org.display_name,
                    acronym=org.acronym, country_name=org.country.name if org.country else "",
                    region=org.country.region if org.country else "", requested_category=app.requested_category,
                    carried_over=app.state == "deferred" or app.times_deferred > 0, times_deferred=app.times_deferred,
                    recommendation=app.recommendation, recommendation_reason=app.recommendation_reason,
                    summary=[{"criterion": r.criterion.title, "criterion_id": r.criterion_id, "result": r.result,
                              "note": r.note} for r in app.criterion_results.all()]))
        ConsolidatedListEntry.objects.bulk_create(entries, batch_size=500)
        audit(actor=by, action="consolidated_list.build", obj=clist, data={"entries": len(entries)})
    return clist


def consolidated_list_publish(*, consolidated_list: ConsolidatedList, by) -> ConsolidatedList:
    _require_secretariat(by)
    with transaction.atomic():
        clist = ConsolidatedList.objects.select_for_update().get(pk=consolidated_list.pk)
        if clist.published_at:
            raise ValidationError(_("This version is already published."))
        clist.published_at, clist.published_by = timezone.now(), by
        clist.save(update_fields=["published_at", "published_by"])
        audit(actor=by, action="consolidated_list.publish", obj=clist, to_state="published",
              data={"session": clist.session_id, "version": clist.version})
        # The printable PDF of the frozen version, in each of the six languages, rendered after commit.
        from .exports import request_all_languages

        request_all_languages(clist, by=by)
    return clist


def _require_deciding_member(by, session: Session, application: Application):
    if not is_session_member(by, session):
        raise PermissionDenied(_("Only members of this session's committee may decide."))
    if session.decisions_published_at:
        raise ValidationError(_("This session's decisions are already published."))
    if application.session_id != session.pk or application.state not in ("prescreened", "deferred"):
        raise ValidationError(_("This application is not before the committee at this session."))
    if not ConsolidatedList.objects.filter(session=session, published_at__isnull=False,
                                           entries__application=application).exists():
        raise ValidationError(_("This application is not on the session's published consolidated list."))


def decision_record(*, application: Application, session: Session, by, outcome: str, reason: str = "") -> Decision:
    """Record (or change) a pending decision during the session."""
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose a decision.")})
    if outcome in (Decision.Outcome.REJECT, Decision.Outcome.CLOSE, Decision.Outcome.DEFER) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    with transaction.atomic():
        app = _lock(application)
        _require_deciding_member(by, session, app)
        decision, created = Decision.objects.update_or_create(
            application=app, session=session,
            defaults={"outcome": outcome, "reason": reason.strip(), "recorded_by": by,
                      "state": Decision.State.PENDING})
        audit(actor=by, action="decision.record", obj=app, to_state=f"pending:{outcome}", reason=reason,
              data={"session": session.pk, "decision": decision.pk})
    return decision


def committee_ask_question(*, application: Application, session: Session, by, question: str,
                           due_on: datetime.date | None = None) -> InformationRequest:
    """A member's question: the application is deferred with questions (a
    pending decision), the NGO sees the question and its deadline at once."""
    if not (question or "").strip():
        raise ValidationError({"question": _("Write your question.")})
    with transaction.atomic():
        app = _lock(application)
        _require_deciding_member(by, session, app)
        following = next_open_session(session, lock=False)  # the application is locked: no session lock after it
        latest = following.starts_on - datetime.timedelta(days=3)
        due_on = due_on or latest
        if due_on > latest or due_on <= timezone.localdate():
            raise ValidationError({"due_on": _("The deadline must be in the future and at the latest %(date)s "
                                               "(before the next session).") % {"date": latest}})
        req = InformationRequest.objects.create(application=app, source=InformationRequest.Source.COMMITTEE,
                                                session=session, asked_by=by, question=question.strip(),
                                                due_on=due_on)
        decision, _created = Decision.objects.get_or_create(
            application=app, session=session,
            defaults={"outcome": Decision.Outcome.DEFER, "reason": question.strip(), "recorded_by": by})
        if decision.outcome != Decision.Outcome.DEFER:
            decision.outcome, decision.reason, decision.recorded_by = Decision.Outcome.DEFER, question.strip(), by
            decision.save(update_fields=["outcome", "reason", "recorded_by", "recorded_at"])
        audit(actor=by, action="decision.question", obj=app, to_state="pending:defer", reason=question.strip(),
              data={"session": session.pk, "request": req.pk, "due_on": due_on.isoformat()})
        _notify_on_commit(req)
    return req


def decisions_bulk_record(*, application_ids, session: Session, by, outcome: str,
                          reason: str = "") -> tuple[list[int], list[tuple[int, str]]]:
    done, refused = [], []
    apps = {a.pk: a for a in Application.objects.filter(pk__in=list(application_ids))}
    for pk in application_ids:
        app = apps.get(int(pk))
        if app is None:
            refused.append((pk, _("No such application.")))
            continue
        try:
            decision_record(application=app, session=session, by=by, outcome=outcome, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            refused.append((pk, " ".join(getattr(exc, "messages", [str(exc)]))))
        else:
            done.append(app.pk)
    return done, refused


_OUTCOME_TRANSITION = {"general": "recommend", "special": "recommend", "roster": "recommend", "defer": "defer",
                       "close": "close", "reject": "reject"}


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _override(by, override_reason: str) -> str:
    """An administrator may set a date rule aside, with a reason (audited);
    nobody else may."""
    reason = (override_reason or "").strip()
    if reason and not is_admin(by):
        raise PermissionDenied(_("Only an administrator may set the date rules aside, and only with a reason."))
    return reason


def session_publication_problem(session: Session, *, today: datetime.date) -> str:
    """Why the session's decisions cannot be published today ('' if they can):
    only once the session has met, on or after its first day."""
    if today < session.starts_on:
        return _("The decisions of %(session)s can be published only once the session has met: from its first "
                 "day, %(start)s (today is %(today)s).") % {
            "session": session, "start": _day(session.starts_on), "today": _day(today)}
    return ""


def session_publish_decisions(*, session: Session, by, now: datetime.datetime | None = None,
                              override_reason: str = "") -> dict:
    """At the end of the session: publish every pending decision together.
    Deferred applications (and any not reached) carry over to the next session
    still open; applications still in pre-screening move there too (without
    counting as a deferral), so none is left in a closed session. Only once
    the session has met, unless an administrator sets the rule aside with a
    reason."""
    _require_secretariat(by)
    override = _override(by, override_reason)
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {}
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("committee").get(pk=session.pk)
        if session.decisions_published_at:
            raise ValidationError(_("This session's decisions are already published."))
        problem = session_publication_problem(session, today=today)
        if problem and not override:
            raise ValidationError(problem, code="session_not_met")
        following = next_open_session(session)
        decided = set()
        for decision in Decision.objects.filter(session=session, state=Decision.State.PENDING).select_related(
                "application"):
            app = _lock(decision.application)
            transition = _OUTCOME_TRANSITION[decision.outcome]
            update = ()
            if transition == "defer":
                app.session, app.times_deferred = following, app.times_deferred + 1
                update = ("session", "times_deferred")
            APPLICATION.fire(app, transition, by=by, reason=decision.reason or decision.get_outcome_display(),
                             update_fields=update, data={"session": session.pk, "outcome": decision.outcome})
            decision.state, decision.published_at = Decision.State.PUBLISHED, now
            decision.save(update_fields=["state", "published_at"])
            decided.add(app.pk)
            counts[decision.outcome] = counts.get(decision.outcome, 0) + 1
        for app in Application.objects.select_for_update().filter(
                session=session, state__in=("prescreened", "deferred")).exclude(pk__in=decided):
            app.session, app.times_deferred = following, app.times_deferred + 1
            APPLICATION.fire(app, "defer", by=by, reason=_("Not reached at the session; carried over."),
                             update_fields=("session", "times_deferred"), data={"session": session.pk})
            counts["carried_over"] = counts.get("carried_over", 0) + 1
        moved = 0
        for app in (Application.objects.select_for_update(of=("self",)).select_related("organisation")
                    .filter(session=session, state__in=PRESCREENING_STATES)):
            app.session = following
            app.save(update_fields=["session", "updated_at"])
            audit(actor=by, action="application.move_session", obj=app,
                  reason=_("Its session's decisions were published before its pre-screening ended."),
                  data={"from": session.pk, "to": following.pk})
            moved += 1
        if moved:
            counts["moved"] = moved
        session.decisions_published_at = now
        session.save(update_fields=["decisions_published_at"])
        data = dict(counts)
        if problem:
            data["override"] = problem
        audit(actor=by, action="session.publish_decisions", obj=session, to_state="published", data=data,
              reason=override if problem else "")
    return counts


def session_adoption_problems(session: Session, *, on: datetime.date, today: datetime.date) -> list[str]:
    """Why adoption cannot be recorded on `on` (empty if it can): on or after
    the publication of the decisions, not in the future, not before the session."""
    problems = []
    if on > today:
        problems.append(_("The date of adoption, %(on)s, is in the future (today is %(today)s).")
                        % {"on": _day(on), "today": _day(today)})
    if on < session.starts_on:
        problems.append(_("The date of adoption, %(on)s, is before the session met (%(start)s).")
                        % {"on": _day(on), "start": _day(session.starts_on)})
    published_on = timezone.localdate(session.decisions_published_at) if session.decisions_published_at else None
    if published_on and on < published_on:
        problems.append(_("The date of adoption, %(on)s, is before the decisions were published (%(published)s).")
                        % {"on": _day(on), "published": _day(published_on)})
    return problems


def session_adopt_decisions(*, session: Session, by, on: datetime.date, reference: str = "",
                            today: datetime.date | None = None, override_reason: str = "") -> int:
    """The adopting body (e.g. ECOSOC) adopts the session's recommendations:
    only now does each organisation's status take effect. The date of adoption
    is on or after publication, not in the future and not before the session,
    unless an administrator sets the rule aside with a reason."""
    _require_secretariat(by)
    override = _override(by, override_reason)
    today = today or timezone.localdate()
    adopted = 0
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("committee__adopting_body").get(pk=session.pk)
        if not session.decisions_published_at:
            raise ValidationError(_("Publish the session's decisions before recording their adoption."))
        if session.decisions_adopted_on:
            raise ValidationError(_("This session's decisions have already been adopted."))
        problems = session_adoption_problems(session, on=on, today=today)
        if problems and not override:
            raise ValidationError({"on": problems}, code="adoption_date")
        body = session.committee.adopting_body
        reason = _("Adopted by %(body)s %(ref)s") % {"body": body.name, "ref": reference}
        for decision in Decision.objects.filter(
                session=session, state=Decision.State.PUBLISHED,
                outcome__in=("general", "special", "roster")).select_related("application"):
            app = _lock(decision.application)
            if app.state != "recommended":
                continue
            APPLICATION.fire(app, "adopt", by=by, reason=reason.strip(), data={"session": session.pk})
            org = app.organisation
            organisation_change_status(organisation=org, transition="reclassify" if org.status_state == "active"
                                       else "grant", by=by, on=on, reason=reason.strip(),
                                       category=decision.outcome, bodies=list(app.bodies.all()))
            decision.state, decision.adopted_on, decision.adoption_reference = Decision.State.ADOPTED, on, reference
            decision.save(update_fields=["state", "adopted_on", "adoption_reference"])
            adopted += 1
        session.decisions_adopted_on = on
        session.save(update_fields=["decisions_adopted_on"])
        data = {"adopted": adopted, "on": on.isoformat()}
        if problems:
            data["override"] = problems
            data["override_reason"] = override
        audit(actor=by, action="session.adopt_decisions", obj=session, to_state="adopted", reason=reference,
              data=data)
    return adopted


CLOSURE_NOTICE = datetime.timedelta(hours=48)


def close_unanswered_applications(*, now: datetime.datetime | None = None) -> list[int]:
    """[rule] A deferred application whose committee questions are unanswered
    48 hours before its next session is closed without prejudice."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    closed = []
    candidates = (Application.objects.filter(state="deferred", session__isnull=False,
                                             requests__source=InformationRequest.Source.COMMITTEE,
                                             requests__answered_at__isnull=True)
                  .select_related("session").distinct())
    for app in candidates:
        starts = datetime.datetime.combine(app.session.starts_on, datetime.time.min, tzinfo=tz)
        if now < starts - CLOSURE_NOTICE:
            continue
        with transaction.atomic():
            locked = _lock(app)
            if locked.state != "deferred" or not locked.requests.filter(
                    source=InformationRequest.Source.COMMITTEE, answered_at__isnull=True).exists():
                continue
            APPLICATION.fire(locked, "close", by=None, check_permission=False,
                             reason=_("No reply to the Committee's questions 48 hours before the session."),
                             data={"session": locked.session_id})
            closed.append(locked.pk)
    return closed


# ------------------------------------------- name change, reclassification, merger

def organisation_change_request(*, organisation: Organisation, by, kind: str, new_name: str = "",
                                new_category: str = "", merged_into: Organisation | None = None,
                                explanation: str = "") -> OrganisationChange:
    _require_member(by, organisation)
    if kind == OrganisationChange.Kind.NAME and not new_name.strip():
        raise ValidationError({"new_name": _("Give the new name.")})
    if kind == OrganisationChange.Kind.RECLASSIFICATION:
        if organisation.status_state != "active":
            raise ValidationError(_("Only an organisation in status can ask for reclassification."))
        if new_category not in ("general", "special", "roster") or new_category == organisation.status_category:
            raise ValidationError({"new_category": _("Choose a category other than the present one.")})
    if kind == OrganisationChange.Kind.MERGER and (merged_into is None or merged_into.pk == organisation.pk):
        raise ValidationError({"merged_into": _("Choose the organisation it merges into.")})
    if kind not in OrganisationChange.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of change.")})
    with transaction.atomic():
        change = OrganisationChange.objects.create(organisation=organisation, kind=kind, new_name=new_name.strip(),
                                                   new_category=new_category, merged_into=merged_into,
                                                   explanation=explanation.strip(), requested_by=by)
        audit(actor=by, action="organisation_change.request", obj=change, to_state=change.state,
              data={"kind": kind})
    return change


def organisation_change_decide(*, change: OrganisationChange, by, approve: bool, reason: str = "",
                               on: datetime.date | None = None) -> OrganisationChange:
    on = on or timezone.localdate()
    with transaction.atomic():
        change = OrganisationChange.objects.select_for_update().select_related("organisation").get(pk=change.pk)
        if not approve:
            ORGANISATION_CHANGE.fire(change, "reject", by=by, reason=reason)
            change.decision_reason = reason
            change.save(update_fields=["decision_reason"])
            return change
        ORGANISATION_CHANGE.fire(change, "approve", by=by, reason=reason)
        org = Organisation.objects.select_for_update().get(pk=change.organisation_id)
        if change.kind == OrganisationChange.Kind.NAME:
            old = org.name
            org.name = change.new_name
            org.save(update_fields=["name", "updated_at"])
            audit(actor=by, action="organisation.rename", obj=org, data={"from": old, "to": org.name})
        elif change.kind == OrganisationChange.Kind.RECLASSIFICATION:
            organisation_change_status(organisation=org, transition="reclassify", by=by, on=on,
                                       category=change.new_category,
                                       reason=reason or _("Reclassification approved"))
        else:
            if org.status_state in ("active", "suspended"):
                organisation_change_status(organisation=org, transition="withdraw", by=by, on=on,
                                           reason=_("Merged into %(org)s") % {"org": change.merged_into})
            audit(actor=by, action="organisation.merge", obj=org, data={"merged_into": change.merged_into_id})
    return change
