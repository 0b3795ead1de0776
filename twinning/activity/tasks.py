"""Background work keeping the activity feed: thin wrappers taking ids, safe to run twice."""

from django_tasks import task

from twinning.accounts.models import User
from twinning.activity import services
from twinning.network.models import Contact


@task()
def fan_out_item(item_id: int) -> int:
    return services.feed_fan_out(item_id=item_id)


@task()
def backfill_feed(owner_id: int, actor_id: int) -> int:
    return services.feed_backfill(owner_id=owner_id, actor_id=actor_id)


@task()
def remove_stale_entries(owner_id: int, actor_id: int) -> int:
    return services.feed_remove_stale(owner_id=owner_id, actor_id=actor_id)


@task()
def record_new_contact(contact_id: int) -> int | None:
    """Records the public "now contacts" item of a contact pair, if the pair still exists."""
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None:
        return None
    first = User.objects.get(pk=contact.user_low_id)
    second = User.objects.get(pk=contact.user_high_id)
    return services.activity_record_new_contact(first=first, second=second).pk


@task()
def forget_new_contact(first_id: int, second_id: int) -> int:
    return services.activity_forget_new_contact(first_id=first_id, second_id=second_id)
