"""One validation path for query parameters and request bodies.

Pages and API endpoints parse their filters with a form (`parse_query`);
anything a form refuses raises `InvalidInput`, which the page face answers
with the 400 template (the field named with its message) and the API face
with its usual 400 error body. Never `int()` or `isdigit()` by hand: a
superscript two passes `isdigit()` and then breaks `int()`.

The fields here are strict where Django's are lenient: integers in ASCII
digits only (Python's int() reads Arabic-Indic and other digits), bounded,
and finite decimals.
"""

import re

from django import forms
from django.core.exceptions import BadRequest
from django.core.validators import MaxLengthValidator

ASCII_INTEGER = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)


class InvalidInput(BadRequest):
    """A request whose parameters or body a form or serializer refused.

    `errors` maps each field to its messages (as `form.errors` does)."""

    def __init__(self, errors):
        self.errors = {str(k): [str(m) for m in (v if isinstance(v, list | tuple) else [v])]
                       for k, v in dict(errors).items()}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))


class StrictIntegerField(forms.IntegerField):
    """An integer written in ASCII digits, within bounds."""

    def __init__(self, *, min_value=-(2**31), max_value=2**31 - 1, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value in self.empty_values:
                return None
            if not ASCII_INTEGER.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearField(StrictIntegerField):
    def __init__(self, *, min_value=1945, max_value=2100, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class IdField(StrictIntegerField):
    """A row id given as a filter (?meeting=12)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=2**31 - 1, **kwargs)


class ParamForm(forms.Form):
    """A filter form: every field optional unless it says otherwise, text
    bounded. Subclasses declare their fields."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = 200
                field.validators.append(MaxLengthValidator(200))

    def cleaned(self) -> dict:
        """The cleaned values, or InvalidInput naming each refused field."""
        if not self.is_valid():
            raise InvalidInput(self.errors)
        return self.cleaned_data


def parse_query(form_class, request, **kwargs) -> dict:
    """Clean request.GET through `form_class`; wrong values are a 400, never ignored.

    Only the keys the form declares and that were sent are read; an empty value
    means "no filter"."""
    params = getattr(request, "query_params", None)
    if params is None:
        params = request.GET
    return form_class(params, **kwargs).cleaned()


def choice_field(choices, **kwargs):
    """An optional choice among `choices` ((value, label) pairs or a callable)."""
    kwargs.setdefault("required", False)
    if callable(choices):
        return forms.ChoiceField(choices=lambda: [("", "")] + list(choices()), **kwargs)
    return forms.ChoiceField(choices=[("", ""), *choices], **kwargs)



class IdListField(forms.MultipleChoiceField):
    """Ticked row ids (name="applications" on many checkboxes): each an id in
    ASCII digits; an unreadable one refuses the whole request."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def valid_value(self, value):
        return True

    def clean(self, value):
        values = super().clean(value)
        ids = []
        for v in values:
            v = str(v).strip()
            if not ASCII_INTEGER.fullmatch(v) or not 0 < int(v) < 2**31:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": v[:20]})
            ids.append(int(v))
        return ids


def parse_body(form_class, request, **kwargs) -> dict:
    """Clean request.POST through `form_class`; refused values are a 400."""
    return form_class(request.POST, **kwargs).cleaned()


def install_model_choice_guard():
    """A chosen row given as a number too large for the database (SQLite raises
    OverflowError, which Django's model choice fields do not catch) is an
    invalid choice like any other unknown id: a form error, not a 500."""
    from django.forms import models as model_forms

    if getattr(model_forms.ModelChoiceField, "_portal_guarded", False):
        return

    def guarded(method, code):
        def wrapper(self, value, *args, **kwargs):
            try:
                return method(self, value, *args, **kwargs)
            except OverflowError:
                raise forms.ValidationError(self.error_messages[code], code=code,
                                            params={"value": str(value)[:20]}) from None
        return wrapper

    model_forms.ModelChoiceField.to_python = guarded(model_forms.ModelChoiceField.to_python, "invalid_choice")
    model_forms.ModelMultipleChoiceField._check_values = guarded(
        model_forms.ModelMultipleChoiceField._check_values, "invalid_choice")
    model_forms.ModelChoiceField._portal_guarded = True


def install_api_number_guard():
    """The API reads numbers in ASCII digits only, like the pages: Python reads
    Unicode digits such as '٣' as numbers, which would let `٢٠٢٦` through
    a serializer. A number, or a row's id, written otherwise is a 400 naming
    the field."""
    from rest_framework import fields as drf_fields
    from rest_framework import relations

    if getattr(drf_fields.IntegerField, "_portal_guarded", False):
        return

    def ascii_only(method, code):
        def wrapper(self, data):
            if isinstance(data, str) and not data.isascii():
                self.fail(code)
            return method(self, data)
        return wrapper

    for cls in (drf_fields.IntegerField, drf_fields.DecimalField, drf_fields.FloatField):
        cls.to_internal_value = ascii_only(cls.to_internal_value, "invalid")
        cls._portal_guarded = True

    original = relations.PrimaryKeyRelatedField.to_internal_value

    def related(self, data):
        if isinstance(data, str) and not data.isascii():
            self.fail("incorrect_type", data_type="text")
        return original(self, data)

    relations.PrimaryKeyRelatedField.to_internal_value = related


class AuditFilter(ParamForm):
    """The audit log narrowed to one object: ?type=app_label.model&id=…"""

    type = forms.RegexField(required=False, regex=r"^[a-z_]{1,50}\.[a-z_]{1,50}$")
    id = forms.CharField(required=False, max_length=64)


def posted_id(request, name: str, *, required: bool = True) -> int | None:
    """The row id posted in `name` (a radio or hidden field), read by a form:
    a missing or unreadable id is a 400 naming the field."""
    form_class = type("PostedId", (ParamForm,), {name: IdField(required=required)})
    return form_class(request.POST).cleaned()[name]
