"""The export of a user's own data: everything Twinning keeps about them, app by app, as plain values.

One query per kind of data, whatever the amounts (long lists are read with
`.iterator()`). Other people appear by name only, never with their email
address. Conversations are exported as a mailbox is: every message of the
conversations the user still takes part in (what they can read in Twinning),
and their own messages in the conversations they left.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from twinning.accounts.models import User
from twinning.activity.models import Post as ProfilePost
from twinning.certificates.models import Certificate
from twinning.discussions.models import Post as ForumPost
from twinning.events.models import COURSE_KINDS, Event, Registration
from twinning.forums.models import Idea
from twinning.groups.models import Membership as GroupMembership
from twinning.learning.models import ActivityDone, Completion, CourseCompletion
from twinning.messaging.models import ConversationMember, Message
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.notifications.models import Notification
from twinning.profiles.models import Profile
from twinning.progress.models import ProgressAction
from twinning.projects.models import Partner
from twinning.schools.models import Employment
from twinning.twinspace.models import Comment as TwinSpaceComment
from twinning.twinspace.models import Update as TwinSpaceUpdate

EXPORT_FORMAT = "twinning-personal-data"
EXPORT_VERSION = 1
CHUNK = 500

Row = dict[str, Any]


def _values(queryset: QuerySet[Any, Any]) -> Iterator[Row]:
    """The rows of a `.values()` queryset as plain dictionaries, read in chunks (one query)."""
    for row in queryset.iterator(chunk_size=CHUNK):
        yield dict(row)


def _name(first_name: str | None, last_name: str | None) -> str:
    """Another person's name as Twinning shows it (see `User.full_name`)."""
    name = f"{first_name or ''} {last_name or ''}".strip()
    return name or gettext("Former member")


def _account(user: User) -> Row:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "date_joined": user.date_joined,
        "is_validated": user.is_validated,
    }


def _profile(user: User) -> Row | None:
    row = (
        Profile.objects.filter(user_id=user.pk)
        .values(
            "photo",
            "about",
            "subjects",
            "languages",
            "age_bands",
            "interests",
            "available_for_projects",
            "available_for_plus",
            "visibility",
            "hide_from_search_engines",
            "email_visibility",
            "messages_from",
            "created_at",
            "updated_at",
        )
        .first()
    )
    return dict(row) if row is not None else None


def _schools(user: User) -> list[Row]:
    return list(
        _values(
            Employment.objects.filter(teacher_id=user.pk)
            .order_by("start_date", "pk")
            .values(
                "school__name",
                "school__city",
                "school__country",
                "role",
                "start_date",
                "end_date",
                "validation",
                "decided_at",
            )
        )
    )


def _contacts(user: User) -> list[Row]:
    rows = []
    for row in _values(
        Contact.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk))
        .order_by("created_at", "pk")
        .values(
            "user_low_id",
            "user_low__first_name",
            "user_low__last_name",
            "user_high__first_name",
            "user_high__last_name",
            "created_at",
        )
    ):
        other = "user_high" if row["user_low_id"] == user.pk else "user_low"
        name = _name(row[f"{other}__first_name"], row[f"{other}__last_name"])
        rows.append({"name": name, "since": row["created_at"]})
    return rows


def _following(user: User) -> list[Row]:
    rows = Follow.objects.filter(follower_id=user.pk).order_by("created_at", "pk")
    return [
        {"name": _name(row["followed__first_name"], row["followed__last_name"]), "since": row["created_at"]}
        for row in _values(rows.values("followed__first_name", "followed__last_name", "created_at"))
    ]


def _blocked(user: User) -> list[Row]:
    rows = Block.objects.filter(blocker_id=user.pk).order_by("created_at", "pk")
    return [
        {"name": _name(row["blocked__first_name"], row["blocked__last_name"]), "since": row["created_at"]}
        for row in _values(rows.values("blocked__first_name", "blocked__last_name", "created_at"))
    ]


def _contact_invitations(user: User) -> list[Row]:
    rows = []
    for row in _values(
        ContactInvitation.objects.filter(Q(sender_id=user.pk) | Q(recipient_id=user.pk))
        .order_by("created_at", "pk")
        .values(
            "sender_id",
            "sender__first_name",
            "sender__last_name",
            "recipient__first_name",
            "recipient__last_name",
            "note",
            "status",
            "created_at",
            "decided_at",
        )
    ):
        sent = row["sender_id"] == user.pk
        other = "recipient" if sent else "sender"
        rows.append(
            {
                "direction": "sent" if sent else "received",
                "other": _name(row[f"{other}__first_name"], row[f"{other}__last_name"]),
                "note": row["note"],
                "status": row["status"],
                "sent_at": row["created_at"],
                "decided_at": row["decided_at"],
            }
        )
    return rows


