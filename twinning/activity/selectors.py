"""Reads for the Home page, the feed and profile posts: a fixed number of queries whatever their length.

Long lists are paged by keyset ("older than this time and id"), never by
OFFSET and COUNT(*), so page 500 of a feed costs what page 1 costs.
"""

import datetime
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.activity.models import FeedEntry, Post
from twinning.activity.permissions import visible_posts
from twinning.network.models import Contact, Follow
from twinning.network.selectors import blocked_either_way_ids
from twinning.profiles.models import Profile
from twinning.profiles.permissions import visible_profiles
from twinning.progress.selectors import progress_summary
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employments

FEED_PAGE_SIZE = 20
PROFILE_POSTS_SHOWN = 10
POSTS_PAGE_SIZE = 20

T = TypeVar("T")
M = TypeVar("M", FeedEntry, Post)

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# --- Keyset pages ----------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """A position in a list ordered newest first: strictly older than (created_at, id)."""

    created_at: datetime.datetime
    id: int

    def __str__(self) -> str:
        delta = self.created_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros},{self.id}"

    @classmethod
    def parse(cls, raw: str | None) -> "Cursor | None":
        """Reads `?before=`; anything malformed means "from the newest"."""
        if not raw:
            return None
        try:
            micros_text, id_text = raw.split(",", 1)
            micros, pk = int(micros_text), int(id_text)
            if pk < 1 or not 0 <= micros < 253_402_300_800_000_000:  # before year 10000
                return None
            return cls(_EPOCH + datetime.timedelta(microseconds=micros), pk)
        except (ValueError, OverflowError):
            return None

    def older_q(self) -> Q:
        return Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id)


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of a newest-first list and the cursor of the next (older) page, if any."""

    items: list[T]
    next_cursor: Cursor | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _page(qs: QuerySet[M], before: Cursor | None, size: int) -> KeysetPage[M]:
    if before is not None:
        qs = qs.filter(before.older_q())
    rows = list(qs.order_by("-created_at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(items=rows, next_cursor=Cursor(rows[-1].created_at, rows[-1].pk) if more else None)


# --- The feed -----------------------------------------------------------------------


def feed_entries(viewer: User) -> QuerySet[FeedEntry]:
    """The entries of `viewer`'s feed that `viewer` may see now, with everything a page shows.

    Entries are written ahead by tasks; the rules are checked again here, so
    the feed is right even before a cleanup task ran: the viewer still follows
    or is a contact of the teacher the entry came through; the viewer may see
    the profile of the item's actor (and of the new contact); nobody involved
    has blocked the viewer or been blocked by them. Each rule is an EXISTS on
    a unique index, evaluated only for the rows of the page.
    """
    profiles = visible_profiles(viewer)
    blocked = blocked_either_way_ids(viewer)
    follows = Follow.objects.filter(follower_id=viewer.pk, followed_id=OuterRef("actor_id"))
    contact_high = Contact.objects.filter(user_low_id=viewer.pk, user_high_id=OuterRef("actor_id"))
    contact_low = Contact.objects.filter(user_high_id=viewer.pk, user_low_id=OuterRef("actor_id"))
    return (
        FeedEntry.objects.filter(owner_id=viewer.pk)
        .filter(Q(actor_id=viewer.pk) | Exists(follows) | Exists(contact_high) | Exists(contact_low))
        .filter(Exists(profiles.filter(user_id=OuterRef("item__actor_id"))))
        .filter(Q(item__other_user_id__isnull=True) | Exists(profiles.filter(user_id=OuterRef("item__other_user_id"))))
        .exclude(item__actor_id__in=blocked)
        .exclude(item__other_user_id__in=blocked)
        .select_related("item__post", "item__actor__profile", "item__other_user__profile")
    )


def feed_for(*, viewer: User, before: Cursor | None = None, size: int = FEED_PAGE_SIZE) -> KeysetPage[FeedEntry]:
    """One page of `viewer`'s Home feed, newest first, in one query whatever the number of people followed."""
    page = _page(feed_entries(viewer), before, size)
    for entry in page.items:
        if entry.item.post is not None:
            # A post's author is its item's actor, already loaded with the profile: no query per post.
            entry.item.post.author = entry.item.actor
    return page


# --- Posts on a profile -----------------------------------------------------------


def posts_of(
    *, viewer: User | AnonymousUser, author: User, before: Cursor | None = None, size: int = POSTS_PAGE_SIZE
) -> KeysetPage[Post]:
    """One page of `author`'s posts as `viewer` may see them (none when they may not), in one query."""
    qs = visible_posts(viewer).filter(author_id=author.pk).select_related("author__profile")
    return _page(qs, before, size)


# --- The Home page's side column ----------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One step of getting started: done or not, and where to go to do it."""

    key: str
    label: Promise
    done: bool
    url_name: str = ""
    url_label: Promise | None = None


@dataclass(frozen=True)
class ValidationStatus:
    """Where the user stands with validation, and whom the open requests wait for."""

    validated: bool
    has_school: bool
    pending: list[Employment] = field(default_factory=list)


def home_dashboard(*, user: User) -> dict[str, object]:
    """The signed-in home page's side column: validation status, the getting-started checklist and progress.

    A fixed number of queries (employments, profile, email, progress), whatever
    the length of the user's school history.
    """
    employments = list(current_employments(user=user))
    profile = Profile.objects.filter(user=user).first()
    email_verified = EmailAddress.objects.filter(user=user, verified=True).exists()

    validated_rows = [e for e in employments if e.validation == Employment.Validation.VALIDATED]
    status = ValidationStatus(
        validated=user.is_validated or bool(validated_rows),
        has_school=bool(employments),
        pending=[e for e in employments if e.validation == Employment.Validation.PENDING],
    )

    has_photo = bool(profile and profile.photo)
    has_about = bool(profile and profile.about.strip())
    has_teaching = bool(profile and profile.subjects and profile.languages)
    checklist = [
        ChecklistItem("email", _("Confirm your email address"), email_verified, "account_email", _("Email settings")),
        ChecklistItem("school", _("Add your school"), status.has_school, "schools:add", _("Add a school")),
        ChecklistItem("validation", _("Get validated at your school"), status.validated),
        ChecklistItem("photo", _("Add a profile photo"), has_photo, "profiles:photo", _("Add a photo")),
        ChecklistItem("about", _("Write a few lines about yourself"), has_about, "profiles:edit", _("Edit profile")),
        ChecklistItem(
            "teaching",
            _("Say which subjects you teach and which languages you speak"),
            has_teaching,
            "profiles:edit",
            _("Edit profile"),
        ),
    ]
    return {
        "validation": status,
        "employments": employments,
        "checklist": checklist,
        "checklist_done": sum(item.done for item in checklist),
        "checklist_total": len(checklist),
        "progress": progress_summary(user=user),
    }
