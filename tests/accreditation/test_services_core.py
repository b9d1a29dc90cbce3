import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accreditation import services
from accreditation.models import Application, Organisation, OrganisationMembership
from accreditation.sessions import session_year_for
from portal.models import AuditEntry, Country
from portal.roles import Role
from tests.accreditation.factories import make_org, make_ready_application, officer
from tests.factories import UserFactory


@pytest.mark.parametrize(("received", "year"), [
    (datetime.date(2026, 1, 1), 2027),
    (datetime.date(2026, 5, 31), 2027),
    (datetime.date(2026, 6, 1), 2027),
    (datetime.date(2026, 6, 2), 2028),
    (datetime.date(2026, 12, 31), 2028),
])
def test_the_1_june_deadline_decides_the_session_year(received, year):
    assert session_year_for(received) == year


@pytest.mark.django_db
def test_organisation_create_registers_pending_profile_with_registrant_as_focal_point():
    user = UserFactory(role=Role.NGO)
    org = services.organisation_create(by=user, fields={"name": "Red de Mujeres", "hq_address": "Calle 5 # 10-20",
                                                        "country": Country.objects.get(iso2="CO")},
                                       funding_sources=[{"name": "Dues", "kind": "non_governmental", "share": 60}])
    assert org.profile_state == Organisation.ProfileState.PENDING
    assert OrganisationMembership.objects.filter(organisation=org, user=user, is_focal_point=True).count() == 1
    assert org.non_governmental_share == 60
    assert AuditEntry.objects.for_object(org).filter(action="organisation.create").count() == 1


@pytest.mark.django_db
def test_focal_point_creates_roster_organisation_without_becoming_member():
    fp = UserFactory(role=Role.FOCAL_POINT)
    org = services.organisation_create(by=fp, fields={"name": "Botswana Youth Forum", "hq_address": "Plot 5, Gaborone",
                                                                "country": Country.objects.get(iso2="BW")},
                                       add_member=False)
    assert org.memberships.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["P.O. Box 1234, Nairobi", "PO Box 77", "Boîte postale 12, Dakar", "BP 455 Lomé",
                                     "Post Office Box 9", "Apartado 123, Lima", "Postfach 10 11, Bonn"])
def test_po_box_is_refused_as_headquarters_with_clear_message(address):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(by=UserFactory(role=Role.NGO), fields={"name": "X", "hq_address": address})
    assert "P.O. box" in exc.value.message_dict["hq_address"][0]
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("address", ["Boxer Street 4", "12 Poplar Road", "Bpifrance building, 3 rue X"])
def test_street_addresses_are_not_mistaken_for_po_boxes(address):
    assert services.is_po_box(address) is False


@pytest.mark.django_db
def test_organisation_create_refuses_funding_over_100_percent_and_saves_nothing():
    with pytest.raises(ValidationError):
        services.organisation_create(by=UserFactory(role=Role.NGO), fields={"name": "Y", "hq_address": "Main St 1"},
                                     funding_sources=[{"name": "a", "kind": "governmental", "share": 70},
                                                      {"name": "b", "kind": "non_governmental", "share": 40}])
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_donor_may_not_register_an_organisation():
    with pytest.raises(PermissionDenied):
        services.organisation_create(by=UserFactory(role=Role.DONOR), fields={"name": "Z", "hq_address": "Main St 1"})


@pytest.mark.django_db
@pytest.mark.parametrize(("received", "session_year"), [
    (datetime.date(2026, 5, 31), 2027), (datetime.date(2026, 6, 1), 2027),
    (datetime.date(2026, 6, 2), 2028), (datetime.date(2026, 12, 31), 2028)])
def test_submission_assigns_the_regular_session_by_the_1_june_rule(received, session_year,
                                                                    django_capture_on_commit_callbacks):
    officer()
    app, user = make_ready_application(registered_years_ago=6)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user, today=received)
    app.refresh_from_db()
    assert (app.session.year, app.session.kind, app.received_on) == (session_year, "regular", received)
    assert app.state == "prescreening"


@pytest.mark.django_db
def test_two_year_rule_refuses_recently_registered_organisation(demo):
    app, user = make_ready_application(registered_years_ago=1)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=app, by=user)
    assert any("at least two years" in m for m in exc.value.messages)
    app.refresh_from_db()
    assert app.state == "draft"


@pytest.mark.django_db
def test_submission_refused_within_three_years_of_withdrawal(demo):
    app, user = make_ready_application()
    Organisation.objects.filter(pk=app.organisation_id).update(
        withdrawn_on=datetime.date(2025, 3, 1), status_state="withdrawn", status_category="special")
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=app, by=user, today=datetime.date(2028, 2, 28))
    assert any("three years" in m for m in exc.value.messages)
    app.refresh_from_db()
    assert app.state == "draft"


@pytest.mark.django_db
def test_submission_allowed_three_years_after_withdrawal(demo, django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    Organisation.objects.filter(pk=app.organisation_id).update(
        withdrawn_on=datetime.date(2025, 3, 1), status_state="withdrawn", status_category="special")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user, today=datetime.date(2028, 3, 1))
    app.refresh_from_db()
    assert app.state == "prescreening"


@pytest.mark.django_db
def test_incomplete_application_lists_every_missing_piece():
    org, user = make_org()
    from accreditation.models import Body

    app = services.application_create(by=user, organisation=org, track="intergovernmental",
                                      bodies=[Body.objects.get(code="ecosoc")], requested_category="special")
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=app, by=user)
    messages = exc.value.messages
    assert not any("code of conduct" in m for m in messages)  # none adopted (¶34)
    assert sum("Upload" in m for m in messages) == 4
    assert sum("Answer the question" in m for m in messages) == 6


@pytest.mark.django_db
def test_automatic_checks_record_results_and_assign_least_loaded_officer(django_capture_on_commit_callbacks):
    busy, free = officer(), officer()
    for _ in range(2):
        a, u = make_ready_application()
        with django_capture_on_commit_callbacks(execute=True):
            services.application_submit(application=a, by=u)
        services.application_assign(application=a, officer=busy, by=busy)
    app, user = make_ready_application(ngo_share=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    app.refresh_from_db()
    assert app.officer == free
    results = {r.criterion.check_kind: r.result for r in app.criterion_results.select_related("criterion")}
    assert results == {"registered_two_years": "met", "hq_not_po_box": "met", "documents_present": "met",
                       "non_governmental_funding": "not_met"}
    # Idempotent: running again changes nothing.
    services.application_run_automatic_checks(application_id=app.pk)
    assert app.criterion_results.count() == 4
    assert Application.objects.get(pk=app.pk).state == "prescreening"


@pytest.mark.django_db
def test_another_ngo_cannot_change_the_application():
    app, _user = make_ready_application()
    stranger = UserFactory(role=Role.NGO)
    for call in (lambda: services.application_submit(application=app, by=stranger),
                 lambda: services.application_save_answers(application=app, by=stranger, answers={"aims": "x"}),
                 lambda: services.application_withdraw(application=app, by=stranger)):
        with pytest.raises(PermissionDenied):
            call()
