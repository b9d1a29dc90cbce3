"""Concurrency invariants on PostgreSQL, with real parallel connections."""


import pytest
from django.core.exceptions import ValidationError

from accreditation import services
from accreditation.models import ConsolidatedList, Decision
from tests.accreditation.factories import make_ready_application, prescreen, publish_decisions
from tests.utils import postgres_only, run_in_parallel


def _listed(officer_user, member):
    app, ngo = make_ready_application()
    services.application_submit(application=app, by=ngo)
    prescreen(app, officer_user)
    app.refresh_from_db()
    clist = services.consolidated_list_build(session=app.session, by=officer_user)
    services.consolidated_list_publish(consolidated_list=clist, by=officer_user)
    return app


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_decisions_of_a_session_are_published_exactly_once(secretariat, member):
    app = _listed(secretariat, member)
    services.decision_record(application=app, session=app.session, by=member, outcome="special")
    results = run_in_parallel([lambda: publish_decisions(app.session, secretariat)] * 3)
    assert sorted(r[0] for r in results) == ["error", "error", "ok"]
    assert all(isinstance(r[1], ValidationError) for r in results if r[0] == "error")
    app.refresh_from_db()
    assert app.state == "recommended"
    assert Decision.objects.get(application=app).state == "published"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_list_builds_get_distinct_versions(secretariat, member):
    app = _listed(secretariat, member)
    results = run_in_parallel([lambda: services.consolidated_list_build(session=app.session, by=secretariat)] * 3)
    assert [r[0] for r in results] == ["ok", "ok", "ok"]
    assert sorted(ConsolidatedList.objects.filter(session=app.session).values_list("version", flat=True)) == [1, 2, 3, 4]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_application_is_submitted_once_even_when_clicked_twice(secretariat):
    app, ngo = make_ready_application()
    results = run_in_parallel([lambda: services.application_submit(application=app, by=ngo)] * 2)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    app.refresh_from_db()
    assert app.state in ("submitted", "prescreening")
    from portal.models import AuditEntry

    assert AuditEntry.objects.for_object(app).filter(action="application.submit").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_application_submitted_while_its_session_is_published_never_lands_in_the_closed_session(
        secretariat, member):
    from accreditation.sessions import next_session

    app = _listed(secretariat, member)
    session = app.session
    services.decision_record(application=app, session=session, by=member, outcome="special")
    late, ngo = make_ready_application()
    results = run_in_parallel([lambda: publish_decisions(session, secretariat),
                         lambda: services.application_submit(application=late, by=ngo)])
    assert [r[0] for r in results] == ["ok", "ok"], results
    late.refresh_from_db()
    session.refresh_from_db()
    assert session.decisions_published_at is not None
    assert late.session == next_session(session)
    assert late.times_deferred == 0
