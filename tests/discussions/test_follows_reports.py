"""Following threads, telling followers of new posts, reporting posts and answering reports: the services."""

import pytest

from tests.accounts.factories import UserFactory
from tests.discussions import owner
from tests.discussions.conftest import first_post, reply, start
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Post, Report, ThreadFollow
from twinning.discussions.selectors import is_following, open_reports
from twinning.discussions.services import (
    REASON_MAX_LENGTH,
    forum_create,
    notify_followers,
    notify_report,
    post_report,
    post_set_hidden,
    report_resolve,
    thread_follow,
    thread_unfollow,
)
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def followers(thread) -> set[int]:
    return set(ThreadFollow.objects.filter(thread=thread).values_list("user_id", flat=True))


def told(kind: str) -> dict[int, Notification]:
    return {n.recipient_id: n for n in Notification.objects.filter(kind=kind)}


# --- follows ---------------------------------------------------------------------------------


def test_the_author_and_repliers_follow_once(forum, writer, other_writer):
    thread = start(forum, writer)
    assert followers(thread) == {writer.pk}
    reply(thread, other_writer)
    reply(thread, other_writer)
    reply(thread, writer)
    assert followers(thread) == {writer.pk, other_writer.pk}
    assert ThreadFollow.objects.count() == 2


@pytest.mark.parametrize("access", [owner.READER, owner.REPLIER, owner.WRITER, owner.MODERATOR])
def test_every_reader_may_follow_and_following_again_changes_nothing(forum, writer, access):
    thread = start(forum, writer)
    someone = UserFactory()
    first = thread_follow(actor=someone, thread=thread, access=access)
    again = thread_follow(actor=someone, thread=thread, access=access)
    assert first.pk == again.pk
    assert is_following(user=someone, thread=thread)
    assert ThreadFollow.objects.filter(user=someone).count() == 1


def test_someone_who_cannot_read_cannot_follow(forum, writer, outsider):
    thread = start(forum, writer)
    with pytest.raises(PermissionRefused):
        thread_follow(actor=outsider, thread=thread, access=owner.NOTHING)
    assert not is_following(user=outsider, thread=thread)


def test_a_hidden_thread_is_followed_by_moderators_only(forum, writer, reader, moderator):
    thread = start(forum, writer)
    post_set_hidden(actor=moderator, post=first_post(thread), access=owner.MODERATOR, hidden=True)
    thread.refresh_from_db()
    with pytest.raises(PermissionRefused):
        thread_follow(actor=reader, thread=thread, access=owner.READER)
    thread_follow(actor=moderator, thread=thread, access=owner.MODERATOR)
    assert followers(thread) == {writer.pk, moderator.pk}


def test_signed_out_visitors_cannot_follow(forum, writer):
    from django.contrib.auth.models import AnonymousUser

    thread = start(forum, writer)
    with pytest.raises(PermissionRefused):
        thread_follow(actor=AnonymousUser(), thread=thread, access=owner.READER)  # type: ignore[arg-type]
    assert not is_following(user=AnonymousUser(), thread=thread)  # type: ignore[arg-type]


def test_unfollow_stops_and_is_harmless_twice(forum, writer, reader):
    thread = start(forum, writer)
    thread_unfollow(actor=writer, thread=thread)
    thread_unfollow(actor=writer, thread=thread)
    thread_unfollow(actor=reader, thread=thread)
    assert followers(thread) == set()


# --- telling followers -----------------------------------------------------------------------


def test_followers_but_the_author_are_told_of_a_reply(forum, writer, other_writer, reader, moderator):
    thread = start(forum, writer, title="Rainfall")
    thread_follow(actor=reader, thread=thread, access=owner.READER)
    owner.RULES[UserFactory().pk] = owner.READER  # a reader who never follows
    post = reply(thread, other_writer)
    count = notify_followers(post=post, url="/somewhere/#post-1")
    assert count == 2
    notes = told("thread_reply")
    assert set(notes) == {writer.pk, reader.pk}
    note = notes[writer.pk]
    assert note.actor_id == other_writer.pk
    assert note.url == "/somewhere/#post-1"
    assert note.params == {"thread": "Rainfall"}
    assert "Rainfall" in note.text


def test_followers_who_can_no_longer_read_are_skipped(forum, writer, other_writer, reader):
    thread = start(forum, writer)
    thread_follow(actor=reader, thread=thread, access=owner.READER)
    post = reply(thread, other_writer)
    count = notify_followers(post=post, url="/x/", can_read_user=lambda user: user.pk != reader.pk)
    assert count == 1
    assert set(told("thread_reply")) == {writer.pk}
    assert is_following(user=reader, thread=thread)  # the follow stays, should they come back


def test_nobody_is_told_of_a_hidden_post_inactive_followers_or_pupils(forum, writer, other_writer, moderator):
    thread = start(forum, writer)
    pupil = UserFactory(is_pupil=True)
    gone = UserFactory(is_active=False)
    for user in (pupil, gone):
        thread_follow(actor=user, thread=thread, access=owner.READER)
    post = reply(thread, other_writer)
    post_set_hidden(actor=moderator, post=post, access=owner.MODERATOR, hidden=True)
    assert notify_followers(post=post, url="/x/") == 0
    post_set_hidden(actor=moderator, post=post, access=owner.MODERATOR, hidden=False)
    assert notify_followers(post=post, url="/x/") == 1
    assert set(told("thread_reply")) == {writer.pk}


