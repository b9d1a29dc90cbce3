"""One confirmation step for every irreversible or far-reaching action.

A view that does such an action calls `confirmation(request, ...)` first: on
the first POST it answers a page that says in plain words what will happen and
to how many items, carrying every posted field forward; the action runs only
when that page is submitted (the second click). Server-side, no JavaScript.

    page = confirmation(request, title=..., consequences=[...], count=n, confirm_label=...)
    if page:
        return page
    ...do it...
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRM_FIELD = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    title: str
    consequences: list
    confirm_label: str
    count: int | None = None
    count_label: str = ""
    danger: bool = True


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def _carried_fields(request):
    """Every posted field except the token and the confirmation flag, in order,
    repeated fields kept (bulk actions post many ids)."""
    return [(key, value) for key in request.POST for value in request.POST.getlist(key)
            if key not in ("csrfmiddlewaretoken", CONFIRM_FIELD, "reauth_secret")]


def _back_url(request, cancel_url):
    if cancel_url:
        return cancel_url
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return request.path


def confirmation(request, *, title, consequences, confirm_label, count=None, count_label="",
                 cancel_url=None, danger=True, action_url=None, reauthenticate=False):
    """None when the user has confirmed; otherwise the confirmation page.
    With `reauthenticate`, a session whose password or code is older than
    settings.REAUTHENTICATE_AFTER_MINUTES gives one again first
    (portal.twofactor.reauthenticate)."""
    if reauthenticate:
        from .twofactor import reauthenticate as ask_again

        page = ask_again(request)
        if page:
            return page
    if is_confirmed(request):
        return None
    ctx = {
        "confirmation": Confirmation(title=title, consequences=[c for c in consequences if c],
                                     confirm_label=confirm_label, count=count, count_label=count_label,
                                     danger=danger),
        "fields": _carried_fields(request),
        "action_url": action_url or request.get_full_path(),
        "cancel_url": _back_url(request, cancel_url),
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "portal/confirm.html", ctx)
