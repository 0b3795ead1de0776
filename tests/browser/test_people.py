"""Two teachers meet in a real browser: advanced search, contact invitation, acceptance from the
notification, a private message, the unread count and a reply."""

import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.messaging.models import Message
from twinning.network.models import Contact, ContactInvitation

pytestmark = pytest.mark.django_db(transaction=True)


def _teacher(*, email: str, first: str, last: str, country: str, school: str, **profile: object):
    user = UserFactory(email=email, first_name=first, last_name=last, is_validated=True)
    EmploymentFactory(teacher=user, school=SchoolFactory(name=school, country=country))
    profile_of(user, **profile)
    return user


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Home").first.wait_for()


def _nav_count(page, name: str) -> str:
    """The visible counter on a top-bar icon ("" when it shows none)."""
    counter = page.get_by_role("link", name=name, exact=True).locator(".nav__count")
    return counter.inner_text().split()[0] if counter.count() else ""


def test_find_invite_accept_write_and_reply(browser, live_server, page):
    lucia = _teacher(
        email="lucia@example.org", first="Lucía", last="García", country="ES", school="IES Triana",
        subjects=["biology"], languages=["es", "en"], age_bands=["13-15"],
    )  # fmt: skip
    camille = _teacher(
        email="camille@example.org", first="Camille", last="Dubois", country="FR", school="Collège Jean Moulin",
        subjects=["biology"], languages=["fr", "en"], age_bands=["13-15"], available_for_projects=True,
    )  # fmt: skip
    # Near misses, each failing one of the three filters or the partners filter.
    _teacher(email="a@example.org", first="Aline", last="Dubois", country="FR", school="Lycée Hugo",
             subjects=["history"], languages=["fr"], age_bands=["13-15"])  # fmt: skip
    _teacher(email="b@example.org", first="Bruno", last="Dubois", country="FR", school="Lycée Zola",
             subjects=["biology"], languages=["fr", "en"], available_for_projects=False)  # fmt: skip
    _teacher(email="c@example.org", first="Carla", last="Dubois", country="IT", school="Liceo Dante",
             subjects=["biology"], languages=["it", "en"])  # fmt: skip

    # Lucía finds Camille with the advanced search.
    _log_in(page, lucia.email)
    page.get_by_role("link", name="People", exact=True).click()
    search = page.get_by_role("search")
    search.get_by_label("Country").select_option("FR")
    search.get_by_label("Subject").select_option("biology")
    search.get_by_label("Language").select_option("en")
    search.get_by_label("Looking for project partners").check()
    search.get_by_role("button", name="Search").click()
    results = page.locator(".search-results")
    results.get_by_role("link", name="Camille Dubois").wait_for()
    for other in ("Aline Dubois", "Bruno Dubois", "Carla Dubois"):
        assert results.get_by_role("link", name=other).count() == 0

    # She invites Camille as a contact, with a note.
    results.get_by_role("link", name="Camille Dubois").click()
    page.get_by_role("heading", name="Camille Dubois").wait_for()
    page.get_by_role("link", name="Invite as contact").click()
    page.get_by_label("A note for them (optional)").fill("Shall we work on a science project together?")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent").first.wait_for()
    assert ContactInvitation.objects.filter(sender=lucia, recipient=camille).exists()

    # Camille accepts from the notification.
    camille_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    camille_context.set_default_timeout(10_000)
    camille_page = camille_context.new_page()
    _log_in(camille_page, camille.email)
    assert _nav_count(camille_page, "Notifications") == "1"
    camille_page.get_by_role("link", name="Notifications", exact=True).click()
    camille_page.get_by_role("button", name="Lucía García invites you to be their contact.").click()
    camille_page.get_by_text("Shall we work on a science project together?").wait_for()
    camille_page.get_by_role("button", name="Accept").first.click()
    camille_page.get_by_role("status").first.wait_for()
    low, high = sorted((lucia.pk, camille.pk))
    assert Contact.objects.filter(user_low_id=low, user_high_id=high).exists()

    # Lucía writes to Camille from her profile.
    page.goto(f"/people/{camille.pk}/")
    page.get_by_text("Contact", exact=True).first.wait_for()
    page.get_by_role("link", name="Write a message").click()
    page.get_by_label("Subject (optional)").fill("Our science project")
    page.get_by_label("Message", exact=True).fill("Hello Camille! Which week suits your class?")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Hello Camille! Which week suits your class?").wait_for()

    # Camille sees one unread message, reads it and replies.
    camille_page.goto("/")
    assert _nav_count(camille_page, "Messages") == "1"
    camille_page.get_by_role("link", name="Messages", exact=True).click()
    camille_page.get_by_role("link", name="Our science project").click()
    camille_page.get_by_text("Hello Camille! Which week suits your class?").wait_for()
    assert _nav_count(camille_page, "Messages") == ""
    camille_page.get_by_label("Your reply").fill("The second week of March works for us.")
    camille_page.get_by_role("button", name="Send").click()
    camille_page.get_by_text("The second week of March works for us.").wait_for()
    camille_context.close()

    # Lucía now has the reply waiting.
    page.goto("/")
    assert _nav_count(page, "Messages") == "1"
    assert list(Message.objects.order_by("pk").values_list("sender_id", flat=True)) == [lucia.pk, camille.pk]
