"""A new teacher's first day, in a real browser: sign up to validation by the national officer."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from tests.accounts.factories import PASSWORD, make_officer
from tests.schools.factories import SchoolFactory
from twinning.accounts.models import SupportService, User
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db(transaction=True)


def _photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _total_progress(page) -> int:
    return int(page.get_by_role("progressbar", name="Total progress").first.get_attribute("aria-valuenow"))


def _log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_sign_up_confirm_add_school_fill_profile_and_get_validated(browser, live_server, page):
    school = SchoolFactory(name="IES Rosalía de Castro", country="ES", region="ES-GA", city="Vigo")
    officer = make_officer(kind=SupportService.Kind.NATIONAL, country="ES", email="officer.es@example.org")

    # Sign up.
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("nuria.teacher@example.org")
    page.get_by_label("First name").fill("Nuria")
    page.get_by_label("Last name").fill("Iglesias")
    page.locator("input[name=password1]").fill("a-long-and-unusual-password")
    page.locator("input[name=password2]").fill("a-long-and-unusual-password")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    # Confirm the email with the link from the message that was sent.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Welcome, Nuria").wait_for()
    start = _total_progress(page)

    # Add the school from the checklist.
    page.get_by_role("link", name="Add a school").first.click()
    page.get_by_label("School name").fill("Rosalía")
    page.get_by_label("Country").select_option("ES")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("listitem").filter(has_text="IES Rosalía de Castro").get_by_role(
        "link", name="This is my school"
    ).click()
    page.get_by_role("button", name="Add this school").click()
    page.get_by_text("Waiting for validation").first.wait_for()

    # Fill the profile and upload a photo.
    page.locator("summary").filter(has_text="Nuria Iglesias").click()
    page.get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("About me").fill("I teach biology in Vigo and would like a project about the sea.")
    page.get_by_label("Biology").check()
    page.get_by_label("Galician").check()
    page.get_by_label("English").check()
    page.get_by_label("13 to 15").check()
    page.get_by_label("Interests").fill("oceans, citizen science")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_role("link", name="Photo").click()
    page.get_by_label("Photo").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": _photo_bytes()}]
    )
    page.get_by_role("button", name="Upload photo").click()

    # The profile page shows the progress bar, which moved.
    page.get_by_role("heading", name="Nuria Iglesias").wait_for()
    assert _total_progress(page) > start
    teacher = User.objects.get(email="nuria.teacher@example.org")
    assert teacher.profile.photo
    assert not teacher.is_validated

    # The national officer of Spain validates her from the support queue.
    officer_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    officer_context.set_default_timeout(10_000)
    officer_page = officer_context.new_page()
    _log_in(officer_page, officer.email, PASSWORD)
    officer_page.get_by_role("link", name="Support").click()
    officer_page.get_by_role("row").filter(has_text="Nuria Iglesias").get_by_role("button", name="Validate").click()
    officer_page.get_by_role("status").filter(has_text="Nuria Iglesias").wait_for()
    officer_context.close()

    # Her status changes.
    page.goto("/schools/mine/")
    page.get_by_text("Validated").first.wait_for()
    teacher.refresh_from_db()
    assert teacher.is_validated
    assert Employment.objects.get(teacher=teacher, school=school).validation == Employment.Validation.VALIDATED
