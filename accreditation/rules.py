"""Permission predicates for accreditation (django-rules)."""

import rules

from portal.rules import is_admin, is_committee, is_ngo, is_secretariat, is_staff_officer


@rules.predicate
def is_member_of_organisation(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_focal_point_of_organisation(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.memberships.filter(user=user, is_focal_point=True).exists()


rules.add_perm("accreditation.view_organisation_private", is_member_of_organisation | is_staff_officer | is_committee)
rules.add_perm("accreditation.change_organisation", (is_ngo & is_member_of_organisation) | is_staff_officer)
rules.add_perm("accreditation.approve_organisation", is_secretariat | is_admin)
