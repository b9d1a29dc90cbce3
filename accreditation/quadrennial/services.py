"""Every write about quadrennial reports and the status lifecycle. Each
service checks permission and state, writes in one transaction with its audit
row (Workflow.fire or portal.audit.audit) and queues e-mail after commit."""

import calendar
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Least, Now
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.committee_scope import report_committees, report_in_scope
from accreditation.models import Organisation, OrganisationMembership, Session
from accreditation.status import organisation_change_status
from portal import outbox
from portal.audit import audit
from portal.text import count_words

from .conf import conf
from .models import LifecycleEntry, QuadrennialReport, ReportReminder
from .rules import can_change_report
from .selectors import (
    REPORTING_STATES,
    ReportingPeriod,
    has_overdue_report,
    last_due_period,
    next_period,
    overdue_map,
    owes_reports,
    reporting_organisations,
    reporting_period,
    reporting_rules,
)
from .workflow import LIFECYCLE_ENTRY, REPORT

EDITABLE_STATES = ("draft", "returned")


# ---------------------------------------------------------------- reports

def validate_sections(data: dict) -> None:
    """Word limits per section (configuration), counted right in every language."""
    limits = conf("WORD_LIMITS")
    errors = {}
    for name in QuadrennialReport.SECTIONS:
        limit = limits.get(name)
        words = count_words(data.get(name) or "")
        if limit and words > limit:
            errors[name] = _("This section has %(words)d words; the limit is %(limit)d.") % {
                "words": words, "limit": limit}
    if errors:
        raise ValidationError(errors)


def _lock(report: QuadrennialReport) -> QuadrennialReport:
    return QuadrennialReport.objects.select_for_update().select_related("organisation").get(pk=report.pk)


def _require_member(report, by):
    if not can_change_report(by, report):
        raise PermissionDenied(_("Only the organisation's representatives may change its report."))


def report_open(*, organisation: Organisation, period: ReportingPeriod, by) -> QuadrennialReport:
    """The report for one period, created as a draft the first time it is opened."""
    if not (by.has_perm("accreditation.change_organisation", organisation)):
        raise PermissionDenied(_("You may not open reports for this organisation."))
    if not owes_reports(organisation):
        raise ValidationError(_("This organisation does not owe quadrennial reports."))
    with transaction.atomic():
        report, created = QuadrennialReport.objects.get_or_create(
            organisation=organisation, period_start=period.first_year,
            defaults={"period_end": period.last_year, "due_on": period.due_on},
        )
        if created:
            audit(actor=by, action="quadrennial_report.open", obj=report, to_state=report.state)
    return report


def report_save(*, report: QuadrennialReport, by, data: dict) -> QuadrennialReport:
    """Save the sections of a draft (or of a report returned for corrections)."""
    with transaction.atomic():
        report = _lock(report)
        _require_member(report, by)
        if report.state not in EDITABLE_STATES:
            raise ValidationError(_("This report has been filed and can no longer be edited."), code="invalid_state")
        validate_sections(data)
        changed = [name for name in QuadrennialReport.SECTIONS
                   if name in data and (data[name] or "") != getattr(report, name)]
        for name in changed:
            setattr(report, name, (data[name] or "").strip())
        if changed:
            report.save(update_fields=[*changed, "updated_at"])
            audit(actor=by, action="quadrennial_report.save", obj=report, data={"sections": changed})
    return report


def report_submit(*, report: QuadrennialReport, by, data: dict | None = None,
                  on: datetime.date | None = None) -> QuadrennialReport:
    """File the report (saving `data` first if given)."""
    if data is not None:
        report = report_save(report=report, by=by, data=data)
    with transaction.atomic():
        report = _lock(report)
        _require_member(report, by)
        validate_sections({n: getattr(report, n) for n in QuadrennialReport.SECTIONS})
        required = ("aims_and_changes",)
        contribution = ("participation_in_meetings", "cooperation_with_un", "development_goals")
        errors = {n: _("This section is required.") for n in required if not getattr(report, n).strip()}
        if not any(getattr(report, n).strip() for n in contribution):
            errors["participation_in_meetings"] = _(
                "Describe the organisation's contribution to the work of the United Nations in at least one "
                "of the three contribution sections.")
        if errors:
            raise ValidationError(errors)
        first = report.submitted_on is None
        if first:
            report.submitted_on = on or timezone.localdate()
            report.submitted_by = by
        REPORT.fire(report, "submit", by=by, update_fields=("submitted_on", "submitted_by", "updated_at"),
                    data={"late": report.submitted_on > report.due_on, "first_filing": first})
    return report


