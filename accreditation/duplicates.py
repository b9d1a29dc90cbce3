"""Possible duplicates of an organisation: same or similar name (accents,
case and punctuation ignored), same website domain, or same e-mail domain.
Shown to the registrant before creation, to the officer at approval and to
the country focal point keeping the roster."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.text import normalise_name

from .models import Organisation

# Webmail domains say nothing about who an organisation is.
_PUBLIC_MAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "yahoo.fr", "live.com", "aol.com",
                "icloud.com", "proton.me", "protonmail.com", "mail.ru", "yandex.ru", "qq.com", "163.com"}
SIMILARITY = 0.85


@dataclass(frozen=True)
class PossibleDuplicate:
    organisation: Organisation
    reasons: tuple[str, ...]


def _domain_of_url(url: str) -> str:
    host = urlsplit(url if "//" in (url or "") else f"//{url or ''}").hostname or ""
    return host.removeprefix("www.").lower()


def _domain_of_email(email: str) -> str:
    domain = (email or "").rpartition("@")[2].lower()
    return "" if domain in _PUBLIC_MAIL else domain


def _tokens(value):
    return [t for t in normalise_name(value).split() if len(t) > 2]


def find_possible_duplicates(*, name: str, website: str = "", email: str = "", acronym: str = "",
                             exclude_pk=None, limit: int = 10) -> list[PossibleDuplicate]:
    wanted = normalise_name(name)
    web, mail = _domain_of_url(website), _domain_of_email(email)
    # Narrow in the database (any shared long word, the acronym or a domain), then score in Python.
    q = Q()
    for token in _tokens(name)[:6]:
        q |= Q(name__icontains=token) | Q(name_en_fr__icontains=token)
    if acronym:
        q |= Q(acronym__iexact=acronym)
    if web:
        q |= Q(website__icontains=web)
    if mail:
        q |= Q(email__iendswith=f"@{mail}")
    if not q:
        return []
    candidates = Organisation.objects.filter(q).only("id", "name", "name_en_fr", "acronym", "website", "email",
                                                      "country_id", "profile_state", "status_state")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for org in candidates[:500]:
        reasons = []
        names = {normalise_name(org.name), normalise_name(org.name_en_fr)} - {""}
        if wanted in names:
            reasons.append(str(_("same name")))
        elif any(SequenceMatcher(None, wanted, n).ratio() >= SIMILARITY for n in names):
            reasons.append(str(_("similar name")))
        if web and _domain_of_url(org.website) == web:
            reasons.append(str(_("same website")))
        if mail and _domain_of_email(org.email) == mail:
            reasons.append(str(_("same e-mail domain")))
        if reasons:
            found.append(PossibleDuplicate(org, tuple(reasons)))
    found.sort(key=lambda d: (-len(d.reasons), d.organisation.name))
    return found[:limit]
