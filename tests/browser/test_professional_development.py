"""Professional development in a real browser.

A teacher in Helsinki opens Professional development from the top bar, then its
courses and seminars: she applies for a seminar whose applications are open and
has a place. Another course opens its applications in three days: its page says
when, in her time zone, with no Apply button; a form posted anyway from the page
is refused with that date, and nothing is stored. A third course's applications
are closed, and its page says so.
She takes a self-learning module, step by step, and passes its check: the
self-learning line under her progress bar goes from 0 modules to 1.
A teacher whose attendance at a workshop was recorded downloads its certificate
from My certificates (a PDF printing the code the page then shows), signs out
and checks the code on the public verification page: genuine, with her name; the
same code with one character changed is not.
Nothing any page asked for came from another host.
"""

import datetime as dt
import io
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.utils import formats, timezone, translation

from tests.accounts.factories import PASSWORD, UserFactory
from tests.certificates.factories import move_to_past
from tests.events.factories import make_event
from tests.learning.factories import make_course, make_module, make_support_officer
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import User
from twinning.certificates.models import CODE_ALPHABET, Certificate
from twinning.events.models import Registration
from twinning.events.services import attendance_mark, register
from twinning.learning.models import Completion

pytestmark = pytest.mark.django_db(transaction=True)

TEACHER_ZONE = "Europe/Helsinki"
OPEN_COURSE = "Project-based learning with partners abroad"
UPCOMING_COURSE = "eSafety in the primary classroom"
CLOSED_COURSE = "Assessing collaborative projects"


def _teacher(*, email: str, first: str, last: str, country: str) -> User:
    user: User = UserFactory(  # type: ignore[assignment]
        email=email, first_name=first, last_name=last, is_validated=True, time_zone=TEACHER_ZONE
    )
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country))
    return user


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Home", exact=True).first.wait_for()


def _log_out(page) -> None:
    page.locator("details.usermenu > summary").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").wait_for()


def _open_professional_development(page, tab: str) -> None:
    """The top bar's Professional development, then one of its tabs."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Professional development").click()
    page.get_by_role("heading", name="Professional development", level=1).wait_for()
    parts = page.get_by_role("navigation", name="Parts of professional development")
    parts.get_by_role("link", name=tab).click()
    parts.locator("[aria-current=page]", has_text=tab).wait_for()


def _status(page, text: str) -> None:
    page.get_by_role("status").filter(has_text=text).first.wait_for()


def _your_place(page):
    return page.get_by_role("region", name="Your place")


def _card(page, title: str):
    return page.locator(".event-card").filter(has=page.get_by_role("link", name=title, exact=True))


def _text(locator) -> str:
    return " ".join(locator.inner_text().split())


def _datetime_text(moment: dt.datetime) -> str:
    """`moment` as the pages print it for the teacher: English, her time zone."""
    with translation.override("en"):
        return formats.date_format(moment.astimezone(ZoneInfo(TEACHER_ZONE)), "DATETIME_FORMAT")


def _self_learning_line(page, region: str) -> str:
    """The self-learning line under the progress bar, e.g. "Self-learning 1 module completed"."""
    return _text(page.get_by_role("region", name=region).locator(".progress__self-learning"))


def _own_host_only(live_server, urls: list[str]) -> None:
    own = urlsplit(live_server.url).netloc
    assert urls
    assert {urlsplit(url).netloc for url in urls if urlsplit(url).scheme in ("http", "https", "ws", "wss")} == {own}


def _post_from_page(page, action: str, button: str) -> None:
    """Adds to the page a form posting to `action` with the page's CSRF token, and submits it with its button:
    what a tampered page or a stale tab would send."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    page.evaluate(
        """([action, token, label]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const csrf = document.createElement("input");
            csrf.type = "hidden";
            csrf.name = "csrfmiddlewaretoken";
            csrf.value = token;
            const submit = document.createElement("button");
            submit.type = "submit";
            submit.textContent = label;
            form.append(csrf, submit);
            document.querySelector("main").append(form);
        }""",
        [action, token, button],
    )
    page.get_by_role("button", name=button).click()


