"""Certificate pages: my certificates, the download, and the public verification; who sees what (the matrix),
and a fixed number of queries on my certificates whatever their number."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.certificates.factories import (
    attended_event,
    closed_project,
    project_teacher,
    quickly_completed_course,
    registered_at_started_event,
)
from tests.events.factories import make_teacher
from tests.xss_payloads import XSS_PAYLOADS, assert_escaped, unsafe_markup
from twinning.accounts.models import User
from twinning.certificates import services
from twinning.certificates.models import CODE_ALPHABET, Certificate, new_code
from twinning.events.models import Event

pytestmark = pytest.mark.django_db

EVENT = Certificate.Kind.EVENT_ATTENDANCE
NOT_FOUND = "No certificate has this code"
GENUINE = "This certificate is genuine"


def _download_url(kind: str, subject_id: int) -> str:
    return reverse("certificates:download", kwargs={"kind": kind, "subject_id": subject_id})


def _verify_url(code: str) -> str:
    return reverse("certificates:verify_code", kwargs={"code": code})


@pytest.fixture
def holder(teacher_es):
    """Lucía García (a teacher at a Spanish school) attended a workshop; no certificate issued yet."""
    event = attended_event(teacher_es, title="Storytelling across borders")
    return teacher_es, event


@pytest.fixture
def certificate(holder):
    teacher, event = holder
    return services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)


# --- my certificates ------------------------------------------------------------------------


def test_my_certificates_list_what_i_may_download(client, holder):
    teacher, event = holder
    client.force_login(teacher)

    page = client.get(reverse("certificates:index")).content.decode()

    assert "Storytelling across borders" in page
    assert "Download (PDF)" in page
    assert f'href="{_download_url(EVENT, event.pk)}"' in page
    assert 'aria-current="page">My certificates' in page
    assert "Verification code" not in page  # not issued yet


def test_an_issued_certificate_shows_its_code_and_verification_link(client, certificate):
    client.force_login(certificate.holder)

    page = client.get(reverse("certificates:index")).content.decode()

    assert certificate.code in page
    assert f'href="{_verify_url(certificate.code)}"' in page


def test_no_certificate_yet_points_to_events_courses_and_projects(client):
    teacher = make_teacher()
    registered_at_started_event(teacher)  # registered, not (yet) marked as attended
    client.force_login(teacher)

    page = client.get(reverse("certificates:index")).content.decode()

    assert "You have no certificate yet." in page
    assert "Download (PDF)" not in page
    for name in ("events:index", "learning:courses", "projects:index"):
        assert f'href="{reverse(name)}"' in page


def _give(teacher, count: int) -> None:
    """`count` more of each kind: events attended, learning events completed, closed projects."""
    for _ in range(count):
        attended_event(teacher)
        quickly_completed_course(teacher)
        closed_project(teacher, project_teacher("FR"))


def _index_queries(client) -> int:
    client.get(reverse("certificates:index"))  # once-a-visit work (the session's first request) out of the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("certificates:index"))
    assert response.status_code == 200
    return len(queries)


def test_my_certificates_cost_the_same_queries_for_two_or_eight_of_each(client):
    teacher = project_teacher("ES")
    client.force_login(teacher)
    _give(teacher, 2)
    services.certificate_issue(user=teacher, kind=EVENT, subject_id=teacher.event_registrations.first().event_id)
    with_two = _index_queries(client)

    _give(teacher, 6)
    for registration in teacher.event_registrations.all():
        services.certificate_issue(user=teacher, kind=EVENT, subject_id=registration.event_id)
    with_eight = _index_queries(client)

    assert client.get(reverse("certificates:index")).content.decode().count("Download (PDF)") == 24
    assert with_eight == with_two


# --- the download ----------------------------------------------------------------------------


def test_the_download_is_a_pdf_attachment_with_a_safe_name(client, holder):
    teacher, event = holder
    client.force_login(teacher)

    response = client.get(_download_url(EVENT, event.pk))

    assert response.status_code == 200
    certificate = Certificate.objects.get(holder=teacher)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="twinning-certificate-{certificate.code}.pdf"'
    assert response["Content-Disposition"].isascii()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_a_second_download_prints_the_same_certificate(client, holder):
    teacher, event = holder
    client.force_login(teacher)

    first = client.get(_download_url(EVENT, event.pk))
    second = client.get(_download_url(EVENT, event.pk))

    assert Certificate.objects.filter(holder=teacher).count() == 1
    assert first["Content-Disposition"] == second["Content-Disposition"]
    assert first.content == second.content


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/event_attendance/{pk}.pdf",  # not attended: registered only
        "/certificates/course_completion/{pk}.pdf",  # not a course
        "/certificates/project_participation/{pk}.pdf",  # not a project
        "/certificates/attendance/{pk}.pdf",  # no such kind
        "/certificates/event_attendance/999999.pdf",  # no such event
    ],
)
def test_no_certificate_without_its_condition(client, path):
    teacher = make_teacher()
    event, _registration = registered_at_started_event(teacher)
    client.force_login(teacher)

    assert client.get(path.format(pk=event.pk)).status_code == 404
    assert not Certificate.objects.exists()


# --- verification ------------------------------------------------------------------------------


def test_the_verification_page_confirms_a_genuine_certificate(client, certificate):
    response = client.get(_verify_url(certificate.code))

    page = response.content.decode()
    assert response.status_code == 200
    assert GENUINE in page
    assert "Lucía García" in page
    assert "Certificate of attendance" in page
    assert "Storytelling across borders" in page
    assert certificate.starts_on.strftime("%Y") in page
    assert '<meta name="robots" content="noindex">' in page
    # Only what the certificate prints: not the holder's email, school or country.
    teacher = certificate.holder
    assert teacher.email not in page
    school = teacher.employments.get().school
    assert school.name not in page
    assert school.city not in page


@pytest.mark.parametrize("typed", [str.lower, lambda code: code.replace("-", ""), lambda code: code.replace("-", " ")])
def test_the_verification_page_accepts_the_code_however_typed(client, certificate, typed):
    response = client.get(_verify_url(typed(certificate.code)))
    assert response.status_code == 200
    assert GENUINE in response.content.decode()


def test_the_form_leads_to_the_page_of_the_code(client, certificate):
    form = client.get(reverse("certificates:verify"))
    assert form.status_code == 200
    assert 'name="code"' in form.content.decode()

    response = client.get(reverse("certificates:verify"), {"code": certificate.code.lower().replace("-", "")})

    assert response.status_code == 302
    assert response["Location"] == _verify_url(certificate.code)


def _without_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1", page)


def _forged(code: str) -> list[str]:
    changed = code[:-1] + next(c for c in CODE_ALPHABET if c != code[-1])
    well_formed = new_code()  # random, like a guess (80 bits: never the genuine one)
    return [changed, well_formed, "garbage", '"><img src=x onerror=alert(1)>', code + "-ABCD", "A" * 500]


def test_forged_codes_are_not_found_and_reveal_nothing(client, certificate):
    pages = []
    for code in _forged(certificate.code):
        response = client.get(_verify_url(code))
        page = response.content.decode()
        assert response.status_code == 404, code
        main = page[page.index("<main") : page.index("</main>")]
        assert NOT_FOUND in main
        assert "Lucía García" not in main
        assert "Storytelling" not in main
        assert code not in main
        pages.append(_without_tokens(main))
    # A well-formed code and garbage get the very same answer.
    assert len(set(pages)) == 1


def test_forged_codes_in_the_form_are_not_found(client, certificate):
    for code in _forged(certificate.code):
        response = client.get(reverse("certificates:verify"), {"code": code})
        assert response.status_code == 404, code
        assert NOT_FOUND in response.content.decode()


# --- who sees what ---------------------------------------------------------------------------------


PAGES = ["index", "download", "verify", "verify_code"]
EXPECTED = {
    # persona: status of each page, in PAGES order
    "holder": [200, 200, 200, 200],
    "other_teacher": [200, 404, 200, 200],
    "support_officer": [200, 404, 200, 200],
    "pupil": [404, 404, 404, 404],
    "signed_out": [302, 302, 200, 200],
}


@pytest.fixture
def personas(holder, nss_officer_fr):
    teacher, event = holder
    code = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk).code
    urls = {
        "index": reverse("certificates:index"),
        "download": _download_url(EVENT, event.pk),
        "verify": reverse("certificates:verify"),
        "verify_code": _verify_url(code),
    }
    people = {
        "holder": teacher,
        "other_teacher": make_teacher(),
        "support_officer": nss_officer_fr,
        "pupil": UserFactory(is_pupil=True),
        "signed_out": None,
    }
    return urls, people


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("page", PAGES)
def test_permission_matrix(personas, persona, page):
    urls, people = personas
    client = Client()
    if people[persona] is not None:
        client.force_login(people[persona])

    response = client.get(urls[page])

    assert response.status_code == EXPECTED[persona][PAGES.index(page)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_a_pupil_with_an_attendance_still_has_no_certificate(client):
    pupil = UserFactory(is_pupil=True)
    teacher = make_teacher()
    event = attended_event(teacher)
    teacher.event_registrations.update(user=pupil)
    client.force_login(pupil)

    assert client.get(_download_url(EVENT, event.pk)).status_code == 404
    assert not Certificate.objects.exists()


# --- user text is escaped ------------------------------------------------------------------------


FIRST_NAME_MAX = User._meta.get_field("first_name").max_length


def test_holder_names_and_titles_are_escaped_on_the_verification_page(client, holder):
    teacher, event = holder
    baseline = client.get(_verify_url(services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk).code))
    baseline_page = baseline.content.decode()

    for payload in XSS_PAYLOADS:
        Certificate.objects.all().delete()
        teacher.first_name = payload[:FIRST_NAME_MAX]
        teacher.save(update_fields=["first_name"])
        Event.objects.filter(pk=event.pk).update(title=" ".join(payload.split())[:200])
        certificate = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)
        assert certificate.holder_name.startswith(payload[:FIRST_NAME_MAX].strip())

        page = client.get(_verify_url(certificate.code)).content.decode()

        assert_escaped(page, certificate.holder_name, baseline=baseline_page)
        assert_escaped(page, certificate.title, baseline=baseline_page)
        main = page[page.index("<main") : page.index("</main>")]
        assert not unsafe_markup(main[main.index("<dl") :]), payload
