"""Video rooms: BigBlueButton request signing, the exact create and join calls, the welcome's language, Jitsi links,
the join window."""

import hashlib
import urllib.parse
import urllib.request
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.events.bbb_standin import bbb_standin, fetch
from tests.events.video_helpers import START, online_event, registration
from twinning.events.models import Event, Registration
from twinning.events.video import (
    BigBlueButton,
    Jitsi,
    VideoRoomUnavailable,
    bbb_checksum,
    can_join,
    is_moderator,
    join_url_for,
    video_room,
    welcome_text,
)

SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"


# --- the checksum, against BigBlueButton's documentation -----------------------------------------


def test_checksum_matches_the_worked_example_of_the_api_documentation():
    # "API Security Model" of BigBlueButton's API reference: the create call's query string, the
    # shared secret and the SHA-1 sum printed there.
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert bbb_checksum("create", query, SECRET) == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"


def test_signed_url_of_the_documented_example_is_the_documented_url():
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api", secret=SECRET)
    url = bbb.signed_url(
        "create",
        [("name", "Test Meeting"), ("meetingID", "abc123"), ("attendeePW", "111222"), ("moderatorPW", "333444")],
    )
    assert url == (
        "https://bbb.example.org/bigbluebutton/api/create?name=Test+Meeting&meetingID=abc123"
        "&attendeePW=111222&moderatorPW=333444&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
    )


def test_sha256_checksum_when_configured():
    # The documentation gives no SHA-256 worked example; it defines the same string with another
    # digest (BigBlueButton 2.5+), so the expected value is computed here independently.
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    expected = hashlib.sha256(f"create{query}{SECRET}".encode()).hexdigest()
    assert bbb_checksum("create", query, SECRET, "sha256") == expected
    assert len(expected) == 64


def test_checksum_changes_with_a_single_character():
    query = "name=Test+Meeting&meetingID=abc123"
    assert bbb_checksum("create", query, SECRET) != bbb_checksum("create", query + "4", SECRET)
    assert bbb_checksum("create", query, SECRET) != bbb_checksum("join", query, SECRET)
    assert bbb_checksum("create", query, SECRET) != bbb_checksum("create", query, SECRET + "x")


def test_unknown_algorithm_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        bbb_checksum("create", "", SECRET, "md5")


# --- the exact create and join calls -----------------------------------------------------------


def _split(url: str) -> tuple[str, str, str]:
    base, _, query = url.partition("?")
    query, _, checksum = query.rpartition("&checksum=")
    return base, query, checksum


@pytest.mark.django_db
def test_create_call_parameters_order_and_encoding(teacher_es):
    event = online_event(teacher_es, title="Clima & escuelas: ¿qué hacemos?", video_room="room-abc", capacity=40)
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET)
    base, query, checksum = _split(bbb.create_url(event))
    attendee_pw = bbb._password(event, "attendee")
    moderator_pw = bbb._password(event, "moderator")
    assert base == "https://bbb.example.org/bigbluebutton/api/create"
    assert query == (
        "name=Clima+%26+escuelas%3A+%C2%BFqu%C3%A9+hacemos%3F&meetingID=room-abc"
        f"&attendeePW={attendee_pw}&moderatorPW={moderator_pw}&maxParticipants=41"
        f"&logoutURL={quote_plus(settings.SITE_URL + reverse('events:detail', kwargs={'pk': event.pk}))}"
        f"&welcome={quote_plus(welcome_text(event))}"
    )
    assert checksum == hashlib.new("sha1", f"create{query}{SECRET}".encode()).hexdigest()  # noqa: S324 - the API defines SHA-1
    assert attendee_pw != moderator_pw
    assert SECRET not in query


