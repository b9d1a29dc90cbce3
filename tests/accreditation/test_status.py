import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accreditation.models import Organisation, StatusChange
from accreditation.status import organisation_change_status
from portal.models import AuditEntry, Country
from portal.workflow import TransitionNotAllowed


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Réseau des femmes", country=Country.objects.get(iso2="SN"))


@pytest.mark.django_db
def test_status_lifecycle_keeps_fields_history_and_audit_in_step(org, demo):
    officer = demo["secretariat"]
    organisation_change_status(organisation=org, transition="grant", by=officer, on=datetime.date(2020, 7, 25),
                               reason="ECOSOC decision 2020/210", category="special")
    assert (org.status_state, org.status_category, org.status_granted_on) == ("active", "special", datetime.date(2020, 7, 25))
    organisation_change_status(organisation=org, transition="suspend", by=officer, on=datetime.date(2025, 7, 24),
                               reason="Quadrennial report overdue")
    organisation_change_status(organisation=org, transition="reinstate", by=officer, on=datetime.date(2026, 2, 1),
                               reason="Report received")
    assert (org.status_state, org.suspended_on) == ("active", None)
    assert [(c.from_state, c.to_state) for c in StatusChange.objects.filter(organisation=org).order_by("id")] == [
        ("none", "active"), ("active", "suspended"), ("suspended", "active")]
    assert AuditEntry.objects.for_object(org).count() == 3


@pytest.mark.django_db
def test_status_changes_are_refused_to_non_staff_and_from_wrong_states(org, demo):
    with pytest.raises(PermissionDenied):
        organisation_change_status(organisation=org, transition="grant", by=demo["ngo"], on=datetime.date(2020, 1, 1),
                                   reason="x", category="general")
    with pytest.raises(TransitionNotAllowed):
        organisation_change_status(organisation=org, transition="suspend", by=demo["secretariat"],
                                   on=datetime.date(2020, 1, 1), reason="x")
    org.refresh_from_db()
    assert (org.status_state, StatusChange.objects.count()) == ("none", 0)
