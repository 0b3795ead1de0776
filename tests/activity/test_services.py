"""Posts and the feed's upkeep: writing, fan-out, backfill, cleanup, deletion; refusals store nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.activity.factories import post_by
from tests.profiles.factories import image_bytes, upload
from twinning.activity.models import POST_MAX_LENGTH, ActivityItem, FeedEntry, Post
from twinning.activity.services import (
    BACKFILL_ITEMS,
    activity_record_new_contact,
    feed_backfill,
    feed_fan_out,
    feed_remove_stale,
    post_create,
    post_delete,
)
from twinning.core.errors import DomainError, PermissionRefused
from twinning.network.models import Block, Follow
from twinning.network.services import contact_create, follow_create, follow_delete
from twinning.progress.models import ProgressAction
from twinning.progress.rules import Area
from twinning.progress.selectors import progress_summary

pytestmark = pytest.mark.django_db


def _owners(item_or_post) -> set[int]:
    item = item_or_post.item if isinstance(item_or_post, Post) else item_or_post
    return set(FeedEntry.objects.filter(item=item).values_list("owner_id", flat=True))


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_stored(settings, author) -> bool:
    return (
        not Post.objects.exists()
        and not ActivityItem.objects.exists()
        and not FeedEntry.objects.exists()
        and not ProgressAction.objects.filter(user=author, kind="post_written").exists()
        and _stored_files(settings) == []
    )


# Writing a post


def test_a_post_is_stored_with_its_item_and_the_author_sees_it_at_once(teacher_es):
    post = post_create(actor=teacher_es, body="  Our class planted a tree today.  ")

    assert post.body == "Our class planted a tree today."
    item = ActivityItem.objects.get()
    assert (item.verb, item.actor, item.post) == ("post", teacher_es, post)
    # Before the fan-out task ran: the author's own feed already has it.
    assert _owners(post) == {teacher_es.pk}


def test_a_post_counts_once_in_communication_progress_and_is_capped_on_read(teacher_es):
    posts = [post_create(actor=teacher_es, body=f"Post {n}") for n in range(12)]

    keys = set(ProgressAction.objects.filter(user=teacher_es, kind="post_written").values_list("key", flat=True))
    assert keys == {str(post.pk) for post in posts}
    summary = progress_summary(user=teacher_es)
    assert summary.counts["post_written"] == 12
    assert next(a.counted for a in summary.areas if a.area == Area.COMMUNICATION) == 10


def test_fan_out_reaches_followers_and_contacts_but_not_strangers(committed, teacher_es, teacher_fr, stranger):
    follower = UserFactory()
    follow_create(actor=follower, followed=teacher_es)
    contact_create(first=teacher_es, second=teacher_fr)
    teacher_es_follows = UserFactory()  # teacher_es follows them: one-way, they do not receive her posts
    follow_create(actor=teacher_es, followed=teacher_es_follows)

    post = post_by(teacher_es, committed=committed)

    assert _owners(post) == {teacher_es.pk, follower.pk, teacher_fr.pk}
    assert set(FeedEntry.objects.filter(item=post.item).values_list("actor_id", flat=True)) == {teacher_es.pk}


def test_fan_out_skips_people_blocked_either_way(committed, teacher_es, teacher_fr):
    blocked_follower = UserFactory()
    follow_create(actor=blocked_follower, followed=teacher_es)
    Block.objects.create(blocker=teacher_es, blocked=blocked_follower)
    blocker = UserFactory()
    follow_create(actor=blocker, followed=teacher_es)
    Block.objects.create(blocker=blocker, blocked=teacher_es)

    post = post_by(teacher_es, committed=committed)

    assert _owners(post) == {teacher_es.pk}


def test_running_the_fan_out_twice_adds_no_rows(committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post = post_by(teacher_es, committed=committed)
    before = FeedEntry.objects.count()

    feed_fan_out(item_id=post.item.pk)
    feed_fan_out(item_id=post.item.pk)

    assert FeedEntry.objects.count() == before == 2


def test_fan_out_works_in_batches(committed, teacher_es, monkeypatch):
    monkeypatch.setattr("twinning.activity.services.FAN_OUT_BATCH_SIZE", 3)
    followers = UserFactory.create_batch(7)
    for follower in followers:
        follow_create(actor=follower, followed=teacher_es)

    post = post_by(teacher_es, committed=committed)

    assert _owners(post) == {teacher_es.pk, *(f.pk for f in followers)}


def test_fan_out_of_a_deleted_item_does_nothing(teacher_es):
    post = post_create(actor=teacher_es, body="Gone soon")
    item_id = post.item.pk
    post_delete(actor=teacher_es, post=post)

    assert feed_fan_out(item_id=item_id) == 0
    assert not FeedEntry.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something before posting."),
        ("   \n  ", "Write something before posting."),
        ("x" * (POST_MAX_LENGTH + 1), "at most 3000 characters; yours has 3001"),
    ],
    ids=["empty", "blank", "3001 characters"],
)
def test_bad_text_is_refused_and_nothing_stored(settings, teacher_es, body, message):
    with pytest.raises(DomainError) as refused:
        post_create(actor=teacher_es, body=body, image=upload(image_bytes()))

    assert message in refused.value.message
    assert refused.value.field == "body"
    assert _nothing_stored(settings, teacher_es)


def test_exactly_3000_characters_is_accepted(teacher_es):
    assert len(post_create(actor=teacher_es, body="x" * POST_MAX_LENGTH).body) == POST_MAX_LENGTH


def test_an_image_is_cleaned_and_thumbnailed_like_a_profile_photo(teacher_es):
    post = post_create(actor=teacher_es, body="Our garden", image=upload(image_bytes("PNG", size=(2000, 1000))))

    assert post.image.name.startswith(f"posts/{teacher_es.pk}/")
    assert post.image.name.endswith(".webp")
    assert post.thumbnail.name.endswith("-thumb.webp")
    from PIL import Image

    with Image.open(post.image.path) as main, Image.open(post.thumbnail.path) as thumb:
        assert max(main.size) == 1024
        assert thumb.size == (256, 256)


def _html_renamed_png():
    return upload(b"<!DOCTYPE html><html><body>Hello</body></html>", "class.png", "image/png")


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (_html_renamed_png, "not a JPEG, PNG or WebP image"),
        (lambda: upload(image_bytes("GIF"), "class.gif", "image/gif"), "not a JPEG, PNG or WebP image"),
        (lambda: upload(image_bytes(size=(300, 300))), "too large"),
    ],
    ids=["html renamed png", "gif", "oversized"],
)
def test_bad_images_are_refused_with_the_photo_messages_and_nothing_stored(settings, teacher_es, make_upload, message):
    settings.PROFILE_PHOTO_MAX_BYTES = 2000  # the 300 px JPEG is larger; the other files are smaller
    with pytest.raises(DomainError) as refused:
        post_create(actor=teacher_es, body="Look at this", image=make_upload())

    assert message in refused.value.message
    assert refused.value.field == "image"
    assert _nothing_stored(settings, teacher_es)


def test_when_saving_fails_the_image_files_are_removed(settings, teacher_es, monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr("twinning.activity.services.progress_record", broken)
    with pytest.raises(IntegrityError):
        post_create(actor=teacher_es, body="Our garden", image=upload(image_bytes()))

    assert _stored_files(settings) == []
    assert not Post.objects.exists()


def test_an_inactive_account_cannot_post(teacher_es):
    teacher_es.is_active = False
    with pytest.raises(PermissionRefused):
        post_create(actor=teacher_es, body="Hello")
    assert not Post.objects.exists()


# Deleting


def test_the_author_deletes_a_post_with_its_item_entries_and_files(committed, settings, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post = post_by(teacher_es, committed=committed, image=upload(image_bytes()))
    assert len(_stored_files(settings)) == 2

    with committed():
        post_delete(actor=teacher_es, post=post)

    assert not Post.objects.exists()
    assert not ActivityItem.objects.exists()
    assert not FeedEntry.objects.exists()
    assert _stored_files(settings) == []


def test_nobody_else_deletes_a_post(committed, teacher_es, teacher_fr, css_officer):
    post = post_by(teacher_es, committed=committed)
    for actor in (teacher_fr, css_officer):
        with pytest.raises(PermissionRefused):
            post_delete(actor=actor, post=post)
    assert Post.objects.filter(pk=post.pk).exists()
    assert FeedEntry.objects.filter(item=post.item).exists()


# New contacts


def test_a_new_contact_is_one_item_shown_to_the_followers_and_contacts_of_both(committed, teacher_es, teacher_fr):
    follows_es, follows_fr, stranger = UserFactory(), UserFactory(), UserFactory()
    follow_create(actor=follows_es, followed=teacher_es)
    follow_create(actor=follows_fr, followed=teacher_fr)

    with committed():
        contact_create(first=teacher_es, second=teacher_fr)

    item = ActivityItem.objects.get(verb="new_contact")
    assert {item.actor_id, item.other_user_id} == {teacher_es.pk, teacher_fr.pk}
    assert _owners(item) == {teacher_es.pk, teacher_fr.pk, follows_es.pk, follows_fr.pk}
    assert stranger.pk not in _owners(item)
    # Each entry names the teacher the owner knows.
    assert FeedEntry.objects.get(item=item, owner=follows_es).actor == teacher_es
    assert FeedEntry.objects.get(item=item, owner=follows_fr).actor == teacher_fr


def test_recording_a_new_contact_twice_keeps_one_item(committed, teacher_es, teacher_fr):
    with committed():
        first = activity_record_new_contact(first=teacher_es, second=teacher_fr)
        again = activity_record_new_contact(first=teacher_fr, second=teacher_es)

    assert first.pk == again.pk
    assert ActivityItem.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityItem.objects.create(actor=teacher_es, verb="new_contact", other_user=teacher_fr)


def test_nobody_is_their_own_new_contact(teacher_es):
    with pytest.raises(DomainError):
        activity_record_new_contact(first=teacher_es, second=teacher_es)
    assert not ActivityItem.objects.exists()


def test_a_removed_contact_takes_its_item_out_of_every_feed(committed, teacher_es, teacher_fr):
    with committed():
        contact = contact_create(first=teacher_es, second=teacher_fr)
    assert ActivityItem.objects.filter(verb="new_contact").exists()

    with committed():
        contact.delete()

    assert not ActivityItem.objects.exists()
    assert not FeedEntry.objects.exists()


# Backfill and cleanup


def test_a_new_follower_receives_the_latest_items(committed, teacher_es, teacher_fr):
    posts = [post_by(teacher_es, f"Post {n}", committed=committed) for n in range(BACKFILL_ITEMS + 5)]

    with committed():
        follow_create(actor=teacher_fr, followed=teacher_es)

    received = set(FeedEntry.objects.filter(owner=teacher_fr).values_list("item__post_id", flat=True))
    assert received == {post.pk for post in posts[-BACKFILL_ITEMS:]}
    # Safe to run twice.
    feed_backfill(owner_id=teacher_fr.pk, actor_id=teacher_es.pk)
    assert FeedEntry.objects.filter(owner=teacher_fr).count() == BACKFILL_ITEMS


def test_backfill_does_nothing_once_the_follow_is_gone(committed, teacher_es, teacher_fr):
    post_by(teacher_es, committed=committed)
    assert feed_backfill(owner_id=teacher_fr.pk, actor_id=teacher_es.pk) == 0
    assert not FeedEntry.objects.filter(owner=teacher_fr).exists()


def test_new_contacts_receive_each_others_latest_posts(committed, teacher_es, teacher_fr):
    es_post = post_by(teacher_es, committed=committed)
    fr_post = post_by(teacher_fr, committed=committed)

    with committed():
        contact_create(first=teacher_es, second=teacher_fr)

    assert FeedEntry.objects.filter(owner=teacher_fr, item=es_post.item).exists()
    assert FeedEntry.objects.filter(owner=teacher_es, item=fr_post.item).exists()


def test_unfollowing_removes_the_entries_received_through_that_person(committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post_by(teacher_es, committed=committed)
    own = post_by(teacher_fr, committed=committed)

    with committed():
        follow_delete(actor=teacher_fr, followed=teacher_es)

    assert list(FeedEntry.objects.filter(owner=teacher_fr).values_list("item_id", flat=True)) == [own.item.pk]


def test_unfollowing_a_contact_keeps_their_entries(committed, teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    follow_create(actor=teacher_fr, followed=teacher_es)
    post = post_by(teacher_es, committed=committed)

    with committed():
        follow_delete(actor=teacher_fr, followed=teacher_es)

    assert FeedEntry.objects.filter(owner=teacher_fr, item=post.item).exists()
    assert feed_remove_stale(owner_id=teacher_fr.pk, actor_id=teacher_es.pk) == 0


def test_a_block_removes_entries_both_ways(committed, teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    es_post = post_by(teacher_es, committed=committed)
    fr_post = post_by(teacher_fr, committed=committed)

    with committed():
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)

    assert set(FeedEntry.objects.values_list("owner_id", "item_id")) == {
        (teacher_es.pk, es_post.item.pk),
        (teacher_fr.pk, fr_post.item.pk),
    }


def test_a_block_also_removes_news_about_the_blocked_person_from_others(committed, teacher_es, teacher_fr):
    """teacher_fr follows Ana; Ana and teacher_es become contacts; teacher_es blocks teacher_fr."""
    ana = UserFactory(first_name="Ana")
    follow_create(actor=teacher_fr, followed=ana)
    with committed():
        contact_create(first=ana, second=teacher_es)
    assert FeedEntry.objects.filter(owner=teacher_fr, item__verb="new_contact").exists()

    with committed():
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)

    assert not FeedEntry.objects.filter(owner=teacher_fr, item__verb="new_contact").exists()
    assert Follow.objects.filter(follower=teacher_fr, followed=ana).exists()


def test_moderators_deleting_posts_in_the_admin_remove_their_image_files(client, committed, settings, teacher_es):
    moderator = UserFactory(is_staff=True, is_superuser=True)
    one = post_by(teacher_es, "One", committed=committed, image=upload(image_bytes()))
    two = post_by(teacher_es, "Two", committed=committed, image=upload(image_bytes()))
    three = post_by(teacher_es, "Three", committed=committed, image=upload(image_bytes()))
    assert len(_stored_files(settings)) == 6
    client.force_login(moderator)

    with committed():
        client.post(reverse("admin:activity_post_delete", args=[one.pk]), {"post": "yes"})
    assert not Post.objects.filter(pk=one.pk).exists()
    assert len(_stored_files(settings)) == 4

    with committed():
        client.post(
            reverse("admin:activity_post_changelist"),
            {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
        )
    assert not Post.objects.exists()
    assert _stored_files(settings) == []