def test_courses_apply_while_open_refused_before_and_closed(page, live_server, requested_urls):
    organiser = make_support_officer(first_name="Ana", last_name="Costa")
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", country="ES")
    now = timezone.now()
    open_course = make_course(organiser=organiser, title=OPEN_COURSE, capacity=20)
    upcoming = make_course(
        organiser=organiser,
        title=UPCOMING_COURSE,
        starts_at=now + dt.timedelta(days=14),
        applications_open_at=now + dt.timedelta(days=3),
        applications_close_at=now + dt.timedelta(days=10),
    )
    closed = make_course(
        organiser=organiser,
        title=CLOSED_COURSE,
        starts_at=now + dt.timedelta(days=5),
        applications_open_at=now - dt.timedelta(days=3),
        applications_close_at=now - dt.timedelta(hours=1),
    )
    opens_text = _datetime_text(upcoming.event.registration_opens_at)

    # Lucía finds the three courses under Professional development -> Courses and seminars.
    _log_in(page, lucia.email)
    _open_professional_development(page, "Courses and seminars")
    assert "Applications open until" in _text(_card(page, OPEN_COURSE))
    assert f"Applications open on {opens_text}" in _text(_card(page, UPCOMING_COURSE))
    assert "Applications closed" in _text(_card(page, CLOSED_COURSE))

    # The course whose applications are open: she applies and has a place.
    _card(page, OPEN_COURSE).get_by_role("link", name=OPEN_COURSE).click()
    page.get_by_role("heading", name=OPEN_COURSE, level=2).wait_for()
    assert "Applications open until" in _text(_your_place(page))
    _your_place(page).get_by_role("button", name="Apply", exact=True).click()
    _status(page, "You have a place on this course.")
    place = _your_place(page)
    assert "You have a place on this course." in _text(place)
    assert place.get_by_role("button", name="Apply", exact=True).count() == 0
    assert place.get_by_role("link", name="Withdraw").count() == 1
    assert Registration.objects.get(event=open_course.event, user=lucia).state == Registration.State.REGISTERED

    # The course whose applications open in three days: the date, in her zone, and no Apply button.
    page.get_by_role("link", name="All courses and seminars").click()
    _card(page, UPCOMING_COURSE).get_by_role("link", name=UPCOMING_COURSE).click()
    page.get_by_role("heading", name=UPCOMING_COURSE, level=2).wait_for()
    place = _your_place(page)
    assert f"Applications open on {opens_text}" in _text(place)
    assert place.get_by_role("button").count() == 0

    # An application posted anyway from the page is refused with the opening date, and nothing is stored.
    _post_from_page(page, f"/learning/courses/{upcoming.pk}/apply/", "Apply anyway")
    refusal = f"Applications open on {opens_text} ({TEACHER_ZONE})."
    _status(page, refusal)
    assert urlsplit(page.url).path == f"/learning/courses/{upcoming.pk}/"
    page.get_by_role("heading", name=UPCOMING_COURSE, level=2).wait_for()
    assert _your_place(page).get_by_role("button").count() == 0
    assert not Registration.objects.filter(event=upcoming.event).exists()
    upcoming.event.refresh_from_db()
    assert (upcoming.event.seats_taken, upcoming.event.waiting_count) == (0, 0)

    # The course whose applications are closed says so, with no Apply button either.
    page.get_by_role("link", name="All courses and seminars").click()
    _card(page, CLOSED_COURSE).get_by_role("link", name=CLOSED_COURSE).click()
    page.get_by_role("heading", name=CLOSED_COURSE, level=2).wait_for()
    place = _your_place(page)
    assert "Applications closed" in _text(place)
    assert place.get_by_role("button").count() == 0
    assert not Registration.objects.filter(event=closed.event).exists()

    _own_host_only(live_server, requested_urls)


