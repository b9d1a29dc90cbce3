"""REST API conventions: pagination and one error format.

Every error answers {"error": {"status": ..., "code": ..., "message": ...,
"fields": {...}}}; validation errors are 400 with the field messages.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
    if isinstance(exc, DjangoValidationError):
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