def report_return(*, report, by, reason: str) -> QuadrennialReport:
    with transaction.atomic():
        report = _lock(report)
        report.secretariat_note = (reason or "").strip()
        REPORT.fire(report, "return", by=by, reason=reason, update_fields=("secretariat_note", "updated_at"))
    return report


def report_check(*, report, by, note: str = "") -> QuadrennialReport:
    with transaction.atomic():
        report = _lock(report)
        report.secretariat_note = (note or "").strip()
        REPORT.fire(report, "check", by=by, reason=note, update_fields=("secretariat_note", "updated_at"))
    return report


def _committee_session(by, report, session, on):
    """The session a committee decision belongs to: the one given or the
    next one (in progress or to come) of a committee the report is before.
    The member must sit on that committee; a report the member's committees
    do not have before them cannot be decided by them."""
    if not report_in_scope(by, report):
        raise PermissionDenied(_("This report is not before a committee you sit on."))
    committees = report_committees(report).filter(members=by)
    if session is None:
        return Session.objects.filter(committee__in=committees, ends_on__gte=on).order_by("starts_on").first()
    if not committees.filter(pk=session.committee_id).exists():
        raise PermissionDenied(_("You do not sit on the committee of this session."))
    return session


def report_take_note(*, report, by, session: Session | None = None,
                     on: datetime.date | None = None) -> QuadrennialReport:
    on = on or timezone.localdate()
    with transaction.atomic():
        report = _lock(report)
        report.session = _committee_session(by, report, session, on) or report.session
        report.noted_on = on
        REPORT.fire(report, "take_note", by=by, update_fields=("session", "noted_on", "updated_at"))
    return report


def report_defer(*, report, by, questions: str, session: Session | None = None,
                 on: datetime.date | None = None) -> QuadrennialReport:
    on = on or timezone.localdate()
    if not (questions or "").strip():
        raise ValidationError({"questions": _("Write the Committee's questions.")})
    with transaction.atomic():
        report = _lock(report)
        report.session = _committee_session(by, report, session, on) or report.session
        report.questions = questions.strip()
        REPORT.fire(report, "defer", by=by, reason=questions,
                    update_fields=("session", "questions", "updated_at"))
    return report


def report_answer(*, report, by, answers: str) -> QuadrennialReport:
    if not (answers or "").strip():
        raise ValidationError({"answers": _("Write your answers to the Committee's questions.")})
    limit = sum(conf("WORD_LIMITS").values())
    if count_words(answers) > limit:
        raise ValidationError({"answers": _("Your answers have %(words)d words; the limit is %(limit)d.") % {
            "words": count_words(answers), "limit": limit}})
    with transaction.atomic():
        report = _lock(report)
        _require_member(report, by)
        report.answers = answers.strip()
        REPORT.fire(report, "answer", by=by, update_fields=("answers", "updated_at"))
    return report


# ---------------------------------------------------------------- reminders

def _steps_due(granted_on: datetime.date, on: datetime.date, before, after, rules):
    """The reminder steps due on `on`: at most one before the next due date
    (the latest threshold reached) and one after the last one (the latest
    passed). A step that was missed (e.g. the beat did not run) is replaced
    by the later one, never sent late in a burst. `before` and `after` are
    sorted ascending."""
    out = []
    nxt = next_period(granted_on, on, rules=rules)
    left = (nxt.due_on - on).days
    reached = [d for d in before if left <= d]
    if reached:
        out.append((nxt, f"before-{reached[0]}", reached[0]))
    if nxt.cycle > 1:
        last = reporting_period(granted_on, nxt.cycle - 1, rules=rules)
        past = (on - last.due_on).days
        passed = [d for d in after if past >= d]
        if passed:
            out.append((last, f"after-{passed[-1]}", -passed[-1]))
    return out


