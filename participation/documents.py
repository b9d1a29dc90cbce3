"""PDFs: the pass (a badge with a QR code) and published statements."""

import base64
import io

import qrcode
from django.template.loader import render_to_string
from weasyprint import HTML


def qr_data_uri(value: str) -> str:
    img = qrcode.make(value, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def badge_pdf(registration, *, check_in_url: str) -> bytes:
    from .services import pass_valid_until

    html = render_to_string("participation/pdf/badge.html", {
        "registration": registration, "meeting": registration.meeting, "qr": qr_data_uri(check_in_url),
        "valid_until": pass_valid_until(registration),
    })
    return HTML(string=html).write_pdf()


def statement_pdf(statement) -> bytes:
    html = render_to_string("participation/pdf/statement.html", {"statement": statement})
    return HTML(string=html).write_pdf()