def test_a_completed_module_counts_under_the_progress_bar(page, live_server, requested_urls):
    title = "Working with partners abroad"
    module = make_module(title=title, steps=3, questions=2)
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", country="ES")

    # Before: no module completed, on Home and on her profile.
    _log_in(page, lucia.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    assert _self_learning_line(page, "My progress") == "Self-learning 0 modules completed"
    page.locator("details.usermenu > summary").click()
    page.get_by_role("link", name="My profile", exact=True).click()
    assert _self_learning_line(page, "Progress") == "Self-learning 0 modules completed"

    # She opens the module from Professional development and reads its three steps.
    _open_professional_development(page, "Self-learning")
    card = page.locator(".learning-card").filter(has=page.get_by_role("link", name=title))
    assert "Not started" in _text(card)
    card.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    page.get_by_role("link", name="Start").click()
    steps = page.get_by_role("navigation", name="Steps")
    for number in (1, 2, 3):
        page.get_by_role("heading", name=f"Step {number}", level=1).wait_for()
        assert f"Step {number} of 3" in _text(page.locator("main"))
        if number < 3:
            steps.get_by_role("link", name="Next step").click()
    steps.get_by_role("link", name="Go to the check").click()

    # The check: the right answer to each question, then submit.
    page.get_by_role("heading", name=f"Check: {title}", level=1).wait_for()
    for number, question in enumerate(module.questions.order_by("position"), start=1):
        page.get_by_role("group", name=f"{number}. {question.text}").get_by_label(
            question.choices[question.correct], exact=True
        ).check()
    page.get_by_role("button", name="Check my answers").click()
    _status(page, f"Well done: you completed “{title}” with 100% right answers.")
    page.get_by_role("heading", name=title, level=1).wait_for()
    assert "Completed on" in _text(page.locator("main"))
    assert Completion.objects.get(module=module, user=lucia).score == 100

    # After: one module completed, on Home and on her profile.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    assert _self_learning_line(page, "My progress") == "Self-learning 1 module completed"
    page.locator("details.usermenu > summary").click()
    page.get_by_role("link", name="My profile", exact=True).click()
    assert _self_learning_line(page, "Progress") == "Self-learning 1 module completed"

    _own_host_only(live_server, requested_urls)


def _forged(code: str) -> str:
    """The code with one character changed for another of the alphabet."""
    return code[:-1] + next(c for c in CODE_ALPHABET if c != code[-1])


def test_attendance_certificate_downloaded_and_verified_in_public(page, live_server, requested_urls, tmp_path):
    title = "Storytelling across borders"
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", country="ES")
    organiser = _teacher(email="sofia@example.org", first="Sofia", last="Rossi", country="IT")
    event = make_event(organiser=organiser, title=title)
    register(actor=lucia, event=event)
    move_to_past(event)
    attendance_mark(actor=organiser, event=event, user=lucia, attended=True)

    # My certificates lists the workshop, with no code until the first download.
    _log_in(page, lucia.email)
    _open_professional_development(page, "My certificates")
    card = page.locator(".certificate-list li").filter(has=page.get_by_role("heading", name=title))
    assert "Certificate of attendance" in _text(card)
    assert card.locator("code").count() == 0

    with page.expect_download() as download_info:
        card.get_by_role("link", name="Download (PDF)").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")

    # The page now shows the code of the issued certificate, the one the PDF prints.
    page.reload()
    card = page.locator(".certificate-list li").filter(has=page.get_by_role("heading", name=title))
    code = card.locator("code").inner_text().strip()
    certificate = Certificate.objects.get(holder=lucia, kind=Certificate.Kind.EVENT_ATTENDANCE, subject_id=event.pk)
    assert code == certificate.code
    assert download.suggested_filename == f"twinning-certificate-{code}.pdf"
    [pdf_page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    printed = pdf_page.extract_text()
    assert code in printed
    assert "Lucía García" in printed

    # Signed out, anyone checks the code on the public verification page: genuine, with her name.
    _log_out(page)
    page.goto("/certificates/verify/")
    page.get_by_role("heading", name="Check a certificate", level=1).wait_for()
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Check", exact=True).click()
    page.get_by_role("heading", name="This certificate is genuine", level=1).wait_for()
    result = _text(page.locator("main"))
    assert "Lucía García" in result
    assert title in result
    assert code in result
    assert urlsplit(page.url).path == f"/certificates/verify/{code}/"

    # The same code with one character changed is no certificate's.
    forged = _forged(code)
    page.get_by_role("link", name="Check another code").click()
    page.get_by_role("heading", name="Check a certificate", level=1).wait_for()
    page.get_by_label("Verification code").fill(forged)
    with page.expect_response(lambda response: "/certificates/verify/" in response.url) as answer:
        page.get_by_role("button", name="Check", exact=True).click()
    assert answer.value.status == 404
    page.get_by_role("heading", name="No certificate has this code", level=1).wait_for()
    refused = _text(page.locator("main"))
    assert "Lucía García" not in refused
    assert title not in refused
    assert Certificate.objects.count() == 1

    _own_host_only(live_server, requested_urls)
