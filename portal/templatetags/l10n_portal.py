"""Locale-aware filters, loaded in every template (settings.TEMPLATES builtins).

{{ amount|money }}            350,300.00 US$ / 350 300,00 $US / US$350,300.00 …  (Babel, CLDR)
{{ amount|money:"EUR" }}      in another currency
{{ n|number }} {{ x|number:2 }}  thousands separators of the reader's language
{{ "SN"|country }}           a country (ISO code or English M49 name) in the reader's language
{{ "Western Asia"|region }}  an M49 region or sub-region in the reader's language
{{ value|choice_label:choices }}  the label of a stored code
"""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal
from django import template

from portal import i18n

register = template.Library()


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value, currency="USD"):
    amount = _decimal(value)
    if amount is None:
        return "—"
    return format_currency(amount, currency or "USD", locale=i18n.cldr_locale())


@register.filter
def number(value, decimals=None):
    amount = _decimal(value)
    if amount is None:
        return "—" if value in (None, "") else value
    if decimals is None:
        fmt = None
    else:
        digits = int(decimals)
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(amount, format=fmt, locale=i18n.cldr_locale())


@register.filter
def country(value):
    return i18n.country_name(value)


@register.filter
def region(value):
    return i18n.region_name(value)


@register.filter
def choice_label(value, choices):
    """The label of `value` in a Django choices class or list of pairs."""
    pairs = getattr(choices, "choices", choices) or []
    return dict(pairs).get(value, value)


@register.filter
def audit_actor(entry):
    """{{ entry|audit_actor }}: the person's name and role."""
    from portal.audit_text import actor_label

    return actor_label(entry.actor)


@register.filter
def audit_sentence(entry):
    """{{ entry|audit_sentence }}: what happened, as a sentence."""
    from portal.audit_text import describe

    return describe(entry)


@register.filter
def audit_object(entry):
    """{{ entry|audit_object }}: the object as it reads today, in the reader's language."""
    try:
        target = entry.target
    except Exception:  # the object's model is gone
        target = None
    if target is None:
        return entry.object_repr
    from django.contrib.auth import get_user_model

    if isinstance(target, get_user_model()):
        from portal.audit_text import actor_label

        return actor_label(target)  # a person by name and role, not by username
    return str(target)
