"""Navigation per role. Each app appends its entries to NAV in its
AppConfig.ready(); the shell shows a user only the entries of their role,
grouped in a few menus (GROUPS, by the entry's URL namespace unless the entry
names its group), with breadcrumbs for the page below them."""

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
    group: str = ""  # a key of GROUPS; "" = from the URL namespace


ALL_ROLES = frozenset(Role.values)

# The menus, in order; an entry whose URL namespace is listed falls in its menu.
GROUPS = {
    "accreditation": _("Accreditation"),
    "reports": _("Reports"),
    "meetings": _("Meetings"),
    "grants": _("Grants"),
    "partnerships": _("Partnerships"),
    "administration": _("Administration"),
}
NAMESPACE_GROUPS = {
    "accreditation": "accreditation",
    "quadrennial": "reports",
    "participation": "meetings",
    "trustfund": "grants",
    "partnerships": "partnerships",
}
TOP_LEVEL = "top"

NAV: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard", ALL_ROLES, order=0, group=TOP_LEVEL),
    NavItem(_("Audit log"), "audit-log", frozenset({Role.SECRETARIAT, Role.ADMIN}), order=900,
            group="administration"),
]


def _group_of(item: NavItem) -> str:
    if item.group:
        return item.group
    namespace = item.url_name.split(":", 1)[0] if ":" in item.url_name else ""
    return NAMESPACE_GROUPS.get(namespace, "administration")


def _items_for(user):
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    items = [i for i in NAV if not i.roles or role in i.roles]
    return sorted(items, key=lambda i: i.order)


def nav_for(user):
    """The flat list of entries (label, url) the user may see, in order."""
    return [{"label": i.label, "url": reverse(i.url_name)} for i in _items_for(user)]


def _is_under(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def nav_groups_for(user, path: str = ""):
    """The menus: [{"key", "label", "items": [{label, url, active}], "active"}];
    the dashboard stands alone first. One entry per label within a menu."""
    groups: dict[str, dict] = {}
    top = []
    for item in _items_for(user):
        url = reverse(item.url_name)
        entry = {"label": item.label, "url": url, "active": _is_under(path, url)}
        key = _group_of(item)
        if key == TOP_LEVEL:
            top.append(entry)
            continue
        group = groups.setdefault(key, {"key": key, "label": GROUPS.get(key, key), "items": []})
        group["items"].append(entry)
    ordered = [groups[k] for k in GROUPS if k in groups] + [g for k, g in groups.items() if k not in GROUPS]
    for group in ordered:
        group["active"] = any(e["active"] for e in group["items"])
    return top, ordered


def breadcrumbs_for(user, path: str):
    """Dashboard › menu › the entry the page lies under (a link unless it is
    the page itself). Empty on the dashboard, the home page and outside the
    menus."""
    if not path or path == "/" or path.startswith(reverse("dashboard")):
        return []
    _top, groups = nav_groups_for(user, path)
    best, best_group = None, None
    for group in groups:
        for entry in group["items"]:
            if entry["active"] and (best is None or len(entry["url"]) > len(best["url"])):
                best, best_group = entry, group
    if best is None:
        return []
    trail = []
    if getattr(user, "is_authenticated", False):
        trail.append({"label": _("Dashboard"), "url": reverse("dashboard")})
    else:
        trail.append({"label": _("Home"), "url": reverse("home")})
    trail.append({"label": best_group["label"], "url": ""})
    trail.append({"label": best["label"], "url": "" if path == best["url"] else best["url"]})
    return trail
