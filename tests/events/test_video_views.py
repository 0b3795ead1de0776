"""The events:join page: who is sent to the room (302), who gets a 404, and what the browser may see."""

import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.bbb_standin import bbb_standin, fetch
from tests.events.video_helpers import online_event, registration
from twinning.events.models import Event, Invitation, Registration

SECRET = "standin-shared-secret-7f3a9c"


def _soon(organiser, **fields):
    """An event starting in ten minutes: its room is open (EVENTS_JOIN_OPENS_MINUTES is 15)."""
    return online_event(organiser, starts_at=timezone.now() + timedelta(minutes=10), **fields)


def _join(client, event):
    return client.get(reverse("events:join", args=[event.pk]))


@pytest.fixture(autouse=True)
def _video_settings(settings):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    settings.VIDEO_BACKEND = "jitsi"
    settings.JITSI_URL = "https://meet.example.org/"
    settings.BBB_SECRET = SECRET
    settings.BBB_CHECKSUM_ALGORITHM = "sha1"


@pytest.fixture
def bbb(settings):
    with bbb_standin(secret=SECRET) as server:
        settings.VIDEO_BACKEND = "bbb"
        settings.BBB_URL = server.url
        yield server


def _assert_secret_hidden(response):
    assert SECRET not in response.content.decode()
    location = response.get("Location", "")
    assert SECRET not in location
    assert SECRET not in urllib.parse.unquote_plus(location)


# --- allowed ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registered_teacher_is_sent_to_the_jitsi_room(client, teacher_es, teacher_fr):
    event = _soon(teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_fr)
    response = _join(client, event)
    assert response.status_code == 302
    assert response["Location"] == (
        f"https://meet.example.org/{event.video_room}#userInfo.displayName=%22Camille%20Martin%22"
    )
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_registered_teacher_joins_bigbluebutton_as_viewer(client, bbb, teacher_es, teacher_fr):
    event = _soon(teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_fr)
    response = _join(client, event)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(bbb.url + "join?")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert params["role"] == "VIEWER"
    assert params["meetingID"] == event.video_room
    assert params["userID"] == str(teacher_fr.pk)
    assert params["redirect"] == "true"
    _assert_secret_hidden(response)
    # create ran on the server side, before the redirect, and was accepted
    assert [(call, accepted) for call, _, accepted in bbb.calls] == [("create", True)]
    # the browser's request is accepted by the (checksum-verifying) server
    with fetch(location) as answer:
        assert "<returncode>SUCCESS</returncode>" in answer.read().decode()
    assert bbb.calls[-1][0] == "join"
    assert bbb.calls[-1][2] is True


@pytest.mark.django_db
def test_organiser_joins_bigbluebutton_as_moderator(client, bbb, teacher_es):
    event = _soon(teacher_es)
    client.force_login(teacher_es)
    response = _join(client, event)
    assert response.status_code == 302
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response["Location"]).query))
    assert params["role"] == "MODERATOR"
    assert params["password"] == bbb.meetings[event.video_room]["moderatorPW"]
    _assert_secret_hidden(response)


@pytest.mark.django_db
def test_invited_registered_teacher_joins_a_private_event(client, teacher_es, teacher_fr):
    event = _soon(teacher_es, visibility=Event.Visibility.PRIVATE)
    Invitation.objects.create(event=event, invitee=teacher_fr, invited_by=teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_fr)
    assert _join(client, event).status_code == 302


# --- refused: 404 -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [None, Registration.State.WAITING, Registration.State.OFFERED, Registration.State.CANCELLED]
)
def test_not_registered_is_404(client, teacher_es, teacher_fr, state):
    event = _soon(teacher_es)
    if state is not None:
        registration(event, teacher_fr, state)
    client.force_login(teacher_fr)
    assert _join(client, event).status_code == 404


@pytest.mark.django_db
def test_outside_the_window_is_404(client, teacher_es, teacher_fr):
    now = timezone.now()
    early = online_event(teacher_es, starts_at=now + timedelta(minutes=16))
    over = online_event(teacher_es, starts_at=now - timedelta(hours=1, seconds=1))
    for event in (early, over):
        registration(event, teacher_fr)
    client.force_login(teacher_fr)
    assert _join(client, early).status_code == 404
    assert _join(client, over).status_code == 404
    client.force_login(teacher_es)
    assert _join(client, early).status_code == 404
    assert _join(client, over).status_code == 404


@pytest.mark.django_db
def test_cancelled_and_face_to_face_events_are_404(client, teacher_es, teacher_fr):
    cancelled = _soon(teacher_es, status=Event.Status.CANCELLED)
    face_to_face = _soon(teacher_es, format=Event.Format.FACE_TO_FACE, place="Lyon")
    for event in (cancelled, face_to_face):
        registration(event, teacher_fr)
    client.force_login(teacher_fr)
    assert _join(client, cancelled).status_code == 404
    assert _join(client, face_to_face).status_code == 404


@pytest.mark.django_db
def test_private_event_not_invited_is_404_even_with_a_registration_row(client, teacher_es, teacher_fr):
    event = _soon(teacher_es, visibility=Event.Visibility.PRIVATE)
    registration(event, teacher_fr)  # cannot happen through the services; the page still hides the event
    client.force_login(teacher_fr)
    assert _join(client, event).status_code == 404


@pytest.mark.django_db
def test_unknown_event_is_404(client, teacher_fr):
    client.force_login(teacher_fr)
    assert client.get(reverse("events:join", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_pupil_is_404(client, teacher_es):
    event = _soon(teacher_es)
    pupil = UserFactory(is_pupil=True)
    registration(event, pupil)
    client.force_login(pupil)
    assert _join(client, event).status_code == 404


@pytest.mark.django_db
def test_signed_out_visitor_goes_to_sign_in(client, teacher_es):
    event = _soon(teacher_es)
    response = _join(client, event)
    assert response.status_code == 302
    assert "meet.example.org" not in response["Location"]
    assert event.video_room not in response["Location"]


@pytest.mark.django_db
def test_post_is_not_allowed(client, teacher_es):
    event = _soon(teacher_es)
    client.force_login(teacher_es)
    assert client.post(reverse("events:join", args=[event.pk])).status_code == 405


# --- the video server refuses or is down --------------------------------------------------------


@pytest.mark.django_db
def test_wrong_secret_shows_the_room_is_not_available(client, settings, bbb, teacher_es, teacher_fr):
    settings.BBB_SECRET = "a-secret-the-server-does-not-know"
    event = _soon(teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_fr)
    response = _join(client, event)
    assert response.status_code == 503
    assert "The video room is not available right now" in response.content.decode()
    assert [(call, accepted) for call, _, accepted in bbb.calls] == [("create", False)]
    assert "a-secret-the-server-does-not-know" not in response.content.decode()
    assert "Location" not in response


@pytest.mark.django_db
def test_server_down_shows_the_room_is_not_available(client, settings, teacher_es, teacher_fr):
    with bbb_standin(secret=SECRET) as server:
        url = server.url
    settings.VIDEO_BACKEND = "bbb"
    settings.BBB_URL = url  # nothing listens there any more
    event = _soon(teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_fr)
    response = _join(client, event)
    assert response.status_code == 503
    assert "The video room is not available right now" in response.content.decode()
    _assert_secret_hidden(response)
