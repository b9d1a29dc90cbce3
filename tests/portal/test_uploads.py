"""Uploads: PDFs parsed and checked for structure, active content and
polyglots refused, and the pluggable virus scan (ClamAV's clamd protocol
spoken to a stand-in server on a Unix socket)."""

import io
import socket
import struct
import threading

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from accreditation import services
from accreditation.models import AnswerAttachment, ApplicationDocument, Body
from portal import uploads
from tests.accreditation.factories import PDF, make_org, pdf_upload

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def build_pdf(catalog_extra="", extra_objects=(), header=b"%PDF-1.4\n", trailer_extra=b""):
    """A small, well-formed PDF: catalogue, pages, one page, and `extra_objects`
    numbered from 4 (refer to them from `catalog_extra`)."""
    objects = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>", *extra_objects]
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out) + trailer_extra


def refused(data):
    with pytest.raises(ValidationError) as exc:
        uploads.check_pdf_structure(data)
    return " ".join(exc.value.message_dict["file"])


def test_a_plain_pdf_passes():
    uploads.check_pdf_structure(build_pdf())
    uploads.check_pdf_structure(PDF)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    uploads.check_pdf_structure(buffer.getvalue())


@pytest.mark.parametrize(("catalog_extra", "extra_objects"), [
    ("/OpenAction 4 0 R ", ["<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]),
    ("/OpenAction 4 0 R ", ["<< /S /Launch /F (cmd.exe) >>"]),
    ("/Names << /EmbeddedFiles 4 0 R >> ", ["<< /Names [(a.exe) 5 0 R] >>",
                                           "<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
                                           "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"]),
    ("/OpenAction 4 0 R ", ["<< /S /J#61vaScript /J#53 (x) >>"]),  # names hidden by #xx escapes
    ("/AcroForm << /XFA 4 0 R >> ", ["<< /Length 1 >>\nstream\nx\nendstream"]),
    ("/AA << /O 4 0 R >> ", ["<< /S /SubmitForm /F (https://example.org/) >>"]),
])
def test_scripts_launch_actions_and_embedded_files_are_refused(catalog_extra, extra_objects):
    assert "scripts, actions or embedded files" in refused(build_pdf(catalog_extra, extra_objects))


def test_active_content_in_an_object_the_xref_does_not_list_is_refused():
    data = build_pdf(header=b"%PDF-1.4\n9 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n")
    assert "scripts" in refused(data)


@pytest.mark.parametrize(("data", "message"), [
    (b"<html><script>alert(1)</script></html>\n" + build_pdf(), "must start with the PDF header"),
    (b"GIF89a" + build_pdf(), "must start with the PDF header"),
    (build_pdf(header=b"%PDF-1.4\n%<html><body><script>alert(1)</script>\n"), "web page markup"),
    (build_pdf(trailer_extra=b"PK\x03\x04rest-of-a-zip" + b"PK\x05\x06" + b"\x00" * 18), "archive"),
    (build_pdf(trailer_extra=b"MZ\x90\x00 a program appended" + b"\x00" * 2000), "after the end"),
    (build_pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0     "), "no pages"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "damaged"),
    (b"%PDF-1.4\ngarbage that is no PDF at all\n%%EOF\n", "damaged"),
])
def test_polyglots_and_broken_files_are_refused(data, message):
    assert message in refused(data)


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert PdfReader(io.BytesIO(buffer.getvalue())).is_encrypted
    assert "password-protected" in refused(buffer.getvalue())


# ------------------------------------------------------------ virus scan hook

def flag_eicar(data, name):
    return "Eicar-Test-Signature" if EICAR in data else None


def scanner_down(data, name):
    raise uploads.ScannerUnavailable("connection refused")


def test_no_scanner_is_configured_by_default(settings):
    assert settings.UPLOAD_SCANNER == ""
    assert uploads.scanner() is None


def test_the_configured_scanner_refuses_what_it_finds_and_fails_closed(settings):
    settings.UPLOAD_SCANNER = "tests.portal.test_uploads.flag_eicar"
    infected = build_pdf(extra_objects=[f"<< /Length {len(EICAR)} >>\nstream\n".encode().decode() +
                                        EICAR.decode() + "\nendstream"])
    uploads.check_pdf_upload(pdf_upload(content=build_pdf()))
    with pytest.raises(ValidationError, match="virus scanner refused"):
        uploads.check_pdf_upload(pdf_upload(content=infected))
    settings.UPLOAD_SCANNER = "tests.portal.test_uploads.scanner_down"
    with pytest.raises(ValidationError, match="could not be checked"):
        uploads.check_pdf_upload(pdf_upload(content=build_pdf()))


class FakeClamd:
    """Answers clamd's INSTREAM command on a Unix socket like ClamAV does."""

    def __init__(self, path):
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(4)
        self.received = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._read(conn, len(b"zINSTREAM\0")) == b"zINSTREAM\0"
                body = b""
                while True:
                    (size,) = struct.unpack("!L", self._read(conn, 4))
                    if size == 0:
                        break
                    body += self._read(conn, size)
                self.received.append(body)
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if EICAR in body else b"stream: OK\0")

    def close(self):
        self.server.close()


def test_clamd_is_used_when_its_socket_is_configured(settings, tmp_path):
    path = tmp_path / "clamd.sock"
    clamd = FakeClamd(path)
    try:
        settings.CLAMD_SOCKET = str(path)
        settings.UPLOAD_SCANNER = "portal.uploads.clamd_scan"
        big = build_pdf() + b"\n" * 200_000  # more than one INSTREAM chunk
        assert uploads.clamd_scan(big) is None
        assert uploads.clamd_scan(EICAR) == "Eicar-Test-Signature"
        assert clamd.received == [big, EICAR]
        with pytest.raises(ValidationError, match="virus scanner refused"):
            uploads.scan(EICAR, "x.pdf")
    finally:
        clamd.close()
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(uploads.ScannerUnavailable):
        uploads.clamd_scan(b"data")


# ------------------------------------------------------------ every upload field

@pytest.mark.django_db
def test_application_documents_refuse_an_active_pdf_and_keep_nothing(client):
    org, user = make_org()
    app = services.application_create(by=user, organisation=org, track="dpi", bodies=[Body.objects.get(code="dpi")])
    client.force_login(user)
    active = build_pdf("/OpenAction 4 0 R ", ["<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])
    response = client.post(reverse("accreditation:application-document", args=[app.pk]),
                           {"kind": "constitution", "file": pdf_upload(content=active)}, follow=True)
    assert "scripts, actions or embedded files" in response.content.decode()
    assert ApplicationDocument.objects.count() == 0
    response = client.post(reverse("accreditation:application-document", args=[app.pk]),
                           {"kind": "constitution", "file": pdf_upload(content=build_pdf())}, follow=True)
    assert ApplicationDocument.objects.count() == 1


@pytest.mark.django_db
def test_answer_attachments_refuse_a_polyglot(django_capture_on_commit_callbacks):
    import datetime

    from tests.accreditation.factories import make_ready_application, officer

    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    info_request = services.application_request_information(
        application=app, by=officer(), question="Send your accounts.",
        due_on=datetime.date.today() + datetime.timedelta(days=10))
    polyglot = build_pdf(trailer_extra=b"PK\x05\x06" + b"\x00" * 18)
    with pytest.raises(ValidationError) as exc:
        services.request_answer(request=info_request, by=user, answer="Here it is.",
                                attachments=[pdf_upload("proof.pdf", polyglot)])
    assert "proof.pdf" in exc.value.message_dict["attachments"][0]
    assert AnswerAttachment.objects.count() == 0


def test_every_upload_field_of_the_models_is_a_checked_pdf_field():
    """A new FileField must come with its check: this lists the ones that are."""
    from django.apps import apps
    from django.db import models

    upload_fields = sorted(f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.fields
                           if isinstance(f, models.FileField))
    checked = ["accreditation.AnswerAttachment.file", "accreditation.ApplicationDocument.file"]
    generated = ["portal.StoredExport.file"]  # written by the portal itself, never uploaded
    assert upload_fields == sorted(checked + generated)
