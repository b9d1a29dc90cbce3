"""REST API conventions: pagination, one error format, codes with their labels.

Every error answers {"error": {"status": ..., "code": ..., "message": ...,
"fields": {...}}}; validation errors are 400 with the field messages.
"""

from functools import partial

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

TEXT_MAX_LENGTH = 20000  # characters in one free-text field sent to the API


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _django_validation_to_drf(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


def exception_handler(exc, context):
    from .params import InvalidInput

    if isinstance(exc, InvalidInput):
        exc = exceptions.ValidationError(exc.errors)
    elif isinstance(exc, DjangoValidationError):
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    message = ""
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        if isinstance(detail, dict):
            fields = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
            non_field = fields.pop("non_field_errors", [])
            message = " ".join(non_field) or str(exceptions.ValidationError.default_detail)
            if non_field:
                fields["non_field_errors"] = non_field
        else:
            message = " ".join(str(m) for m in detail)
    elif isinstance(detail, dict) and "detail" in detail:
        message = str(detail["detail"])
        code = getattr(detail["detail"], "code", code)
    else:
        message = str(detail)
    response.data = {
        "error": {"status": response.status_code, "code": code, "message": message, "fields": fields}
    }
    return response


def bad_request(message, fields=None):
    return Response(
        {"error": {"status": 400, "code": "invalid", "message": str(message), "fields": fields or {}}},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _workflow_labels(workflow):
    return {value: state.label for value, state in workflow.states.items()}


class ChoiceLabelField(serializers.CharField):
    """The label of a coded value, in the request's language (read-only)."""

    def __init__(self, labels, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self._labels = labels

    def to_representation(self, value):
        if value in (None, ""):
            return ""
        return str(self._labels().get(value, ""))


class LabelledModelSerializer(serializers.ModelSerializer):
    """Every coded field keeps its code and gains `<field>_label`: the label a
    person reads, in the request's language ("state": "info_requested",
    "state_label": "Information requested"). Coded fields without choices
    (workflow states) name their workflow in `workflow_fields`."""

    workflow_fields: dict = {}

    def build_standard_field(self, field_name, model_field):
        """Text without a length in the table (TextField) still has one at the
        door: over-long text is a 400 naming the field, as in the forms."""
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and "max_length" not in field_kwargs \
                and not field_kwargs.get("read_only"):
            field_kwargs["max_length"] = TEXT_MAX_LENGTH
        return field_class, field_kwargs

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in list(fields.items()):
            if f"{name}_label" in fields or field.write_only:
                continue
            source = name if field.source in (None, "*") else field.source
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                model_field = None
            choices = getattr(model_field, "choices", None)
            if choices:
                labels = partial(dict, choices)
            elif name in self.workflow_fields:
                labels = partial(_workflow_labels, self.workflow_fields[name])
            else:
                continue
            fields[f"{name}_label"] = ChoiceLabelField(labels, source=source)
        return fields


class RoleGate:
    """Refuse (403) an action to accounts whose role may never do it, before
    the request body is parsed: a forbidden caller learns nothing from
    validation messages. `action_roles` maps a viewset action to the roles
    that may try it; the service still checks the object and its state."""

    action_roles: dict = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        roles = self.action_roles.get(self.action)
        if roles is not None and getattr(request.user, "role", None) not in roles:
            raise exceptions.PermissionDenied()


def workflow_actions(workflow, obj, user) -> list[dict]:
    """The transitions `user` may fire on `obj` now, from the workflow's own
    rules (states and who may fire each): [{"name": ..., "label": ...}]."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [{"name": t.name, "label": str(t.label)} for t in workflow.available(obj, user)]


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The transition's code (the API action that fires it).")
    label = serializers.CharField(help_text="What it does, in the request's language.")


class WorkflowActionsField(serializers.Field):
    """`"actions": [{"name": "submit", "label": "Submit application"}]`: what
    the caller may do now, so a client needs no copy of the workflow rules."""

    def __init__(self, workflow, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)
        self.workflow = workflow

    def to_representation(self, obj):
        request = self.context.get("request")
        return workflow_actions(self.workflow, obj, getattr(request, "user", None))


def object_and_input(view, serializer_class, **kwargs):
    """An action's object, then its body: another organisation's object is a
    404 before its body is read (and named in a 400)."""
    target = view.get_object()
    return target, read_input(serializer_class, view.request, **kwargs)


def read_input(serializer_class, request, **kwargs):
    """Parse an action's body with its serializer: 400 naming each bad field."""
    s = serializer_class(data=request.data, context={"request": request}, **kwargs)
    s.is_valid(raise_exception=True)
    return s.validated_data


class ActionsOnSingleObjectsMixin:
    """Lists leave out `actions` (working them out per row would cost queries
    per row); each single object, and each action's answer, carries them."""

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if getattr(self, "action", None) == "list":
            getattr(serializer, "child", serializer).fields.pop("actions", None)
        return serializer