def _existing_reports(lo, hi, starts) -> dict:
    """(organisation, period_start) → (report id, filed on) for a batch of
    organisation ids in [lo, hi]: one query (a range, not a long IN list)."""
    return {(o, s): (pk, filed) for pk, o, s, filed in QuadrennialReport.objects.filter(
        organisation__gte=lo, organisation__lte=hi, period_start__in=starts).values_list(
        "pk", "organisation_id", "period_start", "submitted_on")}


def reminder_sweep(*, on: datetime.date | None = None, batch_size: int | None = None) -> dict:
    """Daily: insert the reminder rows due today, in batches, and queue their
    e-mails in the outbox in the same transaction. The unique constraint
    (organisation, report, step) makes a second run, or a concurrent one on
    another worker, insert nothing and so queue nothing. A reminder is marked
    e-mailed only once the mail server accepted its message
    (`reminder_emailed`). A constant number of queries per batch."""
    on = on or timezone.localdate()
    batch_size = batch_size or conf("SWEEP_BATCH_SIZE")
    run = uuid.uuid4()
    last_pk, created = 0, 0
    base = reporting_organisations().order_by("pk")
    before, after = sorted(conf("REMINDER_DAYS_BEFORE")), sorted(conf("REMINDER_DAYS_AFTER"))
    rules = reporting_rules()
    while True:
        rows = list(base.filter(pk__gt=last_pk).values_list("pk", "status_granted_on")[:batch_size])
        if not rows:
            break
        lo, hi = rows[0][0], rows[-1][0]
        last_pk = hi
        wanted = {}  # (org, period_start) -> [(period, step, days)]
        for pk, granted_on in rows:
            for period, step, days in _steps_due(granted_on, on, before, after, rules):
                wanted.setdefault((pk, period.first_year), []).append((period, step, days))
        if not wanted:
            continue
        starts = sorted({k[1] for k in wanted})
        min_due = min(p.due_on for steps in wanted.values() for p, _s, _d in steps)
        with transaction.atomic():
            existing = _existing_reports(lo, hi, starts)
            missing = [QuadrennialReport(organisation_id=o, period_start=s, period_end=steps[0][0].last_year,
                                         due_on=steps[0][0].due_on)
                       for (o, s), steps in wanted.items() if (o, s) not in existing]
            if missing:
                QuadrennialReport.objects.bulk_create(missing, ignore_conflicts=True)
                existing = _existing_reports(lo, hi, starts)
            sent = set(ReportReminder.objects.filter(organisation__gte=lo, organisation__lte=hi, due_on__gte=min_due)
                       .values_list("report_id", "step"))  # skip known rows cheaply; the constraint decides
            reminders = [
                ReportReminder(organisation_id=o, report_id=existing[(o, s)][0], step=step, days=days,
                               due_on=period.due_on, run=run)
                for (o, s), steps in wanted.items() if existing[(o, s)][1] is None
                for period, step, days in steps if (existing[(o, s)][0], step) not in sent
            ]
            if not reminders:
                continue
            # Insert first: rows another run already holds are skipped; this
            # run sends only the rows tagged with its own token.
            ReportReminder.objects.bulk_create(reminders, ignore_conflicts=True)
            mine = list(ReportReminder.objects.filter(run=run, organisation__gte=lo, organisation__lte=hi)
                        .select_related("report", "organisation"))
            outbox.enqueue(_reminder_emails(mine))
        created += len(mine)
    return {"run": str(run), "created": created, "on": on.isoformat()}


def report_link(report_id: int) -> str:
    """Absolute link to the report, built without an HTTP request."""
    return settings.SITE_URL.rstrip("/") + reverse("quadrennial:report", args=[report_id])


