"""The certificate as a one-page A4 landscape PDF, drawn with fpdf2.

Every text is set in DejaVu Sans, a Unicode TrueType font shipped in
`fonts/` (see its LICENSE.txt) and embedded in the PDF: fpdf2's built-in
fonts know only Latin-1, and a teacher's name may be Polish, Greek, Serbian
Cyrillic or any other European script. The texts are in the certificate's
language, and the PDF's creation date is the issue date, so the same
certificate always gives the same bytes.
"""

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from twinning.certificates.models import Certificate
from twinning.certificates.selectors import issued_on

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
PAGE_WIDTH = 297  # A4 landscape, millimetres
PAGE_HEIGHT = 210
MARGIN = 20
INK = (33, 37, 41)
ACCENT = (31, 78, 121)
MUTED = (95, 99, 104)
MIN_FONT_SIZE = 10

# fontTools, which fpdf2 uses to embed only the glyphs a certificate needs, logs every step of it at INFO:
# dozens of lines per download in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def verification_url(certificate: Certificate) -> str:
    """The public page that confirms this certificate; printed on it."""
    return settings.SITE_URL + reverse("certificates:verify_code", kwargs={"code": certificate.code})


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _what(certificate: Certificate) -> str:
    if certificate.kind == Certificate.Kind.COURSE_COMPLETION:
        return _("has completed the learning event")
    if certificate.kind == Certificate.Kind.PROJECT_PARTICIPATION:
        return _("has taken part in the school project")
    return _("has attended the event")


def _when(certificate: Certificate) -> str:
    if certificate.starts_on == certificate.ends_on:
        return _("on %(date)s") % {"date": _date(certificate.starts_on)}
    return _("from %(start)s to %(end)s") % {"start": _date(certificate.starts_on), "end": _date(certificate.ends_on)}


def _line(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    bold: bool = False,
    color: tuple[int, int, int] = INK,
    max_lines: int | None = None,
) -> None:
    """`text` centred on the page; with `max_lines`, in a smaller size when it would take more lines."""
    style = "B" if bold else ""
    pdf.set_font(FONT, style, size)
    if max_lines is not None:
        # Room for the words that do not fill a wrapped line: 85% of the width per line.
        room = max_lines * pdf.epw * 0.85
        while size > MIN_FONT_SIZE and pdf.get_string_width(text) > room:
            size -= 1
            pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _new_document(certificate: Certificate, heading: str) -> FPDF:
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    # Translators: the PDF's title, e.g. "Certificate of attendance: Drama in English".
    pdf.set_title(_("%(kind)s: %(title)s") % {"kind": heading, "title": certificate.title})
    pdf.set_subject(_("Verification code %(code)s") % {"code": certificate.code})
    pdf.set_author(settings.SITE_NAME)
    pdf.set_creator(settings.SITE_NAME)
    pdf.set_lang(certificate.language)
    pdf.set_creation_date(certificate.issued_at)
    pdf.set_margins(MARGIN + 10, MARGIN, MARGIN + 10)
    pdf.set_auto_page_break(False)
    return pdf


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, PAGE_WIDTH - 26, PAGE_HEIGHT - 26)


def render_certificate(certificate: Certificate) -> bytes:
    """The certificate's PDF, in its language: what it certifies, for whom, when, who issued it, and the code
    and address to check it."""
    with translation.override(certificate.language):
        heading = str(Certificate.Kind(certificate.kind).label)
        pdf = _new_document(certificate, heading)
        pdf.add_page()
        _frame(pdf)
        pdf.set_y(26)
        _line(pdf, settings.SITE_NAME, size=14, bold=True, color=ACCENT)
        pdf.ln(8)
        _line(pdf, heading, size=30, bold=True, color=ACCENT)
        pdf.ln(8)
        _line(pdf, _("This is to certify that"), size=14, color=MUTED)
        pdf.ln(4)
        _line(pdf, certificate.holder_name, size=26, bold=True, max_lines=2)
        pdf.ln(4)
        _line(pdf, _what(certificate), size=14, color=MUTED)
        pdf.ln(3)
        _line(pdf, certificate.title, size=18, bold=True, max_lines=3)
        pdf.ln(3)
        _line(pdf, _when(certificate), size=14)

        pdf.set_y(PAGE_HEIGHT - 56)
        issued = _("Issued on %(date)s by %(operator)s.") % {
            "date": _date(issued_on(certificate)),
            "operator": settings.SITE_NAME,
        }
        _line(pdf, issued, size=11)
        pdf.ln(3)
        _line(pdf, _("Verification code: %(code)s") % {"code": certificate.code}, size=13, bold=True)
        pdf.ln(2)
        _line(pdf, _("Anyone can check this certificate at:"), size=10, color=MUTED)
        _line(pdf, verification_url(certificate), size=10, color=MUTED)
        return bytes(pdf.output())
