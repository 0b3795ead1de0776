"""The PDF: a real PDF, the same bytes every time, and its text (read back with pypdf) naming the holder in
any European script, the code and where to check it, in the holder's language."""

import datetime as dt
import io

import pypdf
import pytest
from django.conf import settings

from tests.certificates.factories import attended_event, closed_project, project_teacher
from tests.events.factories import make_event, make_teacher
from twinning.certificates import services
from twinning.certificates.models import Certificate
from twinning.certificates.pdf import render_certificate
from twinning.events.models import Event
from twinning.events.services import attendance_mark, register

pytestmark = pytest.mark.django_db

EVENT = Certificate.Kind.EVENT_ATTENDANCE


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    reader = _reader(pdf)
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def _issued_for(teacher, **event_fields) -> Certificate:
    event = attended_event(teacher, **event_fields)
    return services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)


def test_the_pdf_names_the_holder_the_subject_and_the_code():
    certificate = _issued_for(make_teacher(first_name="Camille", last_name="Martin"), title="Reading clubs abroad")

    pdf = render_certificate(certificate)

    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Camille Martin" in text
    assert "Reading clubs abroad" in text
    assert "Certificate of attendance" in text
    assert certificate.code in text
    assert f"{settings.SITE_URL}/certificates/verify/{certificate.code}/" in text
    assert settings.SITE_NAME in text


def test_the_same_certificate_gives_the_same_bytes():
    certificate = _issued_for(make_teacher())
    first = render_certificate(certificate)
    second = render_certificate(Certificate.objects.get(pk=certificate.pk))
    assert first == second


def test_the_pdf_says_who_issued_it_and_what_it_is():
    certificate = _issued_for(make_teacher(), title="Drama in English")

    info = _reader(render_certificate(certificate)).metadata

    assert info is not None
    assert info.title == "Certificate of attendance: Drama in English"
    assert certificate.code in info.subject
    assert info.author == settings.SITE_NAME
    assert info.creation_date == certificate.issued_at.replace(microsecond=0)


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("Łukasz", "Żółć"), ("Αθηνά", "Παπαδοπούλου"), ("Ђорђе", "Јовановић"), ("Zoë", "Ó Súilleabháin")],
)
def test_names_in_every_european_script_print(first_name, last_name):
    certificate = _issued_for(make_teacher(first_name=first_name, last_name=last_name))
    assert f"{first_name} {last_name}" in _text(render_certificate(certificate))


def test_a_spanish_speaking_teacher_gets_a_spanish_certificate():
    spanish = make_teacher(preferred_language="es")
    english = make_teacher(preferred_language="en")
    event = make_event()
    for teacher in (spanish, english):
        register(actor=teacher, event=event)
    starts_at = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        registration_opens_at=starts_at - dt.timedelta(days=5),
        registration_closes_at=starts_at,
    )
    event.refresh_from_db()
    for teacher in (spanish, english):
        attendance_mark(actor=event.organiser, event=event, user=teacher, attended=True)

    in_spanish = _text(render_certificate(services.certificate_issue(user=spanish, kind=EVENT, subject_id=event.pk)))
    in_english = _text(render_certificate(services.certificate_issue(user=english, kind=EVENT, subject_id=event.pk)))

    assert "10 de marzo de 2026" in in_spanish
    assert "March" not in in_spanish
    assert "March 10, 2026" in in_english


def test_a_project_certificate_says_so():
    founder = project_teacher("ES", first_name="Lucía", last_name="García")
    project = closed_project(founder, project_teacher("FR"), title="Water in our towns")
    certificate = services.certificate_issue(
        user=founder, kind=Certificate.Kind.PROJECT_PARTICIPATION, subject_id=project.pk
    )

    text = _text(render_certificate(certificate))

    assert "Certificate of project participation" in text
    assert "school project" in text
    assert "Water in our towns" in text


def test_the_longest_name_and_title_stay_on_one_page():
    teacher = make_teacher(first_name="Ä" * 100, last_name="Ω" * 100)
    certificate = _issued_for(teacher, title="Long title " * 18)
    assert len(certificate.title) <= 200

    text = _text(render_certificate(certificate))

    assert certificate.code in text