def _profile_posts(user: User) -> list[Row]:
    return list(
        _values(
            ProfilePost.objects.filter(author_id=user.pk)
            .order_by("created_at", "pk")
            .values("body", "image", "created_at")
        )
    )


def _forum_posts(user: User) -> list[Row]:
    rows = (
        ForumPost.objects.filter(author_id=user.pk)
        .order_by("created_at", "pk")
        .values("thread__title", "body", "created_at", "edited_at", "is_hidden")
    )
    return [{"thread": row.pop("thread__title"), **row} for row in _values(rows)]


def _twinspace_updates(user: User) -> list[Row]:
    rows = (
        TwinSpaceUpdate.objects.filter(author_id=user.pk)
        .order_by("created_at", "pk")
        .values("twinspace__title", "board", "body", "created_at")
    )
    return [{"twinspace": row.pop("twinspace__title"), **row} for row in _values(rows)]


def _twinspace_comments(user: User) -> list[Row]:
    rows = (
        TwinSpaceComment.objects.filter(author_id=user.pk)
        .order_by("created_at", "pk")
        .values("update__twinspace__title", "body", "created_at")
    )
    return [{"twinspace": row.pop("update__twinspace__title"), **row} for row in _values(rows)]


def _conversations(user: User) -> list[Row]:
    """The user's conversations, each with its members' names and the messages exported (see the module)."""
    memberships = list(
        _values(
            ConversationMember.objects.filter(user_id=user.pk)
            .order_by("joined_at", "pk")
            .values("conversation_id", "conversation__subject", "joined_at", "left_at")
        )
    )
    # Subqueries rather than lists of ids: a long-standing member may be in thousands of conversations.
    mine = ConversationMember.objects.filter(user_id=user.pk)
    ids = mine.values("conversation_id")
    current = mine.filter(left_at__isnull=True).values("conversation_id")
    members: dict[int, list[str]] = defaultdict(list)
    for row in _values(
        ConversationMember.objects.filter(conversation_id__in=ids)
        .exclude(user_id=user.pk)
        .order_by("joined_at", "pk")
        .values("conversation_id", "user__first_name", "user__last_name")
    ):
        members[row["conversation_id"]].append(_name(row["user__first_name"], row["user__last_name"]))
    messages: dict[int, list[Row]] = defaultdict(list)
    for row in _values(
        Message.objects.filter(Q(conversation_id__in=current) | Q(conversation_id__in=ids, sender_id=user.pk))
        .order_by("created_at", "pk")
        .values("conversation_id", "sender_id", "sender__first_name", "sender__last_name", "body", "created_at")
    ):
        messages[row["conversation_id"]].append(
            {
                "from": "me"
                if row["sender_id"] == user.pk
                else _name(row["sender__first_name"], row["sender__last_name"]),
                "sent_at": row["created_at"],
                "body": row["body"],
            }
        )
    return [
        {
            "subject": row["conversation__subject"],
            "with": members[row["conversation_id"]],
            "joined_at": row["joined_at"],
            "left_at": row["left_at"],
            "messages": messages[row["conversation_id"]],
        }
        for row in memberships
    ]


def _projects(user: User) -> list[Row]:
    rows = (
        Partner.objects.filter(teacher_id=user.pk)
        .order_by("created_at", "pk")
        .values(
            "project__title",
            "project__status",
            "project__planned_start",
            "project__planned_end",
            "school__name",
            "role",
            "state",
            "created_at",
            "joined_at",
            "ended_at",
        )
    )
    return [
        {
            "title": row["project__title"],
            "project_status": row["project__status"],
            "planned_start": row["project__planned_start"],
            "planned_end": row["project__planned_end"],
            "school": row["school__name"],
            "role": row["role"],
            "state": row["state"],
            "invited_at": row["created_at"],
            "joined_at": row["joined_at"],
            "ended_at": row["ended_at"],
        }
        for row in _values(rows)
    ]


def _groups(user: User) -> list[Row]:
    rows = GroupMembership.objects.filter(user_id=user.pk).order_by("created_at", "pk")
    return [
        {"name": row["group__name"], "role": row["role"], "since": row["created_at"]}
        for row in _values(rows.values("group__name", "role", "created_at"))
    ]


