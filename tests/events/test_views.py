"""Event pages: who sees what (private events 404 for anyone not invited), the organiser's forms,
registration through the pages, filters, the calendar's months and time zones, query-count guards."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event, make_teacher
from twinning.discussions.models import Thread
from twinning.events.models import Event, Invitation, Registration
from twinning.events.services import event_cancel, event_invite, register

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _pupil():
    return UserFactory(is_pupil=True, is_validated=False)


# --- private events: the 404 matrix -----------------------------------------------------------

PERSONAS = ["organiser", "invited", "not_invited", "signed_out", "pupil"]
PAGES = ["detail", "participants", "ics", "forum:threads", "documents:documents"]


@pytest.fixture
def private_world(teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PRIVATE)
    event_invite(actor=teacher_es, event=event, invitee=teacher_fr)
    people = {"organiser": teacher_es, "invited": teacher_fr, "not_invited": make_teacher(), "pupil": _pupil()}
    return event, people


def _login(client, people, persona):
    if persona != "signed_out":
        client.force_login(people[persona])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_private_event_pages(client, private_world, persona, page):
    event, people = private_world
    _login(client, people, persona)
    response = client.get(reverse(f"events:{page}", kwargs={"pk": event.pk}))
    if persona in ("organiser", "invited"):
        assert response.status_code == 200
    elif persona == "signed_out":
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/login" in response["Location"] or "accounts" in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_private_event_register(client, private_world, persona):
    event, people = private_world
    _login(client, people, persona)
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    live = Registration.objects.filter(event=event).count()
    if persona == "invited":
        assert response.status_code == 302
        assert live == 1
    else:
        assert (
            response.status_code in (302, 404)
            if persona in ("signed_out", "organiser")
            else response.status_code == 404
        )
        assert live == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_private_event_hidden_from_list_and_calendar(client, private_world, persona):
    event, people = private_world
    _login(client, people, persona)
    start = timezone.localtime(event.starts_at)
    for url in (
        reverse("events:index"),
        reverse("events:calendar") + f"?year={event.starts_at.year}&month={event.starts_at.month}",
    ):
        response = client.get(url)
        if persona in ("organiser", "invited"):
            assert event.title in response.content.decode()
        elif persona == "not_invited":
            assert response.status_code == 200
            assert event.title not in response.content.decode()
        else:
            assert response.status_code in (302, 404)
    del start


@pytest.mark.parametrize("persona", ["invited", "not_invited", "pupil", "signed_out"])
@pytest.mark.parametrize("page", ["edit", "cancel", "invite"])
def test_organiser_pages_refused(client, private_world, persona, page):
    event, people = private_world
    _login(client, people, persona)
    response = client.get(reverse(f"events:{page}", kwargs={"pk": event.pk}))
    assert response.status_code in (302, 404) if persona == "signed_out" else response.status_code == 404


@pytest.mark.parametrize("page", ["edit", "cancel", "invite"])
def test_organiser_pages_allowed(client, private_world, page):
    event, people = private_world
    client.force_login(people["organiser"])
    assert client.get(reverse(f"events:{page}", kwargs={"pk": event.pk})).status_code == 200


def test_public_event_pages_for_teachers_not_pupils(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_fr)
    for page in PAGES:
        assert client.get(reverse(f"events:{page}", kwargs={"pk": event.pk})).status_code == 200
    for name in ("index", "calendar", "mine", "create", "feed_settings"):
        assert client.get(reverse(f"events:{name}")).status_code == 200
    client.force_login(_pupil())
    for page in PAGES:
        assert client.get(reverse(f"events:{page}", kwargs={"pk": event.pk})).status_code == 404
    for name in ("index", "calendar", "mine", "create", "feed_settings"):
        assert client.get(reverse(f"events:{name}")).status_code == 404


def test_pending_teacher_sees_but_cannot_organise(client, pending_teacher_es, teacher_es):
    event = make_event(organiser=teacher_es)
    client.force_login(pending_teacher_es)
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 200
    assert client.get(reverse("events:create")).status_code == 404


def test_invite_through_the_page(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PRIVATE)
    client.force_login(teacher_es)
    url = reverse("events:invite", kwargs={"pk": event.pk})
    page = client.get(url, {"name": "Camille"}).content.decode()
    assert "Camille Martin" in page
    assert client.post(url, {"invitee": teacher_fr.pk}).status_code == 302
    assert Invitation.objects.filter(event=event, invitee=teacher_fr).exists()
    client.force_login(teacher_fr)
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 200


def test_invite_refused_for_public_event(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_es)
    assert client.post(reverse("events:invite", kwargs={"pk": event.pk}), {"invitee": teacher_fr.pk}).status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "may_write"),
    [("organiser", True), ("registered", True), ("waiting", True), ("reader", False), ("pupil", False)],
)
def test_forum_and_documents_writers(client, teacher_es, persona, may_write):
    """Everyone who sees the event reads its forum; the organiser and those holding or awaiting a place write."""
    event = make_event(organiser=teacher_es, capacity=1)
    registered = make_teacher()
    register(actor=registered, event=event)
    waiting = make_teacher()
    register(actor=waiting, event=event)
    people = {
        "organiser": teacher_es,
        "registered": registered,
        "waiting": waiting,
        "reader": make_teacher(),
        "pupil": _pupil(),
    }
    client.force_login(people[persona])
    threads = client.get(reverse("events:forum:threads", kwargs={"pk": event.pk}))
    assert threads.status_code == (404 if persona == "pupil" else 200)
    response = client.post(
        reverse("events:forum:thread_new", kwargs={"pk": event.pk}), {"title": "Hello", "body": "Ready for Monday?"}
    )
    assert response.status_code == (302 if may_write else 404)
    assert Thread.objects.filter(forum=event.forum).exists() == may_write
    upload = client.get(reverse("events:documents:upload", kwargs={"pk": event.pk}))
    assert upload.status_code == (200 if may_write else 404)


def test_cancelled_event_forum_is_read_only(client, teacher_es):
    event = make_event(organiser=teacher_es)
    event_cancel(actor=teacher_es, event=event, reason="Postponed to next term.")
    client.force_login(teacher_es)
    assert client.get(reverse("events:forum:threads", kwargs={"pk": event.pk})).status_code == 200
    response = client.post(reverse("events:forum:thread_new", kwargs={"pk": event.pk}), {"title": "A", "body": "B"})
    assert response.status_code == 404