def _reminder_emails(reminders: list[ReportReminder]) -> list:
    """One message per person (addresses stay private): the organisation's
    active representatives and its own address, each in their language
    (rendered once per language). One query whatever the number."""
    if not reminders:
        return []
    recipients = {}
    for org_id, email, language in (OrganisationMembership.objects
                                    .filter(organisation_id__in={r.organisation_id for r in reminders},
                                            user__is_active=True)
                                    .exclude(user__email="")
                                    .values_list("organisation_id", "user__email", "user__preferred_language")):
        recipients.setdefault(org_id, []).append((email, language))
    rows = []
    for reminder in reminders:
        people = list(recipients.get(reminder.organisation_id, []))
        if reminder.organisation.email and reminder.organisation.email not in {e for e, _l in people}:
            people.append((reminder.organisation.email, ""))
        context = {"reminder": reminder, "report": reminder.report, "organisation": reminder.organisation,
                   "link": report_link(reminder.report_id), "days_after": -reminder.days}
        by_language = {}
        for email, language in people:
            by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
        for language, emails in by_language.items():
            with translation.override(language):
                subject = render_to_string("quadrennial/email/reminder_subject.txt", context)
                body = render_to_string("quadrennial/email/reminder.txt", context)
                html = render_to_string("quadrennial/email/reminder.html", context)
            rows += [outbox.rendered_email(to=[email], subject=subject, body=body, html=html,
                                           key=f"reminder:{reminder.pk}:{email.lower()}",
                                           on_sent="accreditation.quadrennial.services.reminder_emailed",
                                           on_sent_args=[reminder.pk])
                     for email in emails]
    return rows


def reminder_emailed(reminder_id: int) -> None:
    """The outbox calls this once the mail server accepted one of the
    reminder's messages (in the transaction that marks that message sent)."""
    ReportReminder.objects.filter(pk=reminder_id).update(
        emailed_at=Coalesce("emailed_at", Now()), recipients=Least(F("recipients") + 1, 32767))


# ---------------------------------------------------------------- lifecycle lists

def _suspension_ends(suspended_on: datetime.date) -> datetime.date:
    """The day the suspension ends (a year later by default; 29 February → 28 February)."""
    months = suspended_on.month - 1 + conf("SUSPENSION_MONTHS")
    year, month = suspended_on.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(suspended_on.day, calendar.monthrange(year, month)[1]))


def lifecycle_candidates(*, session: Session) -> dict[str, list[tuple[int, int | None]]]:
    """(organisation id, report id) per list for a session, as of its dates:
    - suspend: organisations in status whose latest due report is missing
      when the session opens;
    - reinstate: suspended organisations that filed the missing report within
      the year of suspension;
    - withdraw: suspended organisations whose year ends by the session's end
      without the report."""
    active = list(reporting_organisations().filter(status_state="active")
                  .values_list("pk", "status_granted_on"))
    overdue = overdue_map(active, on=session.starts_on)
    suspended = list(Organisation.objects.filter(status_state="suspended", suspended_on__isnull=False,
                                                 status_granted_on__isnull=False)
                     .values_list("pk", "status_granted_on", "suspended_on"))
    owed = {}  # org -> the period missing when it was suspended
    for pk, granted_on, suspended_on in suspended:
        p = last_due_period(granted_on, suspended_on) or next_period(granted_on, suspended_on)
        owed[pk] = (p, suspended_on)
    reports = {(r.organisation_id, r.period_start): r for r in QuadrennialReport.objects.filter(
        organisation_id__in=[*overdue, *owed]).only("pk", "organisation_id", "period_start", "submitted_on")}
    out = {"suspend": [], "reinstate": [], "withdraw": []}
    for pk, p in overdue.items():
        r = reports.get((pk, p.first_year))
        out["suspend"].append((pk, r.pk if r else None))
    for pk, (p, suspended_on) in owed.items():
        r = reports.get((pk, p.first_year))
        ends = _suspension_ends(suspended_on)
        if r and r.submitted_on and r.submitted_on <= ends:
            out["reinstate"].append((pk, r.pk))
        elif ends <= session.ends_on:
            out["withdraw"].append((pk, r.pk if r else None))
    return out


