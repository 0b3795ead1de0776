"""The bell and the notification pages in a real browser (Chromium through Playwright)."""

import re

import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from twinning.notifications.models import NotificationPreference
from twinning.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_bell_list_open_and_preferences(page, live_server):
    reader = UserFactory(email="reader@example.org", first_name="Lucía", last_name="García")
    actor = UserFactory(first_name="Marta", last_name="Rossi")
    notify(recipient=reader, kind="new_follower", actor=actor, url=f"/profiles/{actor.pk}/")
    notify(recipient=reader, kind="contact_accepted", actor=actor)

    _log_in(page, reader.email)
    bell = page.get_by_role("link", name="Notifications", exact=True)
    bell.wait_for()
    assert bell.locator(".nav__count [aria-hidden=true]").inner_text() == "2"
    assert bell.get_attribute("aria-describedby") == "nav-notification-count"
    assert page.locator("#nav-notification-count").inner_text() == "2 unread"

    bell.click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    assert page.get_by_role("heading", name="Notifications").is_visible()
    assert bell.get_attribute("aria-current") == "page"

    page.get_by_role("button", name=re.compile("Marta Rossi started following you")).click()
    page.wait_for_url(re.compile(rf"/profiles/{actor.pk}/$"))
    bell = page.get_by_role("link", name="Notifications", exact=True)
    assert bell.locator(".nav__count [aria-hidden=true]").inner_text() == "1"

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_text("All your notifications are marked as read.").wait_for()
    assert bell.locator(".nav__count").count() == 0

    page.get_by_role("link", name="Email preferences").click()
    page.get_by_role("radio", name="Someone writes me a private message: Only here, no email").check()
    page.get_by_role("button", name="Save email preferences").click()
    page.get_by_text("Your email preferences are saved.").wait_for()
    assert NotificationPreference.objects.get(user=reader).delivery == "never"
    assert page.get_by_role("radio", name="Someone writes me a private message: Only here, no email").is_checked()
