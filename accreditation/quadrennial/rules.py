"""Permission predicates for quadrennial reports (django-rules)."""

import rules

from portal.rules import is_committee, is_ngo, is_staff_officer


@rules.predicate
def is_member_of_report_organisation(user, report):
    if report is None or not user.is_authenticated:
        return False
    return report.organisation.memberships.filter(user=user).exists()


rules.add_perm("quadrennial.view_report", (is_ngo & is_member_of_report_organisation) | is_staff_officer
               | is_committee)
can_change_report = is_ngo & is_member_of_report_organisation
# Only the organisation's own representatives write its report (not even a superuser).
rules.add_perm("quadrennial.change_report", can_change_report)
rules.add_perm("quadrennial.view_all_reports", is_staff_officer | is_committee)
rules.add_perm("quadrennial.check_report", is_staff_officer)
rules.add_perm("quadrennial.manage_lifecycle", is_staff_officer)
rules.add_perm("quadrennial.view_lifecycle", is_staff_officer | is_committee)
rules.add_perm("quadrennial.decide", is_committee)