@pytest.mark.django_db
def test_leaving_the_room_comes_back_to_the_event_page_with_a_welcome_in_the_organisers_language(teacher_es):
    event = online_event(teacher_es, video_room="room-abc")
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET)
    params = dict(bbb.create_params(event))
    assert params["logoutURL"] == f"{settings.SITE_URL}/events/{event.pk}/"
    with translation.override("es"):  # the reader's language does not matter
        assert welcome_text(event) == params["welcome"]
    assert teacher_es.preferred_language == "en"
    assert params["welcome"].startswith("Welcome!")
    assert event.title not in params["welcome"]  # no user text: the server shows it as HTML


@pytest.mark.django_db
def test_join_call_parameters_order_and_encoding(teacher_es, teacher_fr):
    event = online_event(teacher_es, video_room="room-abc")
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET, algorithm="sha256")
    viewer = bbb.signed_url("join", bbb.join_params(event=event, user=teacher_fr, moderator=False))
    base, query, checksum = _split(viewer)
    assert base == "https://bbb.example.org/bigbluebutton/api/join"
    assert query == (
        f"fullName=Camille+Martin&meetingID=room-abc&role=VIEWER&password={bbb._password(event, 'attendee')}"
        f"&userID={teacher_fr.pk}&redirect=true"
    )
    assert checksum == hashlib.sha256(f"join{query}{SECRET}".encode()).hexdigest()

    moderator = bbb.signed_url("join", bbb.join_params(event=event, user=teacher_es, moderator=True))
    _, query, _ = _split(moderator)
    assert query == (
        f"fullName=Luc%C3%ADa+Garc%C3%ADa&meetingID=room-abc&role=MODERATOR"
        f"&password={bbb._password(event, 'moderator')}&userID={teacher_es.pk}&redirect=true"
    )


@pytest.mark.django_db
def test_legacy_passwords_are_stable_per_meeting_and_do_not_reveal_the_secret(teacher_es):
    one, other = online_event(teacher_es), online_event(teacher_es)
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET)
    again = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET)
    assert bbb._password(one, "moderator") == again._password(one, "moderator")
    assert bbb._password(one, "moderator") != bbb._password(other, "moderator")
    assert SECRET not in repr(bbb)


# --- against the local stand-in server ----------------------------------------------------------


