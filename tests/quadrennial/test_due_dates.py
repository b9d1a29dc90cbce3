import datetime

import pytest

from accreditation.quadrennial.selectors import (
    has_overdue_report,
    last_due_period,
    next_period,
    owes_reports,
    reporting_period,
)
from accreditation.quadrennial.services import report_open, report_submit
from tests.quadrennial.factories import SECTIONS, ngo_user, org_in_status

D = datetime.date


def test_first_period_covers_the_four_years_after_the_year_of_grant_and_is_due_on_1_june_after():
    p = reporting_period(D(2020, 3, 15), 1)
    assert (p.first_year, p.last_year, p.due_on) == (2021, 2024, D(2025, 6, 1))
    p2 = reporting_period(D(2020, 3, 15), 2)
    assert (p2.first_year, p2.last_year, p2.due_on) == (2025, 2028, D(2029, 6, 1))


def test_status_granted_on_31_december_counts_from_that_year_not_the_next():
    assert reporting_period(D(2020, 12, 31), 1).due_on == D(2025, 6, 1)
    assert reporting_period(D(2021, 1, 1), 1).due_on == D(2026, 6, 1)


def test_status_granted_on_29_february_of_a_leap_year():
    p = reporting_period(D(2024, 2, 29), 1)
    assert (p.first_year, p.last_year, p.due_on) == (2025, 2028, D(2029, 6, 1))
    # 2029 is not a leap year: nothing in the computation needs 29 February to exist.
    assert next_period(D(2024, 2, 29), D(2029, 3, 1)).due_on == D(2029, 6, 1)


def test_a_due_day_configured_as_29_february_falls_on_28_february_in_common_years(settings):
    settings.QUADRENNIAL = {"DUE_MONTH": 2, "DUE_DAY": 29}
    assert reporting_period(D(2019, 5, 1), 1).due_on == D(2024, 2, 29)  # 2024 is a leap year
    assert reporting_period(D(2020, 5, 1), 1).due_on == D(2025, 2, 28)


def test_the_due_date_itself_is_still_the_next_period_and_the_day_after_is_past_due():
    granted = D(2020, 6, 1)
    assert next_period(granted, D(2025, 6, 1)).cycle == 1
    assert last_due_period(granted, D(2025, 6, 1)) is None
    assert next_period(granted, D(2025, 6, 2)).cycle == 2
    assert last_due_period(granted, D(2025, 6, 2)).cycle == 1


def test_a_cycle_below_one_is_refused():
    with pytest.raises(ValueError):
        reporting_period(D(2020, 1, 1), 0)


@pytest.mark.django_db
def test_reclassification_mid_cycle_restarts_the_cycle_from_its_year():
    from accreditation.status import organisation_change_status
    from tests.quadrennial.factories import secretariat_user

    officer = secretariat_user()
    org = org_in_status(granted_on=D(2020, 7, 1), category="roster", by=officer)
    assert not owes_reports(org)  # roster organisations owe none
    organisation_change_status(organisation=org, transition="reclassify", by=officer, on=D(2022, 7, 25),
                               category="special", reason="Reclassified by ECOSOC.")
    org.refresh_from_db()
    assert owes_reports(org)
    p = next_period(org.status_granted_on, D(2023, 1, 1))
    assert (p.first_year, p.last_year, p.due_on) == (2023, 2026, D(2027, 6, 1))
    # The old cycle (due 2025) no longer applies: nothing is overdue in 2025–2026.
    assert not has_overdue_report(org, on=D(2025, 6, 2))
    assert has_overdue_report(org, on=D(2027, 6, 2))


@pytest.mark.django_db
def test_overdue_only_when_the_latest_due_report_has_not_been_filed():
    user = ngo_user()
    org = org_in_status(granted_on=D(2020, 7, 1), member=user)
    assert not has_overdue_report(org, on=D(2025, 6, 1))
    assert has_overdue_report(org, on=D(2025, 6, 2))
    report = report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
    assert has_overdue_report(org, on=D(2025, 6, 2))  # a draft is not a filed report
    report_submit(report=report, by=user, data=SECTIONS, on=D(2025, 7, 1))
    assert not has_overdue_report(org, on=D(2025, 7, 2))


@pytest.mark.django_db
def test_roster_and_unaccredited_organisations_are_never_overdue():
    roster = org_in_status(granted_on=D(2010, 1, 1), category="roster")
    assert not has_overdue_report(roster, on=D(2026, 1, 1))
    from accreditation.models import Organisation

    none = Organisation.objects.create(name="No status")
    assert not has_overdue_report(none, on=D(2026, 1, 1))
