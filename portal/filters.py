"""Shared pieces for the API's declared filters (django-filter): every list's
filters and ordering are declared in a FilterSet, validated (a wrong value is
a 400 naming the parameter) and documented in the OpenAPI schema."""

import django_filters as df


class StableOrderingFilter(df.OrderingFilter):
    """`?ordering=field` or `?ordering=-field` (comma-separated for several);
    rows that tie keep a stable order (by id), so pages do not overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class StrictBooleanFilter(df.ChoiceFilter):
    """`true` or `false`, nothing else (a wrong value is a 400, not ignored)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")
