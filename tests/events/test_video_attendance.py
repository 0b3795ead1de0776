"""Attendance read from the video room: BigBlueButton's getMeetingInfo (signed, parsed, against the local
stand-in), `attendance_from_video` (who is marked, by whom, when, which progress), the participants page's
button and its POST."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.bbb_standin import bbb_standin
from tests.events.video_helpers import online_event, registration
from twinning.core.errors import DomainError, PermissionRefused
from twinning.events.models import Event, Registration
from twinning.events.video import (
    BigBlueButton,
    Jitsi,
    VideoRoomUnavailable,
    attendance_from_video,
    can_mark_from_video,
)
from twinning.progress.models import ProgressAction

SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
State = Registration.State


class _Answer:
    """A canned HTTP answer for BigBlueButton(opener=...)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, size=-1):
        return self.body


def _bbb_answering(body: bytes) -> BigBlueButton:
    return BigBlueButton(
        url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET, opener=lambda *a, **k: _Answer(body)
    )


def _started(organiser, **fields):
    """An online event that started ten minutes ago and ends in fifty."""
    return online_event(organiser, starts_at=timezone.now() - timedelta(minutes=10), **fields)


@pytest.fixture
def bbb(settings):
    """The configured video server is the local stand-in, which checks every checksum."""
    with bbb_standin(secret=SECRET) as server:
        settings.VIDEO_BACKEND = "bbb"
        settings.BBB_URL = server.url
        settings.BBB_SECRET = SECRET
        settings.BBB_CHECKSUM_ALGORITHM = "sha1"
        yield server


# --- getMeetingInfo: signing and parsing ------------------------------------------------------------


@pytest.mark.django_db
def test_get_meeting_info_is_signed_like_create(teacher_es):
    event = online_event(teacher_es, video_room="room-abc")
    url = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api", secret=SECRET).meeting_info_url(event)
    expected = hashlib.new("sha1", f"getMeetingInfomeetingID=room-abc{SECRET}".encode()).hexdigest()  # noqa: S324 - the API defines SHA-1
    assert url == f"https://bbb.example.org/bigbluebutton/api/getMeetingInfo?meetingID=room-abc&checksum={expected}"

    sha256 = BigBlueButton(url="https://bbb.example.org/bigbluebutton/api/", secret=SECRET, algorithm="sha256")
    checksum = sha256.meeting_info_url(event).rpartition("&checksum=")[2]
    assert checksum == hashlib.sha256(f"getMeetingInfomeetingID=room-abc{SECRET}".encode()).hexdigest()
    assert SECRET not in url


