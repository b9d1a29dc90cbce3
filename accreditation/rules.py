"""Permission predicates for accreditation (django-rules)."""

import rules

from accreditation.committee_scope import organisation_on_lists
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


@rules.predicate
def is_organisation_on_members_lists(user, organisation):
    """A committee member sees a private profile only while the organisation
    is on one of their committee's lists (accreditation.committee_scope)."""
    return organisation_on_lists(user, organisation)


rules.add_perm("accreditation.view_organisation_private",
               is_member_of_organisation | is_staff_officer | (is_committee & is_organisation_on_members_lists))
rules.add_perm("accreditation.change_organisation", (is_ngo & is_member_of_organisation) | is_staff_officer)
rules.add_perm("accreditation.approve_organisation", is_secretariat | is_admin)


@rules.predicate
def is_member_of_application_organisation(user, application):
    if application is None or not user.is_authenticated:
        return False
    return application.organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_member_of_list_committee(user, consolidated_list):
    if consolidated_list is None or not user.is_authenticated:
        return False
    return consolidated_list.session.committee.members.filter(pk=user.pk).exists()


@rules.predicate
def is_published_list(user, consolidated_list):
    return consolidated_list is not None and consolidated_list.published_at is not None


rules.add_perm("accreditation.view_application", (is_ngo & is_member_of_application_organisation) | is_staff_officer)
rules.add_perm("accreditation.change_application", is_ngo & is_member_of_application_organisation)
rules.add_perm("accreditation.prescreen_application", is_staff_officer)
# A session's list is for its committee's members (once published) and the Secretariat; no one else.
rules.add_perm("accreditation.view_consolidated_list",
               is_staff_officer | (is_committee & is_member_of_list_committee & is_published_list))
rules.add_perm("accreditation.decide_consolidated_list", is_committee & is_member_of_list_committee & is_published_list)
