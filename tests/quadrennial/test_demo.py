from collections import Counter
from io import StringIO

import pytest

from accreditation.models import Organisation
from accreditation.quadrennial import demo
from accreditation.quadrennial.models import QuadrennialReport, ReportReminder
from accreditation.quadrennial.selectors import overdue_organisation_ids
from accreditation.quadrennial.workflow import REPORT
from tests.quadrennial.factories import ensure_reference_data


@pytest.mark.django_db
def test_seed_demo_adds_reports_in_every_state_and_the_lifecycle_and_is_idempotent():
    from portal import demo as portal_demo

    ensure_reference_data()
    portal_demo.seed_demo(StringIO())
    demo.seed_demo(StringIO())
    counts = (QuadrennialReport.objects.count(), ReportReminder.objects.count(), Organisation.objects.count())
    demo.seed_demo(StringIO())  # twice: nothing changes
    assert (QuadrennialReport.objects.count(), ReportReminder.objects.count(),
            Organisation.objects.count()) == counts
    states = Counter(QuadrennialReport.objects.values_list("state", flat=True))
    assert set(states) == set(REPORT.states)
    names = [o[0] for o in demo.ORGS]
    orgs = Organisation.objects.filter(name__in=names)
    assert Counter(orgs.values_list("status_state", flat=True)) >= Counter({"suspended": 2, "withdrawn": 1})
    assert orgs.filter(status_changes__from_state="suspended", status_changes__to_state="active").exists()
    assert overdue_organisation_ids()
    # The demo NGO login sees reminders for the organisations it represents.
    assert ReportReminder.objects.filter(organisation__memberships__user__username="ngo").exists()
