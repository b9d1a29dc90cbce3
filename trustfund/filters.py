"""The trust fund pages' list filters, parsed by forms: a wrong value is a 400
naming the parameter (portal/params.py), never silently ignored."""

from portal.params import ParamForm, YearField, choice_field

from .workflow import GRANT_APPLICATION


class YearFilter(ParamForm):
    year = YearField(min_value=2000, max_value=2100)


class ApplicationFilter(ParamForm):
    state = choice_field(lambda: [(s, s) for s in GRANT_APPLICATION.states])
