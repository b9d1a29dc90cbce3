"""Every export of the portal — CSV, XLSX and PDF — goes through this module.

Two halves:

* Safe writers. `csv_bytes`, `xlsx_bytes` and `pdf_bytes` write what an
  exporter gives them: CSV in UTF-8 with a BOM, every cell that a spreadsheet
  would read as a formula (starting with = + - @ tab or CR) neutralised and
  written as text; PDFs typeset by Typst from a template in `templates/pdf/`
  in the active language (right-to-left in Arabic).

* Stored exports. An `Exporter` (one per document, registered with
  `register`) says who may read it, what the current *state version* of its
  object is, and how to render it. `respond()` — the only thing a view calls —
  looks up the stored file keyed by (exporter, object, variant, state version,
  language, format): when it is ready it is served from storage in
  milliseconds; otherwise the render is queued after commit and the reader
  sees "being prepared" with the progress, polled with htmx, and the link
  when it is done. No request renders a document.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import io
import json
import logging
import pathlib
import threading
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

# ------------------------------------------------------------------ writers

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str | int | float:
    """A value as a cell: numbers stay numbers, everything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else (
            value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def neutralise(value):
    """A cell as a spreadsheet must show it: text that would start a formula
    (= + - @ tab CR) gets a leading apostrophe, the OWASP-recommended escape
    that spreadsheet programs show as text. Numbers are left alone."""
    value = _text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header, rows) -> bytes:
    """A whole CSV file: UTF-8 with BOM, human header, neutralised cells."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(header, rows, *, title: str) -> bytes:
    """A one-sheet workbook: bold frozen header, every text cell stored as
    text (never a formula) and dangerous ones escaped as in CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, font=None):
        value = neutralise(value)
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # text, even if it looks like a formula
        if font:
            c.font = font
        return c

    ws.append([cell(str(h), bold) for h in header])
    for row in rows:
        ws.append([cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"


# ---------------------------------------------------------------- PDF (Typst)

PDF_TEMPLATES = pathlib.Path(settings.BASE_DIR) / "templates" / "pdf"
_fonts = None
_fonts_lock = threading.Lock()


def _typst_fonts():
    """The system fonts (Noto for Latin, Cyrillic, Arabic and CJK), scanned
    once per process."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            import typst

            _fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)
        return _fonts


def typst_language(language: str | None = None) -> dict:
    """Typst's language settings for a Django language code."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    lang, _sep, rest = code.partition("-")
    region = {"zh-hans": "cn", "zh-hant": "tw"}.get(code, "")
    return {"lang": lang, "region": region, "dir": "rtl" if translation.get_language_bidi() or lang == "ar" else
            "ltr"}


def pdf_bytes(template: str, data: dict, *, images: dict[str, str] | None = None) -> bytes:
    """Typeset `templates/pdf/<template>.typ` with `data` (JSON, read by the
    template as `data`) in the active language. `images` are SVG texts the
    template loads by name (`svg("name")`: a QR code, a chart)."""
    import typst

    payload = dict(data)
    payload.setdefault("language", typst_language())
    inputs = {"data": json.dumps(payload, default=str, ensure_ascii=False)}
    for name, svg in (images or {}).items():
        inputs[f"svg:{name}"] = svg
    source = (PDF_TEMPLATES / f"{template}.typ").read_bytes()
    compiler = typst.Compiler(source, root=str(PDF_TEMPLATES), font_paths=_typst_fonts(), sys_inputs=inputs)
    return compiler.compile(format="pdf")


# ---------------------------------------------------------------- exporters


@dataclass
class Progress:
    """Handed to a render: `progress(done, total)` writes the percentage to
    the stored row (at most every 5 points), so the polling page moves."""

    export_id: int
    last: int = 0

    def __call__(self, done: int, total: int):
        from .models import StoredExport

        pct = min(99, int(100 * done / total)) if total else 0
        if pct >= self.last + 5:
            self.last = pct
            StoredExport.objects.filter(pk=self.export_id, state=StoredExport.State.RUNNING).update(progress=pct)


class Exporter:
    """One document of the portal. Subclasses set `name`, `formats`,
    `title` and implement the methods below; `register()` makes it known."""

    name: str = ""
    formats: tuple[str, ...] = ()
    title = ""  # translatable, shown on the "being prepared" page

    def get_object(self, object_id: str):
        """The object from its id (None for exports of no single object)."""
        return None

    def object_id(self, obj) -> str:
        return str(obj.pk) if obj is not None else ""

    def can_view(self, user, obj) -> bool:
        raise NotImplementedError

    def version(self, obj, variant: dict) -> str:
        """A short string that changes whenever what the document shows changes."""
        raise NotImplementedError

    def filename(self, obj, variant: dict, fmt: str) -> str:
        raise NotImplementedError

    def render(self, obj, variant: dict, fmt: str, progress: Progress) -> bytes:
        raise NotImplementedError

    def back_url(self, obj) -> str:
        return ""


REGISTRY: dict[str, Exporter] = {}


def register(cls):
    """Class decorator: one instance per exporter name."""
    instance = cls()
    REGISTRY[instance.name] = instance
    return cls


def fingerprint(*parts) -> str:
    """A state version from any JSON-able data (rows of ids, states, times)."""
    return hashlib.sha1(json.dumps(parts, default=str, sort_keys=True).encode(), usedforsecurity=False).hexdigest()[:20]


def _variant_key(variant: dict) -> str:
    return urlencode(sorted((k, str(v)) for k, v in variant.items() if v not in ("", None)))


def export_request(*, exporter: str, obj, fmt: str, by, variant: dict | None = None,
                   language: str | None = None):
    """The stored export of `obj` as it is now: found, or created and its
    render queued after commit. Checks the reader may see it."""
    from .audit import audit
    from .models import StoredExport

    exp = REGISTRY[exporter]
    if fmt not in exp.formats:
        raise Http404
    if not exp.can_view(by, obj):
        raise PermissionDenied
    variant = variant or {}
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    key = {"exporter": exporter, "object_id": exp.object_id(obj), "variant": _variant_key(variant),
           "version": exp.version(obj, variant), "language": language, "fmt": fmt}
    row = StoredExport.objects.filter(**key).first()
    if row is not None and not (row.state == StoredExport.State.FAILED or _abandoned(row)):
        return row
    try:
        with transaction.atomic():
            if row is None:
                row = StoredExport.objects.create(**key, requested_by=by if by.is_authenticated else None)
            elif row.state == StoredExport.State.FAILED:  # a failed render: try again
                StoredExport.objects.filter(pk=row.pk).update(state=StoredExport.State.PENDING, progress=0,
                                                              error="")
                row.state = StoredExport.State.PENDING
            if obj is not None:
                audit(actor=by, action="export.request", obj=obj,
                      data={"export": row.pk, "format": fmt, "language": language, "variant": key["variant"]})
            queue_render(row)
    except IntegrityError:  # another request created it a moment ago
        row = StoredExport.objects.get(**key)
    return row


def queue_render(row):
    """The one place a render is queued: through the outbox, in the caller's
    transaction (one message per attempt, so a retry is queued anew)."""
    from . import outbox

    outbox.enqueue_task("portal.tasks.render_export", args=[row.pk], key=f"export-render:{row.pk}:{row.attempts}")


def _stale_after() -> datetime.timedelta:
    """A claimed render not finished within this lease was abandoned (its
    worker died): a redelivered task or the next request takes it over. Keep it
    shorter than the broker's visibility timeout, longer than any render."""
    return datetime.timedelta(seconds=settings.EXPORTS_RENDER_LEASE_SECONDS)


def _abandoned(row) -> bool:
    from .models import StoredExport

    return (row.state == StoredExport.State.RUNNING and row.started_at is not None
            and row.started_at < timezone.now() - _stale_after())


def export_render(*, export_id: int) -> bool:
    """Render one stored export. Idempotent: the row is claimed first (pending,
    or running but abandoned for the lease), so two workers never render the
    same file and a repeated task does nothing. Returns True if it rendered."""
    from .models import StoredExport

    now = timezone.now()
    claimable = Q(state=StoredExport.State.PENDING) | Q(state=StoredExport.State.RUNNING,
                                                         started_at__lt=now - _stale_after())
    claimed = StoredExport.objects.filter(claimable, pk=export_id).update(
        state=StoredExport.State.RUNNING, started_at=now, progress=0, attempts=F("attempts") + 1)
    if not claimed:
        return False
    row = StoredExport.objects.get(pk=export_id)
    exp = REGISTRY[row.exporter]
    try:
        with translation.override(row.language):
            obj = exp.get_object(row.object_id)
            variant = dict(_parse_variant(row.variant))
            content = exp.render(obj, variant, row.fmt, Progress(export_id))
            filename = exp.filename(obj, variant, row.fmt)
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        StoredExport.objects.filter(pk=export_id, started_at=now).update(
            state=StoredExport.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000], finished_at=timezone.now())
        return False
    row.file.save(f"{row.pk}-{row.version[:8]}-{filename}", ContentFile(content), save=False)
    done = StoredExport.objects.filter(pk=export_id, started_at=now).update(
        state=StoredExport.State.READY, progress=100, file=row.file.name, filename=filename, size=len(content),
        finished_at=timezone.now())
    if not done:  # taken over as stale meanwhile: the other claim writes its own file
        row.file.delete(save=False)
        return False
    _drop_older_versions(row)
    return True


def _parse_variant(text: str):
    from urllib.parse import parse_qsl

    return parse_qsl(text, keep_blank_values=False)


def _drop_older_versions(row):
    """Once a version is ready, the files of earlier versions of the same
    document go (their rows too)."""
    from .models import StoredExport

    older = StoredExport.objects.filter(exporter=row.exporter, object_id=row.object_id, variant=row.variant,
                                        language=row.language, fmt=row.fmt).exclude(pk=row.pk).exclude(
        state=StoredExport.State.RUNNING)
    for old in older:
        if old.file:
            old.file.delete(save=False)
    older.delete()


def exports_purge(*, days: int | None = None) -> int:
    """Periodic: drop stored files nobody asked for since `days` (default
    settings.EXPORTS_KEEP_DAYS); they are rendered again on demand."""
    from .models import StoredExport

    days = settings.EXPORTS_KEEP_DAYS if days is None else days
    old = StoredExport.objects.filter(requested_at__lt=timezone.now() - datetime.timedelta(days=days)).exclude(
        state=StoredExport.State.RUNNING)
    n = 0
    for row in old:
        if row.file:
            row.file.delete(save=False)
        n += 1
    old.delete()
    return n


# ---------------------------------------------------------------- the views


def serve(row) -> FileResponse:
    """The stored file, streamed from storage."""
    response = FileResponse(row.file.open("rb"), content_type=FORMATS[row.fmt], as_attachment=True,
                            filename=row.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def respond(request, exporter: str, obj, fmt: str, *, variant: dict | None = None, language: str | None = None):
    """What an export link answers: the file if it is ready, else the
    "being prepared" page (which polls and then offers the link)."""
    row = export_request(exporter=exporter, obj=obj, fmt=fmt, by=request.user, variant=variant,
                         language=language)
    if not row.is_ready:
        row.refresh_from_db()  # a small document may be done already (or tasks run in-process)
    if row.is_ready:
        return serve(row)
    return render(request, "portal/export_status.html", status_context(row, obj), status=202)


def bad_request(form) -> HttpResponseBadRequest:
    """An export link with a bad parameter: 400 naming the field."""
    text = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


def status_context(row, obj=None) -> dict:
    exp = REGISTRY[row.exporter]
    return {"export": row, "title": exp.title, "back_url": exp.back_url(obj) if obj is not None else "",
            "language_name": dict(settings.LANGUAGES).get(row.language, row.language)}


def stored_export_for(request, pk: int):
    """A stored export the user may read (404 otherwise)."""
    from .models import StoredExport

    row = StoredExport.objects.filter(pk=pk).first()
    if row is None or row.exporter not in REGISTRY:
        raise Http404
    exp = REGISTRY[row.exporter]
    obj = exp.get_object(row.object_id)
    if not exp.can_view(request.user, obj):
        raise Http404
    return row, obj