def lifecycle_lists_build(*, session: Session, by) -> dict:
    """Put the session's candidates on its lists (idempotent; undecided
    entries that no longer apply, e.g. the report arrived, are removed)."""
    if not by.has_perm("quadrennial.manage_lifecycle"):
        raise PermissionDenied(_("Only the Secretariat prepares the lifecycle lists."))
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        candidates = lifecycle_candidates(session=session)
        keep = {(kind, pk) for kind, rows in candidates.items() for pk, _r in rows}
        stale = [e.pk for e in session.lifecycle_entries.filter(state="listed")
                 if (e.kind, e.organisation_id) not in keep]
        LifecycleEntry.objects.filter(pk__in=stale).delete()
        LifecycleEntry.objects.bulk_create(
            [LifecycleEntry(session=session, organisation_id=pk, kind=kind, report_id=report_id)
             for kind, rows in candidates.items() for pk, report_id in rows],
            ignore_conflicts=True,
        )
        counts = {kind: len(rows) for kind, rows in candidates.items()}
        audit(actor=by, action="quadrennial_lifecycle.build", obj=session, data={**counts, "removed": len(stale)})
    return counts


def lifecycle_record(*, entry: LifecycleEntry, by, decision: str, note: str = "") -> LifecycleEntry:
    """A committee member records the committee's decision on one entry:
    pending (and changeable) until the session's decisions are published."""
    if decision not in LifecycleEntry.Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    with transaction.atomic():
        entry = LifecycleEntry.objects.select_for_update().select_related("session__committee").get(pk=entry.pk)
        if not entry.session.committee.members.filter(pk=by.pk).exists():
            raise PermissionDenied(_("You do not sit on the committee of this session."))
        entry.decision, entry.note = decision, (note or "").strip()
        entry.decided_by, entry.decided_at = by, timezone.now()
        LIFECYCLE_ENTRY.fire(entry, "record", by=by, reason=note,
                             update_fields=("decision", "note", "decided_by", "decided_at"),
                             data={"decision": decision})
    return entry


def withdrawal_possible_from(suspended_on: datetime.date) -> datetime.date:
    """A withdrawal takes effect only after the full year of suspension: from
    the day after the day the suspension ends."""
    return _suspension_ends(suspended_on) + datetime.timedelta(days=1)


def _owed_report(org: Organisation) -> QuadrennialReport | None:
    """The report whose absence got the organisation suspended."""
    p = last_due_period(org.status_granted_on, org.suspended_on) or next_period(org.status_granted_on,
                                                                                 org.suspended_on)
    return QuadrennialReport.objects.filter(organisation=org, period_start=p.first_year).first()


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _recheck(entry: LifecycleEntry, org: Organisation, on: datetime.date) -> tuple[str, str]:
    """Re-check one entry at the moment of publication: ("publish", ""),
    ("turn", why) into a reinstatement, ("drop", why) or ("refuse", why)."""
    if entry.kind == LifecycleEntry.Kind.WITHDRAW and org.status_state == "suspended" and org.suspended_on \
            and org.status_granted_on:
        ends = _suspension_ends(org.suspended_on)
        report = _owed_report(org)
        if report is not None and report.submitted_on and report.submitted_on <= ends:
            return "turn", _(
                "The report for %(period)s was filed on %(filed)s, within the year of suspension (which ends on "
                "%(end)s): the organisation is reinstated, not withdrawn.") % {
                "period": report.period_label, "filed": _day(report.submitted_on), "end": _day(ends)}
        if entry.decision == LifecycleEntry.Decision.AGREE and on < withdrawal_possible_from(org.suspended_on):
            return "refuse", _(
                "%(org)s: the year of suspension ends on %(end)s; the withdrawal can be published from %(date)s.") % {
                "org": org.display_name, "end": _day(ends), "date": _day(withdrawal_possible_from(org.suspended_on))}
    if entry.kind == LifecycleEntry.Kind.SUSPEND and org.status_state == "active" \
            and not has_overdue_report(org, on=on):
        return "drop", _("No report is overdue any more on %(date)s (the report was filed): no suspension.") % {
            "date": _day(on)}
    return "publish", ""


