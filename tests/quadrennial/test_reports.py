import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accreditation.quadrennial import services
from accreditation.quadrennial.models import QuadrennialReport
from accreditation.quadrennial.selectors import reporting_period
from portal.models import AuditEntry
from tests.quadrennial.factories import SECTIONS, committee_with_member, ngo_user, org_in_status, secretariat_user

D = datetime.date


@pytest.fixture
def filing(db):
    user = ngo_user()
    org = org_in_status(granted_on=D(2020, 3, 15), member=user)
    report = services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
    return user, org, report


def test_opening_a_period_twice_gives_the_same_draft(filing):
    user, org, report = filing
    again = services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
    assert again.pk == report.pk and report.state == "draft" and report.due_on == D(2025, 6, 1)


def test_another_ngo_cannot_open_edit_or_file_the_report(filing):
    _user, org, report = filing
    stranger = ngo_user()
    with pytest.raises(PermissionDenied):
        services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=stranger)
    with pytest.raises(PermissionDenied):
        services.report_save(report=report, by=stranger, data=SECTIONS)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=stranger, data=SECTIONS)


@pytest.mark.parametrize("text,words", [
    ("word " * 11, 11),
    ("我们组织致力于保护妇女权利", 13),  # Chinese: one word per character
    ("نحن منظمة غير حكومية تعمل من أجل حقوق المرأة والطفل في المنطقة", 12),
])
def test_word_limits_are_configuration_and_count_every_language(filing, settings, text, words):
    settings.QUADRENNIAL = {"WORD_LIMITS": {"aims_and_changes": words - 1}}
    user, _org, report = filing
    with pytest.raises(ValidationError) as exc:
        services.report_save(report=report, by=user, data={"aims_and_changes": text})
    assert f"has {words} words; the limit is {words - 1}" in exc.value.message_dict["aims_and_changes"][0]
    report.refresh_from_db()
    assert report.aims_and_changes == ""  # nothing half-saved
    settings.QUADRENNIAL = {"WORD_LIMITS": {"aims_and_changes": words}}
    services.report_save(report=report, by=user, data={"aims_and_changes": text})
    report.refresh_from_db()
    assert report.aims_and_changes == text.strip()


def test_filing_needs_the_aims_and_a_contribution(filing):
    user, _org, report = filing
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, by=user, data={"other_activities": "Some."})
    assert set(exc.value.message_dict) == {"aims_and_changes", "participation_in_meetings"}
    report.refresh_from_db()
    assert report.state == "draft" and report.submitted_on is None


def test_the_full_review_cycle_with_return_deferral_and_answers(filing):
    user, _org, report = filing
    officer = secretariat_user()
    committee, delegate = committee_with_member()
    services.report_submit(report=report, by=user, data=SECTIONS, on=D(2025, 5, 2))
    with pytest.raises(ValidationError):
        services.report_save(report=report, by=user, data=SECTIONS)  # filed: no longer editable
    services.report_return(report=report, by=officer, reason="Add the meetings attended.")
    report.refresh_from_db()
    assert report.state == "returned" and report.secretariat_note == "Add the meetings attended."
    services.report_submit(report=report, by=user, data={**SECTIONS, "participation_in_meetings": "CSW 2023."},
                           on=D(2025, 6, 20))
    report.refresh_from_db()
    assert report.submitted_on == D(2025, 5, 2)  # first filing date kept: it was filed in time
    services.report_check(report=report, by=officer)
    with pytest.raises(ValidationError):
        services.report_defer(report=report, by=delegate, questions=" ")
    services.report_defer(report=report, by=delegate, questions="Which delegates attended?")
    with pytest.raises(PermissionDenied):
        services.report_answer(report=report, by=ngo_user(), answers="Nobody.")
    services.report_answer(report=report, by=user, answers="Two delegates.")
    services.report_take_note(report=report, by=delegate, on=D(2026, 1, 25))
    report.refresh_from_db()
    assert (report.state, report.noted_on, report.answers) == ("noted", D(2026, 1, 25), "Two delegates.")
    actions = list(AuditEntry.objects.filter(object_id=str(report.pk), content_type__model="quadrennialreport")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["quadrennial_report.open", "quadrennial_report.save", "quadrennial_report.submit",
                       "quadrennial_report.return", "quadrennial_report.save", "quadrennial_report.submit",
                       "quadrennial_report.check", "quadrennial_report.defer", "quadrennial_report.answer",
                       "quadrennial_report.take_note"]


def test_only_the_secretariat_checks_and_only_the_committee_takes_note(filing):
    user, _org, report = filing
    committee, delegate = committee_with_member()
    services.report_submit(report=report, by=user, data=SECTIONS)
    with pytest.raises(PermissionDenied):
        services.report_check(report=report, by=delegate)
    with pytest.raises(PermissionDenied):
        services.report_check(report=report, by=user)
    services.report_check(report=report, by=secretariat_user())
    with pytest.raises(PermissionDenied):
        services.report_take_note(report=report, by=secretariat_user())
    assert QuadrennialReport.objects.get(pk=report.pk).state == "checked"


@pytest.mark.django_db
def test_roster_organisations_cannot_open_a_report():
    user = ngo_user()
    org = org_in_status(granted_on=D(2020, 3, 15), member=user, category="roster")
    with pytest.raises(ValidationError):
        services.report_open(organisation=org, period=reporting_period(org.status_granted_on, 1), by=user)
