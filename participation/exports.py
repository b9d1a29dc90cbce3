"""Participation's documents (portal/exports.py): the pass (a badge with a QR
code), published statements and a consultation's answers (CSV)."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from portal import exports
from portal.rules import is_staff_officer

from . import selectors
from .models import Consultation, Registration, Statement


def qr_svg(value: str) -> str:
    """The check-in link as a QR code, in SVG (sharp at any print size)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(value, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return img.to_string(encoding="unicode")


def check_in_url(registration) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("participation:check-in") + f"?code={registration.badge_code}"


@exports.register
class BadgeExport(exports.Exporter):
    name = "participation.badge"
    formats = ("pdf",)

    @property
    def title(self):
        return _("NGO pass")

    def get_object(self, object_id):
        return (Registration.objects.select_related("meeting", "organisation", "representative")
                .filter(pk=object_id).first())

    def can_view(self, user, reg):
        return (reg is not None and reg.state == Registration.State.CONFIRMED
                and selectors.registrations_for(user).filter(pk=reg.pk).exists())

    def version(self, reg, variant):
        from .services import pass_valid_until

        m = reg.meeting
        return exports.fingerprint(reg.state, reg.badge_code, reg.representative.full_name,
                                   reg.organisation.display_name, m.title, m.starts_on, m.ends_on, m.venue,
                                   m.is_online, pass_valid_until(reg))

    def filename(self, reg, variant, fmt):
        return f"pass-{reg.badge_code}.pdf"

    def back_url(self, reg):
        return reverse("participation:my-registrations")

    def render(self, reg, variant, fmt, progress):
        return badge_pdf(reg, check_in_url=check_in_url(reg))


def badge_pdf(registration, *, check_in_url: str) -> bytes:
    from .services import pass_valid_until

    m = registration.meeting
    dates = formats.date_format(m.starts_on, "DATE_FORMAT")
    if m.ends_on != m.starts_on:
        dates += " – " + formats.date_format(m.ends_on, "DATE_FORMAT")
    valid_until = pass_valid_until(registration)
    validity = (_("Valid from %(start)s to %(end)s") % {"start": formats.date_format(m.starts_on, "DATE_FORMAT"),
                                                         "end": formats.date_format(valid_until, "DATE_FORMAT")}
                if valid_until else _("Not valid: the designation is no longer valid."))
    return exports.pdf_bytes("badge", {
        "title": _("NGO pass"),
        "banner": f"{_('United Nations')} · {_('NGO pass')}",
        "name": registration.representative.full_name, "organisation": registration.organisation.display_name,
        "meeting": m.title, "dates": dates, "place": _("Online") if m.is_online else m.venue,
        "code": registration.badge_code or "", "validity": validity,
        "note": _("Valid only with an identity document."),
    }, images={"qr": qr_svg(check_in_url)})


@exports.register
class StatementExport(exports.Exporter):
    name = "participation.statement"
    formats = ("pdf",)

    @property
    def title(self):
        return _("Written statement")

    def get_object(self, object_id):
        return (Statement.objects.select_related("organisation", "meeting", "meeting__body")
                .prefetch_related("cosponsors").filter(pk=object_id).first())

    def can_view(self, user, st):
        return (st is not None and st.state == Statement.State.ACCEPTED and st.meeting.keeps_records
                and selectors.statements_for(user).filter(pk=st.pk).exists())

    def version(self, st, variant):
        return exports.fingerprint(st.state, st.title, st.text, st.language, st.reviewed_at,
                                   sorted(c.pk for c in st.cosponsors.all()))

    def filename(self, st, variant, fmt):
        return f"statement-{st.pk}.pdf"

    def back_url(self, st):
        return reverse("participation:statement-detail", args=[st.pk])

    def render(self, st, variant, fmt, progress):
        return statement_pdf(st)


def statement_pdf(statement) -> bytes:
    org = statement.organisation
    byline = f"{_('Statement submitted by')} {org.display_name} ({org.get_status_category_display()})"
    cosponsors = [c.display_name for c in statement.cosponsors.all()]
    if cosponsors:
        byline += f"; {_('co-sponsored by')} {', '.join(cosponsors)}"
    paragraphs = [p.strip() for p in statement.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return exports.pdf_bytes("statement", {
        "title": statement.title, "statement_title": statement.title,
        "meeting": f"{statement.meeting.body.name} · {statement.meeting.title}", "byline": byline,
        "paragraphs": paragraphs, "statement_language": exports.typst_language(statement.language),
    })


@exports.register
class ConsultationExport(exports.Exporter):
    name = "participation.consultation"
    formats = ("csv",)

    @property
    def title(self):
        return _("Answers to the consultation")

    def get_object(self, object_id):
        return Consultation.objects.filter(pk=object_id).first()

    def can_view(self, user, c):
        return c is not None and is_staff_officer(user)

    def version(self, c, variant):
        from django.db.models import Count, Max

        agg = c.responses.aggregate(n=Count("id"), last=Max("id"))
        return exports.fingerprint(agg["n"], agg["last"])

    def filename(self, c, variant, fmt):
        return f"consultation-{c.pk}.csv"

    def back_url(self, c):
        return reverse("participation:consultation-results", args=[c.pk])

    def render(self, c, variant, fmt, progress):
        header = [_("Answered at"), _("Organisation"), _("Country"), _("Option"), _("Answer")]
        rows = (c.responses.select_related("organisation", "organisation__country", "option")
                .order_by("created_at", "id").iterator(chunk_size=1000))
        return exports.csv_bytes(header, ([
            r.created_at, r.organisation.display_name if r.organisation else _("Public"),
            r.organisation.country.name if r.organisation and r.organisation.country else "",
            r.option.label if r.option else "", r.text] for r in rows))