@pytest.mark.django_db
def test_create_then_join_against_the_standin_which_verifies_checksums(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        bbb = BigBlueButton(url=server.url, secret=SECRET)
        viewer_url = bbb.join_url(event=event, user=teacher_fr, moderator=False)
        moderator_url = bbb.join_url(event=event, user=teacher_es, moderator=True)  # create again: idempotent
        # The browser follows the join URLs; the stand-in checks them as BigBlueButton would.
        with fetch(viewer_url) as answer:
            viewer_answer = answer.read().decode()
        with fetch(moderator_url) as answer:
            moderator_answer = answer.read().decode()

    assert [(call, accepted) for call, _, accepted in server.calls] == [
        ("create", True),
        ("create", True),
        ("join", True),
        ("join", True),
    ]
    assert list(server.meetings) == [event.video_room]
    assert server.meetings[event.video_room]["name"] == event.title
    assert "<returncode>SUCCESS</returncode>" in viewer_answer
    assert "<role>VIEWER</role>" in viewer_answer
    assert "<returncode>SUCCESS</returncode>" in moderator_answer
    assert "<role>MODERATOR</role>" in moderator_answer


@pytest.mark.django_db
def test_standin_accepts_sha256_and_refuses_a_tampered_join(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        bbb = BigBlueButton(url=server.url, secret=SECRET, algorithm="sha256")
        url = bbb.join_url(event=event, user=teacher_fr, moderator=False)
        forged = url.replace("role=VIEWER", "role=MODERATOR")
        with fetch(forged) as answer:
            assert "checksumError" in answer.read().decode()
    assert [accepted for _, _, accepted in server.calls] == [True, False]


@pytest.mark.django_db
def test_wrong_secret_is_refused_by_the_standin_and_reported_clearly(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        bbb = BigBlueButton(url=server.url, secret="not-the-servers-secret")
        with pytest.raises(VideoRoomUnavailable) as refused:
            bbb.join_url(event=event, user=teacher_fr, moderator=False)
    assert refused.value.detail == "checksumError"
    assert "not available right now" in refused.value.message
    assert server.meetings == {}


@pytest.mark.django_db
def test_unreachable_server_is_reported_clearly(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        url = server.url
    # the stand-in has stopped: nothing listens on its port any more
    with pytest.raises(VideoRoomUnavailable):
        BigBlueButton(url=url, secret=SECRET, timeout=2).join_url(event=event, user=teacher_fr, moderator=False)


@pytest.mark.django_db
def test_an_answer_that_is_not_xml_is_reported_clearly(teacher_es, teacher_fr):
    event = online_event(teacher_es)

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size=-1):
            return b"<html>Bad gateway</html"

    bbb = BigBlueButton(
        url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET, opener=lambda *a, **k: Answer()
    )
    with pytest.raises(VideoRoomUnavailable):
        bbb.join_url(event=event, user=teacher_fr, moderator=False)


# --- the welcome in the organiser's language -------------------------------------------------------


WELCOME = "Welcome! The event's forum and documents stay open on its page, before and after."
WELCOME_ES = "¡Bienvenidos! El foro y los documentos del evento siguen abiertos en su página, antes y después."


@pytest.fixture
def spanish_welcome(monkeypatch):
    """The Spanish catalogue's entry for the welcome (translated later, with the other strings)."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    monkeypatch.setitem(catalogue, WELCOME, WELCOME_ES)


@pytest.mark.django_db
def test_welcome_is_in_the_organisers_language_whoever_is_reading(spanish_welcome):
    spanish = UserFactory(preferred_language="es")
    english = UserFactory(preferred_language="en")
    bbb = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET)
    for active in ("en", "es"):
        with translation.override(active):
            assert dict(bbb.create_params(online_event(spanish)))["welcome"] == WELCOME_ES
            assert welcome_text(online_event(english)) == WELCOME


@pytest.mark.django_db
def test_the_standin_receives_the_spanish_welcome(spanish_welcome):
    organiser = UserFactory(preferred_language="es")
    event = online_event(organiser)
    with bbb_standin(secret=SECRET) as server:
        BigBlueButton(url=server.url, secret=SECRET).create(event)
    assert server.meetings[event.video_room]["welcome"] == WELCOME_ES
    assert server.calls[0][2] is True  # the checksum covers the encoded Spanish text


# --- Jitsi --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_jitsi_link_is_the_room_with_the_display_name_in_the_fragment(teacher_es):
    event = online_event(teacher_es, video_room="twinning-Ab_9-x")
    url = Jitsi(url="https://meet.example.org").join_url(event=event, user=teacher_es, moderator=True)
    assert url == "https://meet.example.org/twinning-Ab_9-x#userInfo.displayName=%22Luc%C3%ADa%20Garc%C3%ADa%22"


@pytest.mark.django_db
def test_jitsi_display_name_cannot_break_out_of_the_fragment(teacher_es):
    user = UserFactory(first_name='Jo "x"&config.startWithVideoMuted=true#', last_name="B")
    event = online_event(teacher_es, video_room="room1")
    url = Jitsi(url="https://meet.example.org/").join_url(event=event, user=user, moderator=False)
    base, _, fragment = url.partition("#")
    assert base == "https://meet.example.org/room1"
    assert fragment.count("=") == 1
    assert "&" not in fragment
    assert "#" not in fragment
    assert urllib.parse.unquote(fragment) == 'userInfo.displayName="Jo \\"x\\"&config.startWithVideoMuted=true# B"'


# --- choosing the backend -----------------------------------------------------------------------


def test_video_room_follows_the_settings(settings):
    settings.VIDEO_BACKEND = "jitsi"
    settings.JITSI_URL = "https://meet.example.org/"
    assert isinstance(video_room(), Jitsi)
    settings.VIDEO_BACKEND = "bbb"
    settings.BBB_URL = "https://bbb.example.org/bigbluebutton/api/"
    settings.BBB_SECRET = SECRET
    settings.BBB_CHECKSUM_ALGORITHM = "sha256"
    room = video_room()
    assert isinstance(room, BigBlueButton)
    assert room.algorithm == "sha256"
    settings.BBB_SECRET = ""
    with pytest.raises(ImproperlyConfigured):
        video_room()
    settings.VIDEO_BACKEND = "zoom"
    with pytest.raises(ImproperlyConfigured):
        video_room()


@pytest.mark.django_db
def test_join_url_for_makes_the_organiser_moderator(settings, teacher_es, teacher_fr):
    event = online_event(teacher_es)
    settings.VIDEO_BACKEND = "bbb"
    settings.BBB_CHECKSUM_ALGORITHM = "sha1"
    settings.BBB_SECRET = SECRET
    with bbb_standin(secret=SECRET) as server:
        settings.BBB_URL = server.url
        organiser = join_url_for(event=event, user=teacher_es)
        participant = join_url_for(event=event, user=teacher_fr)
    assert "role=MODERATOR" in organiser
    assert "role=VIEWER" in participant
    assert is_moderator(teacher_es, event)
    assert not is_moderator(teacher_fr, event)


# --- the join window ----------------------------------------------------------------------------


@pytest.fixture
def window(settings, teacher_es, teacher_fr):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    event = online_event(teacher_es)
    registration(event, teacher_fr)
    return event


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (START - timedelta(minutes=15, seconds=1), False),  # just before the opening minute
        (START - timedelta(minutes=15), True),  # at it
        (START, True),
        (START + timedelta(minutes=59, seconds=59), True),
        (START + timedelta(hours=1), False),  # the end
        (START + timedelta(days=1), False),
    ],
)
def test_join_window_for_a_registered_teacher(window, teacher_fr, moment, allowed):
    assert can_join(teacher_fr, window, moment) is allowed


@pytest.mark.django_db
def test_join_window_follows_the_setting(settings, window, teacher_fr):
    settings.EVENTS_JOIN_OPENS_MINUTES = 5
    assert not can_join(teacher_fr, window, START - timedelta(minutes=6))
    assert can_join(teacher_fr, window, START - timedelta(minutes=5))


@pytest.mark.django_db
def test_organiser_joins_without_registration_in_the_window(window, teacher_es):
    assert can_join(teacher_es, window, START - timedelta(minutes=15))
    assert not can_join(teacher_es, window, START - timedelta(minutes=16))
    assert not can_join(teacher_es, window, START + timedelta(hours=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [Registration.State.WAITING, Registration.State.OFFERED, Registration.State.CANCELLED, None]
)
def test_only_registered_teachers_join(window, state):
    other = UserFactory()
    if state is not None:
        registration(window, other, state)
    assert not can_join(other, window, START)


@pytest.mark.django_db
def test_no_room_for_a_cancelled_or_face_to_face_event(window, teacher_es, teacher_fr):
    Event.objects.filter(pk=window.pk).update(status=Event.Status.CANCELLED)
    window.refresh_from_db()
    assert not can_join(teacher_fr, window, START)
    assert not can_join(teacher_es, window, START)

    face_to_face = online_event(teacher_es, format=Event.Format.FACE_TO_FACE, place="Sevilla")
    registration(face_to_face, teacher_fr)
    assert not can_join(teacher_fr, face_to_face, START)
    assert not can_join(teacher_es, face_to_face, START)


@pytest.mark.django_db
def test_signed_out_visitor_never_joins(window):
    from django.contrib.auth.models import AnonymousUser

    assert not can_join(AnonymousUser(), window, START)  # type: ignore[arg-type]
