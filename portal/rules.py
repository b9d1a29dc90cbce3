"""Role predicates shared by every app's rules.py (django-rules)."""

import rules

from .roles import Role


def _role(role):
    # The role alone: a superuser's power is the admin site's configuration, not business actions
    # (see portal.models.User.has_perm).
    @rules.predicate(name=f"is_{role}")
    def check(user):
        return bool(user and user.is_authenticated and user.role == role)

    return check


is_ngo = _role(Role.NGO)
is_secretariat = _role(Role.SECRETARIAT)
is_committee = _role(Role.COMMITTEE)
is_board = _role(Role.BOARD)
is_donor = _role(Role.DONOR)
is_focal_point = _role(Role.FOCAL_POINT)
is_admin = _role(Role.ADMIN)
is_staff_officer = is_secretariat | is_admin

rules.add_perm("portal.view_audit_log", is_staff_officer)
