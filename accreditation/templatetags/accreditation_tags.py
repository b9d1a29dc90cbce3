from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:value }}: the label of a stored value, else the value."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