def _ideas(user: User) -> list[Row]:
    return list(
        _values(
            Idea.objects.filter(author_id=user.pk)
            .order_by("created_at", "pk")
            .values(
                "title",
                "description",
                "age_bands",
                "subjects",
                "languages",
                "countries_wanted",
                "keywords",
                "availability",
                "status",
                "created_at",
                "closed_at",
            )
        )
    )


def _organised(user: User) -> list[Row]:
    return list(
        _values(
            Event.objects.filter(organiser_id=user.pk)
            .order_by("starts_at", "pk")
            .values("title", "kind", "format", "starts_at", "ends_at", "status", "capacity", "created_at")
        )
    )


def _registrations(user: User) -> tuple[list[Row], list[Row]]:
    """Event registrations and course applications (a course's applications are its event's registrations)."""
    events: list[Row] = []
    courses: list[Row] = []
    for row in _values(
        Registration.objects.filter(user_id=user.pk)
        .order_by("created_at", "pk")
        .values("event__title", "event__kind", "event__starts_at", "event__ends_at", "state", "attended", "created_at")
    ):
        kind = row["event__kind"]
        entry = {
            "title": row["event__title"],
            "kind": kind,
            "starts_at": row["event__starts_at"],
            "ends_at": row["event__ends_at"],
            "state": row["state"],
            "attended": row["attended"],
            "registered_at": row["created_at"],
        }
        (courses if kind in COURSE_KINDS else events).append(entry)
    return events, courses


def _activities_done(user: User) -> list[Row]:
    rows = ActivityDone.objects.filter(user_id=user.pk).order_by("done_at", "pk")
    return [
        {"course": row["activity__course__event__title"], "activity": row["activity__title"], "done_at": row["done_at"]}
        for row in _values(rows.values("activity__course__event__title", "activity__title", "done_at"))
    ]


def _course_completions(user: User) -> list[Row]:
    rows = CourseCompletion.objects.filter(user_id=user.pk).order_by("completed_at", "pk")
    return [
        {"course": row["course__event__title"], "completed_at": row["completed_at"]}
        for row in _values(rows.values("course__event__title", "completed_at"))
    ]


def _module_completions(user: User) -> list[Row]:
    rows = Completion.objects.filter(user_id=user.pk).order_by("completed_at", "pk")
    return [
        {"module": row["module__title"], "score": row["score"], "completed_at": row["completed_at"]}
        for row in _values(rows.values("module__title", "score", "completed_at"))
    ]


def _certificates(user: User) -> list[Row]:
    return list(
        _values(
            Certificate.objects.filter(holder_id=user.pk)
            .order_by("issued_at", "pk")
            .values("kind", "title", "holder_name", "code", "starts_on", "ends_on", "language", "issued_at")
        )
    )


def _progress(user: User) -> list[Row]:
    rows = ProgressAction.objects.filter(user_id=user.pk).order_by("created_at", "pk")
    return list(_values(rows.values("kind", "key", "created_at")))


def _notifications(user: User) -> list[Row]:
    """Each notification with its text in the active language, as the bell shows it."""
    rows = (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor")
        .order_by("created_at", "pk")
        .iterator(chunk_size=CHUNK)
    )
    return [
        {
            "kind": notification.kind,
            "text": notification.text,
            "link": notification.url,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in rows
    ]


def personal_data(*, user: User, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything Twinning keeps about `user`, as values a JSON encoder writes (dates as `datetime`)."""
    events, courses = _registrations(user)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now or timezone.now(),
        "account": _account(user),
        "profile": _profile(user),
        "schools": _schools(user),
        "contacts": _contacts(user),
        "following": _following(user),
        "blocked": _blocked(user),
        "contact_invitations": _contact_invitations(user),
        "profile_posts": _profile_posts(user),
        "forum_posts": _forum_posts(user),
        "twinspace_updates": _twinspace_updates(user),
        "twinspace_comments": _twinspace_comments(user),
        "conversations": _conversations(user),
        "projects": _projects(user),
        "groups": _groups(user),
        "project_ideas": _ideas(user),
        "events": {"organised": _organised(user), "registrations": events},
        "courses": {
            "applications": courses,
            "activities_done": _activities_done(user),
            "completions": _course_completions(user),
        },
        "self_learning_completions": _module_completions(user),
        "certificates": _certificates(user),
        "progress_actions": _progress(user),
        "notifications": _notifications(user),
    }