# --- reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("access", [owner.READER, owner.REPLIER, owner.WRITER, owner.MODERATOR])
def test_every_reader_may_report_a_post_once(forum, writer, access):
    post = first_post(start(forum, writer))
    someone = UserFactory()
    report = post_report(actor=someone, post=post, access=access, reason="  Rude   words ")
    assert report.state == Report.State.OPEN
    assert report.reason == "Rude words"
    with pytest.raises(DomainError) as twice:
        post_report(actor=someone, post=post, access=access, reason="Again")
    assert twice.value.code == "already_reported"
    assert Report.objects.count() == 1


def test_reports_refused_store_nothing(forum, writer, reader, outsider, moderator):
    thread = start(forum, writer)
    post = first_post(thread)
    with pytest.raises(PermissionRefused):
        post_report(actor=outsider, post=post, access=owner.NOTHING, reason="Spam")
    with pytest.raises(DomainError) as own:
        post_report(actor=writer, post=post, access=owner.WRITER, reason="Mine")
    assert own.value.code == "own_post"
    for bad in ("", "   ", "x" * (REASON_MAX_LENGTH + 1), "bad\x00byte"):
        with pytest.raises(DomainError) as refused:
            post_report(actor=reader, post=post, access=owner.READER, reason=bad)
        assert refused.value.field == "reason"
    answer = reply(thread, moderator)
    post_set_hidden(actor=moderator, post=answer, access=owner.MODERATOR, hidden=True)
    with pytest.raises(PermissionRefused):
        post_report(actor=reader, post=answer, access=owner.READER, reason="Spam")
    assert Report.objects.count() == 0


def test_hiding_a_reported_post_settles_its_open_reports(forum, writer, reader, replier, moderator):
    thread = start(forum, writer)
    post = reply(thread, writer, body="Buy cheap watches")
    first = post_report(actor=reader, post=post, access=owner.READER, reason="Spam")
    second = post_report(actor=replier, post=post, access=owner.REPLIER, reason="Advert")
    report_resolve(actor=moderator, report=first, access=owner.MODERATOR, hide=True)
    post.refresh_from_db()
    assert post.is_hidden
    assert post.hidden_by_id == moderator.pk
    states = dict(Report.objects.values_list("pk", "state"))
    assert states == {first.pk: Report.State.HIDDEN, second.pk: Report.State.HIDDEN}
    first.refresh_from_db()
    assert first.handled_by_id == moderator.pk
    assert first.handled_at is not None
    # Hidden for everyone but moderators.
    from twinning.discussions.selectors import thread_posts

    assert post not in thread_posts(thread=thread, access=owner.READER)
    assert post in thread_posts(thread=thread, access=owner.MODERATOR)


def test_dismissing_keeps_the_post_and_other_reports(forum, writer, reader, replier, moderator):
    post = first_post(start(forum, writer))
    first = post_report(actor=reader, post=post, access=owner.READER, reason="Spam")
    second = post_report(actor=replier, post=post, access=owner.REPLIER, reason="Off topic")
    report_resolve(actor=moderator, report=first, access=owner.MODERATOR, hide=False)
    post.refresh_from_db()
    assert not post.is_hidden
    assert Report.objects.get(pk=first.pk).state == Report.State.DISMISSED
    assert Report.objects.get(pk=second.pk).state == Report.State.OPEN


@pytest.mark.parametrize("access", [owner.NOTHING, owner.READER, owner.REPLIER, owner.WRITER])
def test_only_moderators_answer_reports(forum, writer, reader, access):
    post = first_post(start(forum, writer))
    report = post_report(actor=reader, post=post, access=owner.READER, reason="Spam")
    for hide in (True, False):
        with pytest.raises(PermissionRefused):
            report_resolve(actor=UserFactory(), report=report, access=access, hide=hide)
    assert Report.objects.get().state == Report.State.OPEN
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_report_is_answered_once(forum, writer, reader, moderator):
    post = first_post(start(forum, writer))
    report = post_report(actor=reader, post=post, access=owner.READER, reason="Spam")
    report_resolve(actor=moderator, report=report, access=owner.MODERATOR, hide=False)
    with pytest.raises(DomainError) as again:
        report_resolve(actor=moderator, report=report, access=owner.MODERATOR, hide=True)
    assert again.value.code == "handled"
    post.refresh_from_db()
    assert not post.is_hidden
    assert Report.objects.get().state == Report.State.DISMISSED


def test_open_reports_of_a_forum_or_several_oldest_first(forum, writer, reader, replier, moderator):
    other = forum_create(purpose="elsewhere")
    here = reply(start(forum, writer), writer)
    there = first_post(start(other, writer))
    a = post_report(actor=reader, post=here, access=owner.READER, reason="a")
    b = post_report(actor=reader, post=there, access=owner.READER, reason="b")
    c = post_report(actor=replier, post=here, access=owner.REPLIER, reason="c")
    handled = post_report(actor=moderator, post=there, access=owner.MODERATOR, reason="d")
    report_resolve(actor=moderator, report=handled, access=owner.MODERATOR, hide=False)
    assert list(open_reports(forum=forum)) == [a, c]
    assert list(open_reports(forums=[forum, other.pk])) == [a, b, c]
    assert list(open_reports()) == []


def test_moderators_but_the_reporter_are_told_of_a_report_once(forum, writer, reader, moderator):
    other_moderator = UserFactory()
    pupil = UserFactory(is_pupil=True)
    post = first_post(start(forum, writer, title="Rainfall"))
    report = post_report(actor=moderator, post=post, access=owner.MODERATOR, reason="Spam")
    count = notify_report(
        report=report, moderators=[moderator, other_moderator, other_moderator, pupil], url="/reports/"
    )
    assert count == 1
    notes = told("post_reported")
    assert set(notes) == {other_moderator.pk}
    assert notes[other_moderator.pk].params == {"thread": "Rainfall", "reason": "Spam"}
    assert notes[other_moderator.pk].url == "/reports/"
    assert Post.objects.count() == 1
