"""Permission predicates for quadrennial reports (django-rules)."""

import rules

from accreditation.committee_scope import report_in_scope, sits_on_any_committee
from portal.rules import is_committee, is_ngo, is_staff_officer


@rules.predicate
def is_member_of_report_organisation(user, report):
    if report is None or not user.is_authenticated:
        return False
    return report.organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_report_before_members_committee(user, report):
    """Checked reports before one of the user's committees (never drafts or
    reports awaiting the Secretariat or returned to the organisation)."""
    return report_in_scope(user, report)


@rules.predicate
def sits_on_a_committee(user):
    return sits_on_any_committee(user)


committee_member = is_committee & sits_on_a_committee

rules.add_perm("quadrennial.view_report", (is_ngo & is_member_of_report_organisation) | is_staff_officer
               | (is_committee & is_report_before_members_committee))
can_change_report = is_ngo & is_member_of_report_organisation
# Only the organisation's own representatives write its report (not even a superuser).
rules.add_perm("quadrennial.change_report", can_change_report)
rules.add_perm("quadrennial.view_all_reports", is_staff_officer | committee_member)
rules.add_perm("quadrennial.check_report", is_staff_officer)
rules.add_perm("quadrennial.manage_lifecycle", is_staff_officer)
rules.add_perm("quadrennial.view_lifecycle", is_staff_officer | committee_member)
# On a report: only a member of a committee the report is before.
rules.add_perm("quadrennial.decide", is_committee & is_report_before_members_committee)
