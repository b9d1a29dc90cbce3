"""Permission predicates for participation (django-rules)."""

import rules

from accreditation.models import OrganisationMembership
from portal.rules import is_ngo, is_staff_officer


def member_organisation_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True))


def focal_point_organisation_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OrganisationMembership.objects.filter(user=user, is_focal_point=True)
               .values_list("organisation_id", flat=True))


def _org_id(obj):
    if obj is None:
        return None
    return getattr(obj, "organisation_id", None) or getattr(obj, "pk", None)


@rules.predicate
def is_member_of(user, obj):
    return is_ngo(user) and _org_id(obj) in member_organisation_ids(user)


@rules.predicate
def is_focal_point_of(user, obj):
    return is_ngo(user) and _org_id(obj) in focal_point_organisation_ids(user)


@rules.predicate
def is_the_representative(user, registration):
    return bool(user.is_authenticated and registration is not None
                and registration.representative.user_id == user.pk)


rules.add_perm("participation.manage_meetings", is_staff_officer)
rules.add_perm("participation.designate_representatives", is_focal_point_of | is_staff_officer)
rules.add_perm("participation.view_registration", is_member_of | is_staff_officer)
rules.add_perm("participation.approve_registration", is_focal_point_of)
rules.add_perm("participation.confirm_registration", is_staff_officer)
rules.add_perm("participation.check_in", is_staff_officer)
rules.add_perm("participation.submit_statement", is_member_of)
rules.add_perm("participation.review_statements", is_staff_officer)
rules.add_perm("participation.request_to_speak", is_member_of)
rules.add_perm("participation.build_speakers_list", is_staff_officer)
rules.add_perm("participation.manage_consultations", is_staff_officer)