@pytest.mark.django_db
def test_attendees_are_read_from_the_standin_which_verifies_the_checksum(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        server.enter(event.video_room, user_id=str(teacher_es.pk), full_name="Lucía García", role="MODERATOR")
        server.enter(event.video_room, user_id=str(teacher_fr.pk), full_name="Camille Martin")
        server.enter(event.video_room, user_id="w_guest7", full_name="A guest")
        server.enter("another-room", user_id="999", full_name="Elsewhere")
        attendees = BigBlueButton(url=server.url, secret=SECRET, algorithm="sha256").meeting_attendees(event)
    assert attendees == {str(teacher_es.pk), str(teacher_fr.pk), "w_guest7"}
    assert [(call, params["meetingID"], accepted) for call, params, accepted in server.calls] == [
        ("getMeetingInfo", event.video_room, True)
    ]


@pytest.mark.django_db
def test_attendees_of_a_pretty_printed_answer(teacher_es):
    # A real server indents its XML; only <attendees><attendee><userID> counts, wherever else a userID is.
    body = b"""<response>
      <returncode>SUCCESS</returncode>
      <meetingID>room-abc</meetingID>
      <running>true</running>
      <userID>not-an-attendee</userID>
      <attendees>
        <attendee>
          <userID>
            12
          </userID>
          <fullName>Ana</fullName>
          <role>VIEWER</role>
        </attendee>
        <attendee><userID>34</userID><fullName>Ben</fullName></attendee>
        <attendee><fullName>No id</fullName></attendee>
      </attendees>
    </response>"""
    assert _bbb_answering(body).meeting_attendees(online_event(teacher_es)) == {"12", "34"}


@pytest.mark.django_db
def test_a_meeting_not_running_has_nobody_in_it(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        bbb = BigBlueButton(url=server.url, secret=SECRET)
        never_created = bbb.meeting_attendees(event)  # FAILED, notFound
        bbb.create(event)
        created_but_empty = bbb.meeting_attendees(event)  # SUCCESS, running false
    assert never_created == set()
    assert created_but_empty == set()
    assert [(call, accepted) for call, _, accepted in server.calls] == [
        ("getMeetingInfo", True),
        ("create", True),
        ("getMeetingInfo", True),
    ]
    # a meeting that says it is not running lists nobody, whatever else the answer holds
    stopped = (
        b"<response><returncode>SUCCESS</returncode><running>false</running>"
        b"<attendees><attendee><userID>5</userID></attendee></attendees></response>"
    )
    assert _bbb_answering(stopped).meeting_attendees(event) == set()


@pytest.mark.django_db
def test_wrong_secret_makes_the_attendance_unavailable(teacher_es, teacher_fr):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        server.enter(event.video_room, user_id=str(teacher_fr.pk))
        with pytest.raises(VideoRoomUnavailable) as refused:
            BigBlueButton(url=server.url, secret="not-the-servers-secret").meeting_attendees(event)
    assert refused.value.detail == "checksumError"
    assert "not available right now" in refused.value.message
    assert [(call, accepted) for call, _, accepted in server.calls] == [("getMeetingInfo", False)]


@pytest.mark.django_db
def test_unreachable_server_or_garbage_makes_the_attendance_unavailable(teacher_es):
    event = online_event(teacher_es)
    with bbb_standin(secret=SECRET) as server:
        url = server.url
    with pytest.raises(VideoRoomUnavailable):  # nothing listens there any more
        BigBlueButton(url=url, secret=SECRET, timeout=2).meeting_attendees(event)
    with pytest.raises(VideoRoomUnavailable):
        _bbb_answering(b"<html>Bad gateway</html").meeting_attendees(event)
    with pytest.raises(VideoRoomUnavailable) as refused:
        _bbb_answering(
            b"<response><returncode>FAILED</returncode><messageKey>internalError</messageKey></response>"
        ).meeting_attendees(event)
    assert refused.value.detail == "internalError"


@pytest.mark.django_db
def test_jitsi_cannot_tell_who_is_in_the_room(teacher_es):
    with pytest.raises(VideoRoomUnavailable) as refused:
        Jitsi(url="https://meet.example.org/").meeting_attendees(online_event(teacher_es))
    assert "tick attendance by hand" in refused.value.message


# --- the service ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_registered_teachers_in_the_room_are_marked(bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    absent = UserFactory(is_validated=True)
    waiting, offered, cancelled, stranger = (UserFactory(is_validated=True) for _ in range(4))
    registration(event, teacher_fr)
    registration(event, absent)
    registration(event, waiting, State.WAITING)
    registration(event, offered, State.OFFERED)
    registration(event, cancelled, State.CANCELLED)
    for person in (teacher_es, teacher_fr, waiting, offered, cancelled, stranger):
        bbb.enter(event.video_room, user_id=str(person.pk), full_name=person.full_name)
    bbb.enter(event.video_room, user_id="w_k3j2", full_name="Someone from another application")
    bbb.enter(event.video_room, user_id="9" * 40, full_name="An id too long to be ours")

    assert attendance_from_video(actor=teacher_es, event=event) == 1

    attended = set(Registration.objects.filter(event=event, attended=True).values_list("user_id", flat=True))
    assert attended == {teacher_fr.pk}
    assert Registration.objects.get(event=event, user=waiting).state == State.WAITING
    assert not Registration.objects.filter(event=event, user=teacher_es).exists()
    assert set(ProgressAction.objects.filter(kind="event_attended").values_list("user_id", flat=True)) == {
        teacher_fr.pk
    }
    # asked again: nobody new, nobody twice, and nobody unmarked
    assert attendance_from_video(actor=teacher_es, event=event) == 0
    assert ProgressAction.objects.filter(kind="event_attended", user=teacher_fr).count() == 1
    bbb.attendees[event.video_room] = []
    assert attendance_from_video(actor=teacher_es, event=event) == 0
    assert Registration.objects.get(event=event, user=teacher_fr).attended


@pytest.mark.django_db
def test_counts_only_the_newly_marked(bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    others = [UserFactory(is_validated=True) for _ in range(2)]
    registration(event, teacher_fr)
    Registration.objects.filter(event=event, user=teacher_fr).update(attended=True)  # ticked by hand already
    for person in others:
        registration(event, person)
    for person in (teacher_fr, *others):
        bbb.enter(event.video_room, user_id=str(person.pk))
    assert attendance_from_video(actor=teacher_es, event=event) == 2
    assert Registration.objects.filter(event=event, attended=True).count() == 3


@pytest.mark.django_db
def test_only_the_organiser_reads_the_room(bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    for someone in (teacher_fr, UserFactory(is_validated=True)):
        with pytest.raises(PermissionRefused):
            attendance_from_video(actor=someone, event=event)
    assert bbb.calls == []  # refused before asking the server
    assert not Registration.objects.get(event=event, user=teacher_fr).attended


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "progress"),
    [
        (Event.Kind.WORKSHOP, "event_attended"),
        (Event.Kind.ONLINE_SEMINAR, "seminar_attended"),
        (Event.Kind.LEARNING_EVENT, None),  # a learning event counts when completed, not attended
    ],
)
def test_progress_recorded_by_kind_of_event(bbb, teacher_es, teacher_fr, kind, progress):
    event = _started(teacher_es, kind=kind)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    assert attendance_from_video(actor=teacher_es, event=event) == 1
    assert Registration.objects.get(event=event, user=teacher_fr).attended
    recorded = list(ProgressAction.objects.filter(user=teacher_fr).values_list("kind", "key"))
    assert recorded == ([(progress, str(event.pk))] if progress else [])


@pytest.mark.django_db
def test_from_the_start_until_a_day_after_the_end(bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    with pytest.raises(DomainError) as early:
        attendance_from_video(actor=teacher_es, event=event, now=event.starts_at - timedelta(seconds=1))
    assert early.value.code == "not_started"
    with pytest.raises(DomainError) as late:
        attendance_from_video(actor=teacher_es, event=event, now=event.ends_at + timedelta(days=1, seconds=1))
    assert late.value.code == "too_late"
    assert bbb.calls == []
    assert not can_mark_from_video(teacher_es, event, event.starts_at - timedelta(seconds=1))
    assert not can_mark_from_video(teacher_es, event, event.ends_at + timedelta(days=1, seconds=1))
    assert can_mark_from_video(teacher_es, event, event.ends_at + timedelta(days=1))
    assert attendance_from_video(actor=teacher_es, event=event, now=event.ends_at + timedelta(days=1)) == 1


@pytest.mark.django_db
def test_not_for_a_cancelled_or_face_to_face_event(bbb, teacher_es, teacher_fr):
    cancelled = _started(teacher_es, status=Event.Status.CANCELLED)
    face_to_face = _started(teacher_es, format=Event.Format.FACE_TO_FACE, place="Sevilla")
    for event, code in ((cancelled, "cancelled"), (face_to_face, "not_online")):
        registration(event, teacher_fr)
        bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
        with pytest.raises(DomainError) as refused:
            attendance_from_video(actor=teacher_es, event=event)
        assert refused.value.code == code
        assert not can_mark_from_video(teacher_es, event, timezone.now())
    assert not Registration.objects.filter(attended=True).exists()


@pytest.mark.django_db
def test_the_page_offers_it_only_with_bigbluebutton(settings, teacher_es):
    event = _started(teacher_es)
    settings.VIDEO_BACKEND = "jitsi"
    assert not can_mark_from_video(teacher_es, event, timezone.now())
    settings.VIDEO_BACKEND = "bbb"
    assert can_mark_from_video(teacher_es, event, timezone.now())


# --- the participants page and its button -------------------------------------------------------------


def _participants(event):
    return reverse("events:participants", kwargs={"pk": event.pk})


def _from_video(event):
    return reverse("events:attendance_from_video", kwargs={"pk": event.pk})


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_button_marks_and_says_how_many(client, bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    other = UserFactory(is_validated=True)
    waiting = UserFactory(is_validated=True)
    for person in (teacher_fr, other):
        registration(event, person)
    registration(event, waiting, State.WAITING)
    for person in (teacher_fr, other, waiting):
        bbb.enter(event.video_room, user_id=str(person.pk))
    client.force_login(teacher_es)
    page = client.get(_participants(event)).content.decode()
    assert f'action="{_from_video(event)}"' in page
    assert "Mark attendance from the video room" in page

    response = client.post(_from_video(event), follow=True)
    assert response.redirect_chain == [(_participants(event), 302)]
    assert "2 participants marked as attended from the video room." in _messages(response)
    assert set(Registration.objects.filter(attended=True).values_list("user_id", flat=True)) == {
        teacher_fr.pk,
        other.pk,
    }
    again = client.post(_from_video(event), follow=True)
    assert "0 participants marked as attended from the video room." in _messages(again)


@pytest.mark.django_db
def test_one_participant_is_said_in_the_singular(client, bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    client.force_login(teacher_es)
    response = client.post(_from_video(event), follow=True)
    assert "1 participant marked as attended from the video room." in _messages(response)


@pytest.mark.django_db
def test_an_unavailable_server_is_a_message_not_an_error(client, settings, bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    settings.BBB_SECRET = "a-secret-the-server-does-not-know"
    client.force_login(teacher_es)
    response = client.post(_from_video(event), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(_participants(event), 302)]
    assert any("The video room is not available right now" in text for text in _messages(response))
    assert "a-secret-the-server-does-not-know" not in response.content.decode()
    assert not Registration.objects.get(event=event, user=teacher_fr).attended

    settings.VIDEO_BACKEND = "jitsi"  # a hand-made POST with Jitsi configured
    settings.JITSI_URL = "https://meet.example.org/"
    response = client.post(_from_video(event), follow=True)
    assert response.status_code == 200
    assert any("tick attendance by hand" in text for text in _messages(response))


@pytest.mark.django_db
def test_before_the_start_no_button_and_the_post_says_why(client, bbb, teacher_es, teacher_fr):
    event = online_event(teacher_es, starts_at=timezone.now() + timedelta(hours=2))
    registration(event, teacher_fr)
    client.force_login(teacher_es)
    assert "Mark attendance from the video room" not in client.get(_participants(event)).content.decode()
    response = client.post(_from_video(event), follow=True)
    assert "Attendance is recorded once the event has started." in _messages(response)
    assert bbb.calls == []


@pytest.mark.django_db
def test_no_button_with_jitsi(client, settings, teacher_es, teacher_fr):
    settings.VIDEO_BACKEND = "jitsi"
    event = _started(teacher_es)
    registration(event, teacher_fr)
    client.force_login(teacher_es)
    page = client.get(_participants(event)).content.decode()
    assert 'name="attended"' in page  # ticking by hand stays
    assert "Mark attendance from the video room" not in page


@pytest.mark.django_db
def test_others_get_404_and_no_button(client, bbb, teacher_es, teacher_fr):
    event = _started(teacher_es)
    registration(event, teacher_fr)
    bbb.enter(event.video_room, user_id=str(teacher_fr.pk))
    for someone in (teacher_fr, UserFactory(is_validated=True)):
        client.force_login(someone)
        assert "Mark attendance from the video room" not in client.get(_participants(event)).content.decode()
        assert client.post(_from_video(event)).status_code == 404
    private = _started(teacher_es, visibility=Event.Visibility.PRIVATE)
    assert client.post(_from_video(private)).status_code == 404
    assert client.post(reverse("events:attendance_from_video", kwargs={"pk": 999_999})).status_code == 404
    assert bbb.calls == []
    assert not Registration.objects.filter(attended=True).exists()


@pytest.mark.django_db
def test_get_is_not_allowed_and_signed_out_goes_to_sign_in(client, bbb, teacher_es):
    event = _started(teacher_es)
    response = client.post(_from_video(event))
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(teacher_es)
    assert client.get(_from_video(event)).status_code == 405
    assert bbb.calls == []


@pytest.mark.django_db
def test_participants_page_with_the_button_keeps_its_query_count(client, bbb, teacher_es):
    event = _started(teacher_es, capacity=60)
    registration(event, UserFactory(is_validated=True))
    client.force_login(teacher_es)
    url = _participants(event)

    def count():
        client.get(url)  # the first request of a session writes once (last seen, session)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert "Mark attendance from the video room" in page.content.decode()
        return len(queries)

    one = count()
    for _ in range(29):
        registration(event, UserFactory(is_validated=True))
    assert count() == one
    assert bbb.calls == []  # showing the page never asks the video server