def lifecycle_publish(*, session: Session, by, on: datetime.date | None = None) -> dict:
    """Publish every pending decision of the session together and carry out
    the agreed ones through accreditation.status (status history + audit).
    Only once the session has met. Every entry is re-checked at this moment:
    a report filed during the year of suspension means reinstatement, never
    withdrawal (the entry is turned, or dropped when the organisation is on
    the reinstatement list already), whatever the pending decision; a
    suspension whose report has arrived is dropped; a withdrawal before the
    full year of suspension has passed is refused for that entry (it stays
    pending) with the date it becomes possible. Each reason is recorded on
    the entry. Undecided entries stay on the list for the next session."""
    if not by.has_perm("quadrennial.manage_lifecycle"):
        raise PermissionDenied(_("Only the Secretariat publishes the session's decisions."))
    on = on or timezone.localdate()
    done = {"suspend": 0, "reinstate": 0, "withdraw": 0, "not_agreed": 0, "skipped": 0, "turned": 0, "dropped": 0,
            "refused": []}
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if on < session.starts_on:
            raise ValidationError(
                _("The decisions of %(session)s can be published only once the session has met: from its first day, "
                  "%(start)s (today is %(today)s).") % {
                    "session": session, "start": _day(session.starts_on), "today": _day(on)}, code="session_not_met")
        entries = list(session.lifecycle_entries.select_for_update().filter(state="pending").order_by("pk"))
        if not entries:
            raise ValidationError(_("There are no recorded decisions to publish."), code="empty")
        now = timezone.now()
        source = {"suspend": ("active",), "reinstate": ("suspended",), "withdraw": ("active", "suspended")}
        reinstating = set(session.lifecycle_entries.filter(kind=LifecycleEntry.Kind.REINSTATE)
                          .values_list("organisation_id", flat=True))
        for entry in entries:
            # The organisation's row is locked before its report is read: filing a
            # report locks it too, so a report filed at this moment is seen.
            org = Organisation.objects.select_for_update().get(pk=entry.organisation_id)
            entry.organisation = org
            verdict, why = _recheck(entry, org, on)
            if verdict == "refuse":
                done["refused"].append(why)
                audit(actor=by, action="quadrennial_lifecycle.refuse", obj=entry, reason=why,
                      data={"kind": entry.kind})
                continue
            if verdict == "turn" and org.pk in reinstating:
                verdict = "drop"
            if verdict == "drop":
                entry.recheck_note = why
                LIFECYCLE_ENTRY.fire(entry, "drop", by=by, reason=why, update_fields=("recheck_note",),
                                     data={"decision": entry.decision, "kind": entry.kind})
                done["dropped"] += 1
                continue
            entry.published_at = now
            update = ["published_at"]
            if verdict == "turn":
                entry.kind, entry.recheck_note = LifecycleEntry.Kind.REINSTATE, why
                update += ["kind", "recheck_note"]
                done["turned"] += 1
            LIFECYCLE_ENTRY.fire(entry, "publish", by=by, update_fields=tuple(update), reason=why,
                                 data={"decision": entry.decision, "turned_from": "withdraw" if verdict == "turn"
                                       else None})
            if entry.decision != LifecycleEntry.Decision.AGREE and verdict != "turn":
                done["not_agreed"] += 1
                continue
            if org.status_state not in source[entry.kind] or org.status_state not in REPORTING_STATES:
                done["skipped"] += 1
                continue
            reason = {
                "suspend": _("Quadrennial report overdue: suspended for one year by the Committee (%(s)s)."),
                "reinstate": _("Overdue quadrennial report filed: reinstated by the Committee (%(s)s)."),
                "withdraw": _("No quadrennial report within the year of suspension: status withdrawn by the "
                              "Committee (%(s)s)."),
            }[entry.kind] % {"s": session}
            organisation_change_status(organisation=org, transition=entry.kind, by=by, on=on, reason=reason)
            done[entry.kind] += 1
        audit(actor=by, action="quadrennial_lifecycle.publish", obj=session, data=done)
    return done
