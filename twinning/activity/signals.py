"""Keeps the activity feed in step with relations between teachers.

The feed is derived data (like a search index), so it follows the network
rows through signals instead of explicit calls: network sits below activity
and must not know about feeds. Receivers only enqueue tasks once the change
is committed; the tasks re-read the current state, so a row created and
deleted in a burst leaves the feed right. Reading the feed also checks the
relations and blocks, so it is right even before a task ran.

Signals are not sent by `QuerySet.bulk_create()` or `QuerySet.update()`;
`QuerySet.delete()` does send `post_delete` for each row.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from twinning.network.models import Block, Contact, Follow


def _on_commit(task: Any, *args: int) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def follow_saved(sender: type[Follow], instance: Follow, created: bool, raw: bool = False, **kwargs: Any) -> None:
    from twinning.activity.tasks import backfill_feed

    if created and not raw:
        _on_commit(backfill_feed, instance.follower_id, instance.followed_id)


def follow_deleted(sender: type[Follow], instance: Follow, **kwargs: Any) -> None:
    from twinning.activity.tasks import remove_stale_entries

    _on_commit(remove_stale_entries, instance.follower_id, instance.followed_id)


def contact_saved(sender: type[Contact], instance: Contact, created: bool, raw: bool = False, **kwargs: Any) -> None:
    from twinning.activity.tasks import backfill_feed, record_new_contact

    if created and not raw:
        _on_commit(record_new_contact, instance.pk)
        _on_commit(backfill_feed, instance.user_low_id, instance.user_high_id)
        _on_commit(backfill_feed, instance.user_high_id, instance.user_low_id)


def contact_deleted(sender: type[Contact], instance: Contact, **kwargs: Any) -> None:
    from twinning.activity.tasks import forget_new_contact, remove_stale_entries

    _on_commit(forget_new_contact, instance.user_low_id, instance.user_high_id)
    _on_commit(remove_stale_entries, instance.user_low_id, instance.user_high_id)
    _on_commit(remove_stale_entries, instance.user_high_id, instance.user_low_id)


def block_saved(sender: type[Block], instance: Block, created: bool, raw: bool = False, **kwargs: Any) -> None:
    from twinning.activity.tasks import remove_stale_entries

    if created and not raw:
        _on_commit(remove_stale_entries, instance.blocker_id, instance.blocked_id)
        _on_commit(remove_stale_entries, instance.blocked_id, instance.blocker_id)


def connect() -> None:
    """Called once from `ActivityConfig.ready`."""
    post_save.connect(follow_saved, sender=Follow, dispatch_uid="activity.follow_saved")
    post_delete.connect(follow_deleted, sender=Follow, dispatch_uid="activity.follow_deleted")
    post_save.connect(contact_saved, sender=Contact, dispatch_uid="activity.contact_saved")
    post_delete.connect(contact_deleted, sender=Contact, dispatch_uid="activity.contact_deleted")
    post_save.connect(block_saved, sender=Block, dispatch_uid="activity.block_saved")
