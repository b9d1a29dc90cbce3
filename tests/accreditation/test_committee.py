import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accreditation import services
from accreditation.models import Application, Body, Committee, Decision, InformationRequest, Organisation
from accreditation.sessions import next_session
from accreditation.workflow import APPLICATION
from portal.models import AuditEntry
from portal.roles import Role
from tests.accreditation.factories import (
    adopt_decisions,
    committee_member,
    make_ready_application,
    prescreen,
    publish_decisions,
)
from tests.factories import UserFactory


def _publish_new_list(session, officer):
    clist = services.consolidated_list_build(session=session, by=officer)
    return services.consolidated_list_publish(consolidated_list=clist, by=officer)


@pytest.mark.django_db
def test_deferred_application_carries_over_to_next_sessions_list_and_status_only_on_adoption(listed):
    app, ngo, session, officer, member = (listed[k] for k in ("app", "ngo", "session", "officer", "member"))
    req = services.committee_ask_question(application=app, session=session, by=member,
                                          question="Who funds your field programmes?")
    # The NGO sees the question and its deadline at once; the deferral itself is pending.
    assert req.due_on == next_session(session).starts_on - datetime.timedelta(days=3)
    assert Application.objects.get(pk=app.pk).state == "prescreened"
    assert Decision.objects.get(application=app, session=session).state == "pending"

    publish_decisions(session, officer)
    app.refresh_from_db()
    following = next_session(session)
    assert (app.state, app.session, app.times_deferred) == ("deferred", following, 1)

    services.request_answer(request=req, by=ngo, answer="Members' dues (70%) and foundations.")
    clist = _publish_new_list(following, officer)
    entry = clist.entries.get()
    assert (entry.application_id, entry.carried_over, entry.times_deferred) == (app.pk, True, 1)

    services.decision_record(application=app, session=following, by=member, outcome="special")
    publish_decisions(following, officer)
    app.refresh_from_db()
    org = Organisation.objects.get(pk=app.organisation_id)
    assert app.state == "recommended"
    assert (org.status_state, org.status_category) == ("none", "")  # not yet: ECOSOC has not adopted

    adopt_decisions(following, officer, reference="E/2028/32")
    app.refresh_from_db()
    org.refresh_from_db()
    assert app.state == "granted"
    assert (org.status_state, org.status_category, org.status_granted_on) == (
        "active", "special", datetime.date(following.year, 7, 24))
    assert list(org.status_bodies.values_list("code", flat=True)) == ["ecosoc"]
    assert Decision.objects.get(application=app, session=following).state == "adopted"


@pytest.mark.django_db
def test_every_application_transition_writes_an_audit_row(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    services.decision_record(application=app, session=session, by=member, outcome="roster")
    publish_decisions(session, officer)
    adopt_decisions(session, officer)
    rows = list(AuditEntry.objects.for_object(app).exclude(to_state="").exclude(to_state__startswith="pending")
                .order_by("id").values_list("from_state", "to_state"))
    assert rows == [("", "draft"), ("draft", "submitted"), ("submitted", "prescreening"), ("prescreening", "prescreened"),
                    ("prescreened", "recommended"), ("recommended", "granted")]
    assert list(AuditEntry.objects.for_object(app).filter(from_state__gt="").order_by("id")
                .values_list("action", flat=True)) == [
        "application.submit", "application.start_prescreening", "application.complete_prescreening",
        "application.recommend", "application.adopt"]


@pytest.mark.django_db
def test_only_members_of_the_sessions_committee_decide(listed):
    app, session = listed["app"], listed["session"]
    other_committee = Committee.objects.create(code="general-committee", name="General Committee",
                                               adopting_body=Body.objects.get(code="ga"))
    outsider = committee_member(other_committee)
    for user in (outsider, UserFactory(role=Role.NGO), UserFactory(role=Role.SECRETARIAT)):
        with pytest.raises(PermissionDenied):
            services.decision_record(application=app, session=session, by=user, outcome="special")
        with pytest.raises(PermissionDenied):
            services.committee_ask_question(application=app, session=session, by=user, question="Why?")
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_members_cannot_decide_on_an_unpublished_list(secretariat, member, django_capture_on_commit_callbacks):
    app, ngo = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=ngo)
    prescreen(app, secretariat)
    app.refresh_from_db()
    services.consolidated_list_build(session=app.session, by=secretariat)
    with pytest.raises(ValidationError):
        services.decision_record(application=app, session=app.session, by=member, outcome="special")


