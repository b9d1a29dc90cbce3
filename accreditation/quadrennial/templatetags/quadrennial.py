from django import template

from ..workflow import LIFECYCLE_ENTRY, REPORT

register = template.Library()


@register.filter
def report_public_label(state):
    return REPORT.public_label(state)


@register.filter
def report_label(state):
    return REPORT.label(state)


@register.filter
def lifecycle_label(state):
    return LIFECYCLE_ENTRY.label(state)
