"""Navigation per role. Each app appends its entries to NAV in its
AppConfig.ready(); the shell shows a user only the entries of their role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # empty = everyone, "anonymous" included
    order: int = 100


ALL_ROLES = frozenset(Role.values)

NAV: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard", ALL_ROLES, order=0),
    NavItem(_("Audit log"), "audit-log", frozenset({Role.SECRETARIAT, Role.ADMIN}), order=900),
    NavItem(_("API"), "api-docs", ALL_ROLES, order=950),
]


def nav_for(user):
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    items = [i for i in NAV if not i.roles or role in i.roles]
    return [{"label": i.label, "url": reverse(i.url_name)} for i in sorted(items, key=lambda i: i.order)]