@pytest.mark.django_db
def test_decisions_are_frozen_once_published(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    publish_decisions(session, officer)
    with pytest.raises(ValidationError):
        services.decision_record(application=app, session=session, by=member, outcome="special")
    with pytest.raises(ValidationError):
        publish_decisions(session, officer)


@pytest.mark.django_db
def test_undecided_applications_carry_over_when_decisions_are_published(listed):
    app, session, officer = listed["app"], listed["session"], listed["officer"]
    counts = publish_decisions(session, officer)
    app.refresh_from_db()
    assert counts == {"carried_over": 1}
    assert (app.state, app.session) == ("deferred", next_session(session))


def _defer_with_question(listed):
    app, session, officer, member = (listed[k] for k in ("app", "session", "officer", "member"))
    req = services.committee_ask_question(application=app, session=session, by=member, question="Budget?")
    publish_decisions(session, officer)
    app.refresh_from_db()
    return app, req


def _at(day, hours_before):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz) - datetime.timedelta(hours=hours_before)


@pytest.mark.django_db
def test_closure_without_prejudice_when_no_answer_48_hours_before_the_session(listed):
    app, _req = _defer_with_question(listed)
    starts = app.session.starts_on
    assert services.close_unanswered_applications(now=_at(starts, 49)) == []
    assert services.close_unanswered_applications(now=_at(starts, 48)) == [app.pk]
    app.refresh_from_db()
    assert app.state == "closed"
    entry = AuditEntry.objects.for_object(app).get(to_state="closed")
    assert (entry.actor, entry.from_state) == (None, "deferred")
    assert services.close_unanswered_applications(now=_at(starts, 1)) == []  # idempotent


@pytest.mark.django_db
def test_answered_questions_prevent_closure(listed):
    app, req = _defer_with_question(listed)
    services.request_answer(request=req, by=listed["ngo"], answer="Attached.")
    assert services.close_unanswered_applications(now=_at(app.session.starts_on, 2)) == []
    assert Application.objects.get(pk=app.pk).state == "deferred"


@pytest.mark.django_db
def test_closure_task_is_scheduled_periodically(settings):
    tasks = [v["task"] for v in settings.PERIODIC_TASKS.values()]
    assert "accreditation.tasks.close_unanswered_applications" in tasks


@pytest.mark.django_db
def test_answers_after_the_deadline_are_refused(listed):
    _app, req = _defer_with_question(listed)
    with pytest.raises(ValidationError):
        services.request_answer(request=req, by=listed["ngo"], answer="Late", today=req.due_on + datetime.timedelta(1))
    assert InformationRequest.objects.get(pk=req.pk).answered_at is None


@pytest.mark.django_db
def test_ngo_withdraws_its_application(listed):
    app = services.application_withdraw(application=listed["app"], by=listed["ngo"], reason="Merging")
    assert app.state == "withdrawn"
    assert APPLICATION.states["withdrawn"].terminal


@pytest.mark.django_db
def test_bulk_decisions_report_every_refused_item(listed, secretariat):
    app = listed["app"]
    draft, _u = make_ready_application()
    done, refused = services.decisions_bulk_record(application_ids=[app.pk, draft.pk, 999999],
                                                   session=listed["session"], by=listed["member"], outcome="roster")
    assert done == [app.pk]
    assert [pk for pk, _why in refused] == [draft.pk, 999999]
    assert all(why for _pk, why in refused)


@pytest.mark.django_db
def test_rejection_needs_a_reason(listed):
    with pytest.raises(ValidationError):
        services.decision_record(application=listed["app"], session=listed["session"], by=listed["member"],
                                 outcome="reject")
