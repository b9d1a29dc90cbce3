import logging
import time

logger = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(user, "pk", None),
                },
            )
        return response


# ------------------------------------------------------------ bad input


def _nul_fields(request):
    """Names of the query or form fields whose name or value holds a NUL byte."""
    found = []
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.POST)
    for params in sources:
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                found.append(key.replace("\x00", "\\0"))
    if request.content_type == "application/json" and request.method in ("POST", "PUT", "PATCH"):
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            found.append("body")
    return found


def bad_input_response(request, errors):
    """The 400 answer: the API's error body under /api/, the 400 page elsewhere."""
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": 400, "code": "invalid",
                                       "message": str(_("Invalid input.")), "fields": errors}}, status=400)
    return render(request, "400.html", {"field_errors": sorted(errors.items())}, status=400)


# No field of a page takes more: a filter in the address, a text typed in a form.
MAX_QUERY_VALUE_CHARS = 1_000
MAX_FORM_VALUE_CHARS = 50_000


def _over_long_fields(request):
    """(name, limit) of each query or form field longer than any field takes."""
    found = [(key, MAX_QUERY_VALUE_CHARS) for key, values in request.GET.lists()
             if any(len(v) > MAX_QUERY_VALUE_CHARS for v in values)]
    if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        found += [(key, MAX_FORM_VALUE_CHARS) for key, values in request.POST.lists()
                  if any(len(v) > MAX_FORM_VALUE_CHARS for v in values)]
    return found


class BadInputMiddleware:
    """Refuse input no field could ever accept (a NUL byte anywhere in the
    parameters or body, a value longer than any field takes) with a 400
    naming the field, and answer `InvalidInput` raised by a page with the 400
    page showing each field's error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import gettext as _

        fields = _nul_fields(request)
        if fields:
            return bad_input_response(request, {f: [str(_("Null characters are not allowed."))] for f in fields})
        too_long = _over_long_fields(request)
        if too_long:
            return bad_input_response(request, {f: [str(_("Keep this within %(n)s characters.") % {"n": n})]
                                                for f, n in too_long})
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .params import InvalidInput

        if isinstance(exception, InvalidInput):
            return bad_input_response(request, exception.errors)
        return None
