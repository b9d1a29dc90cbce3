"""Every uploaded file passes here before it is stored.

- PDFs are parsed (pypdf) and checked for structure: the file starts with
  `%PDF-` (nothing before it), ends at its last `%%EOF`, has a catalogue and at
  least one page, is not encrypted, and carries no JavaScript, launch or other
  active actions, no embedded files, no rich media and no XFA forms.
- Polyglots are refused: a file that is also a ZIP archive (an end of central
  directory record), HTML (markup at its start), or carries data before
  `%PDF-` or after `%%EOF`.
- Then the configured virus scanner (settings.UPLOAD_SCANNER, a dotted path
  to a callable `scan(data: bytes, name: str) -> str | None` returning the
  name of what it found). With CLAMD_SOCKET or CLAMD_HOST set, ClamAV's
  clamd is used; without either, no scanner. A scanner that cannot be
  reached refuses the upload (fail closed).

`check_pdf_upload` raises ValidationError({"file": ...}) with a message a
person can act on.
"""

import io
import logging
import re
import socket
import struct

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ZIP_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
ZIP_LOCAL_HEADER = b"PK\x03\x04"
HTML_MARKERS = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|meta|a\s)", re.IGNORECASE)
NAME_TOKEN = re.compile(rb"/[A-Za-z0-9#._+-]+")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# Names whose presence makes a PDF active (scripts, actions that start programs
# or fetch or send data, embedded payloads, rich media, XFA forms).
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA", "/Launch"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute",
                  "/Rendition", "/Sound", "/Movie", "/Hide"}
RAW_ACTIVE_NAMES = ACTIVE_KEYS | {"/ImportData", "/SubmitForm"}
ACTIVE_TYPES = {"/EmbeddedFile", "/RichMedia", "/Filespec"}


class ScannerUnavailable(Exception):
    """The virus scanner could not give an answer."""


def _refuse(message):
    raise ValidationError({"file": message})


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read(settings.MAX_UPLOAD_SIZE + 1)
    upload.seek(0)
    return data


def _names_in(data: bytes) -> set[str]:
    """Every PDF name token in the raw bytes, #xx escapes decoded: catches
    active names in objects the cross-reference table does not list."""
    names = set()
    for token in NAME_TOKEN.findall(data):
        decoded = HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token)
        names.add(decoded.decode("latin-1"))
    return names


def _walk(obj, seen, found, depth=0):
    """Active content reachable in a parsed PDF object tree."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 200:
        return
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        try:
            obj = obj.get_object()
        except Exception:  # an unreadable reference: the structure check reports broken files
            return
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in ACTIVE_KEYS:
                found.add(key)
            if key == "/S" and str(value) in ACTIVE_ACTIONS:
                found.add(str(value))
            if key == "/Type" and str(value) in ACTIVE_TYPES:
                found.add(str(value))
            if key == "/EF":
                found.add("/EmbeddedFile")
            _walk(value, seen, found, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _walk(value, seen, found, depth + 1)


def check_pdf_structure(data: bytes):
    if not data.startswith(PDF_MAGIC):
        _refuse(_("This file is not a PDF document (it must start with the PDF header)."))
    if ZIP_END_OF_CENTRAL_DIRECTORY in data[-66000:] or ZIP_LOCAL_HEADER in data[:1024]:
        _refuse(_("This file is also an archive; upload a plain PDF document."))
    if HTML_MARKERS.search(data[:1024]):
        _refuse(_("This file also contains web page markup; upload a plain PDF document."))
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5:].strip(b"\r\n\t \x00"):
        _refuse(_("This file has data after the end of the PDF document; upload a plain PDF document."))
    found = RAW_ACTIVE_NAMES.intersection(_names_in(data))
    if found:
        _refuse_active(found)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _refuse(_("This PDF is password-protected or encrypted; upload it without protection."))
        root = reader.trailer.get("/Root")
        if root is None or len(reader.pages) < 1:
            _refuse(_("This PDF document has no pages."))
        seen = set()
        _walk(reader.trailer, seen, found)
        listed = [idnum for objects in reader.xref.values() for idnum in objects]
        for idnum in [*listed, *getattr(reader, "xref_objStm", {})]:
            try:
                _walk(reader.get_object(idnum), seen, found)
            except Exception as exc:  # a listed object that cannot be read: ignored like a reader would
                logger.debug("pdf object %s unreadable: %s", idnum, exc)
    except ValidationError:
        raise
    except Exception as exc:
        logger.info("pdf refused: %s", exc)
        _refuse(_("This PDF document is damaged or could not be read."))
    if found:
        _refuse_active(found)


def _refuse_active(found):
    logger.info("pdf refused: active content %s", sorted(found))
    _refuse(_("This PDF contains scripts, actions or embedded files; save it again as a plain PDF "
              "(for example with “Print to PDF”) and upload that."))


def scanner():
    """The configured virus scanner, or None."""
    path = getattr(settings, "UPLOAD_SCANNER", None)
    if not path:
        return None
    try:
        return import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"UPLOAD_SCANNER: cannot import {path}") from exc


def scan(data: bytes, name: str):
    scan_with = scanner()
    if scan_with is None:
        return
    try:
        threat = scan_with(data, name)
    except ScannerUnavailable:
        logger.warning("upload refused: the virus scanner did not answer")
        _refuse(_("The file could not be checked for viruses just now; try again in a few minutes."))
    if threat:
        logger.warning("upload refused: virus scanner found %s", threat)
        _refuse(_("The virus scanner refused this file."))


def check_pdf_upload(upload):
    """Structure, polyglot and virus checks of an uploaded PDF (after the
    size, name and type checks of the caller)."""
    data = _read(upload)
    check_pdf_structure(data)
    scan(data, getattr(upload, "name", "") or "")


# ------------------------------------------------------------ ClamAV


def clamd_scan(data: bytes, name: str = "") -> str | None:
    """Ask clamd (INSTREAM) about `data`: None when clean, the signature name
    when infected. ScannerUnavailable when clamd cannot answer."""
    timeout = getattr(settings, "CLAMD_TIMEOUT", 30)
    try:
        if getattr(settings, "CLAMD_SOCKET", ""):
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(timeout)
            try:
                conn.connect(settings.CLAMD_SOCKET)
            except OSError:
                conn.close()
                raise
        else:
            conn = socket.create_connection((settings.CLAMD_HOST, getattr(settings, "CLAMD_PORT", 3310)),
                                            timeout=timeout)
        with conn:
            conn.sendall(b"zINSTREAM\0")
            chunk = 64 * 1024
            for start in range(0, len(data), chunk):
                part = data[start:start + chunk]
                conn.sendall(struct.pack("!L", len(part)) + part)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                received = conn.recv(4096)
                if not received:
                    break
                reply += received
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith("OK"):
        return None
    if text.endswith("FOUND"):
        return text.split(":", 1)[-1].rsplit(" ", 1)[0].strip() or "unknown"
    raise ScannerUnavailable(text or "no answer")
