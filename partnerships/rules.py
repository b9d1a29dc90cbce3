"""Permission predicates for partnerships (django-rules)."""

import rules

from portal.rules import is_admin, is_focal_point, is_ngo, is_secretariat, is_staff_officer  # noqa: F401


@rules.predicate
def is_team_focal_point(user, team):
    """The focal point named on this country team (object: a CountryTeam)."""
    return bool(team is not None and user.is_authenticated and team.focal_point_id == user.pk)


@rules.predicate
def is_member_of_inquiry_organisation(user, inquiry):
    if inquiry is None or not user.is_authenticated:
        return False
    return inquiry.organisation.memberships.filter(user=user).exists()


can_manage_team = (is_focal_point & is_team_focal_point) | is_staff_officer

rules.add_perm("partnerships.view_country_teams", is_focal_point | is_staff_officer)
rules.add_perm("partnerships.manage_team", can_manage_team)
rules.add_perm("partnerships.submit_inquiry", is_ngo)
rules.add_perm("partnerships.view_inquiry", (is_ngo & is_member_of_inquiry_organisation) | is_staff_officer)
rules.add_perm("partnerships.handle_inquiry", is_staff_officer)
rules.add_perm("partnerships.manage_tracker", is_staff_officer)
rules.add_perm("partnerships.view_liaison", is_staff_officer)
