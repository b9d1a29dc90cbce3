from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:value }}: the label of a stored value, else the value."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.simple_tag
def criteria_summary(summary):
    """One line for a list entry's pre-screening: "All 7 criteria met", or
    the criteria not met and those needing information, by name.
    `summary`: an entry's summary_items (selectors.entries_for_reader)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    rows = summary or []
    if not rows:
        return _("Not screened")
    not_met = [r["criterion"] for r in rows if r.get("result_code") == "not_met"]
    needs = [r["criterion"] for r in rows if r.get("result_code") == "needs_info"]
    if not not_met and not needs:
        return ngettext("The %(n)s criterion is met", "All %(n)s criteria met", len(rows)) % {"n": len(rows)}
    parts = []
    if not_met:
        parts.append(_("Not met: %(c)s") % {"c": ", ".join(not_met)})
    if needs:
        parts.append(_("Needs information: %(c)s") % {"c": ", ".join(needs)})
    return "; ".join(parts)
