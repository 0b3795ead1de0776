"""Reads for profile pages and the API: a fixed number of queries whatever the history's length."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Concat

from twinning.accounts.models import User
from twinning.core.vocabularies import AGE_BAND_NAMES, LANGUAGE_NAMES, SUBJECT_NAMES
from twinning.network.selectors import (
    blocked_either_way_ids,
    contact_ids,
    follow_counts,
    is_blocked_between,
    is_following,
)
from twinning.profiles.models import Profile
from twinning.profiles.permissions import can_edit_profile, can_see_email, is_indexable, visible_profiles
from twinning.progress.selectors import ProgressSummary, progress_summary
from twinning.schools.models import Employment


def profile_for_viewer(*, viewer: User | AnonymousUser, user_id: int) -> Profile | None:
    """The profile of `user_id` if `viewer` may see it, else None (the caller answers 404)."""
    return visible_profiles(viewer).select_related("user").filter(user_id=user_id).first()


def employments_for_profile(*, viewer: User | AnonymousUser, profile: Profile) -> list[Employment]:
    """The owner's school history, newest first, with the schools in the same query.

    The owner sees every row; others do not see rows a school did not confirm
    (rejected), which would otherwise claim a link that was refused.
    """
    qs = Employment.objects.filter(teacher_id=profile.user_id).select_related("school")
    if not can_edit_profile(viewer, profile):
        qs = qs.exclude(validation=Employment.Validation.REJECTED)
    return list(qs.order_by("-start_date", "-pk"))


def _labels(codes: list[str], names: dict) -> list[str]:
    return [str(names[code]) for code in codes if code in names]


@dataclass(frozen=True)
class ProfilePage:
    """Everything the profile page shows, already decided for this viewer."""

    profile: Profile
    owner: User
    is_owner: bool
    email: str
    subjects: list[str]
    languages: list[str]
    age_bands: list[str]
    current_employments: list[Employment]
    past_employments: list[Employment]
    progress: ProgressSummary
    indexable: bool
    followers_count: int = 0
    following_count: int = 0
    is_following: bool = False
    can_follow: bool = False

    @property
    def initials(self) -> str:
        letters = (self.owner.first_name[:1] + self.owner.last_name[:1]).upper()
        return letters or self.owner.email[:1].upper()


def profile_page(*, viewer: User | AnonymousUser, profile: Profile) -> ProfilePage:
    """The profile page of `profile` as `viewer` sees it (who already passed `visible_profiles`)."""
    employments = employments_for_profile(viewer=viewer, profile=profile)
    owner = profile.user
    is_owner = can_edit_profile(viewer, profile)
    followers_count, following_count = follow_counts(user=owner)
    signed_in_visitor = viewer.is_authenticated and not is_owner
    return ProfilePage(
        profile=profile,
        owner=owner,
        is_owner=is_owner,
        email=owner.email if can_see_email(viewer, profile) else "",
        subjects=_labels(profile.subjects, SUBJECT_NAMES),
        languages=_labels(profile.languages, LANGUAGE_NAMES),
        age_bands=_labels(profile.age_bands, AGE_BAND_NAMES),
        current_employments=[e for e in employments if e.is_current],
        past_employments=[e for e in employments if not e.is_current],
        progress=progress_summary(user=owner),
        indexable=is_indexable(profile),
        followers_count=followers_count,
        following_count=following_count,
        is_following=signed_in_visitor and is_following(follower=viewer, followed=owner),  # type: ignore[arg-type]
        can_follow=signed_in_visitor and owner.is_active and not is_blocked_between(viewer, owner),  # type: ignore[arg-type]
    )


def invitable_teachers(*, actor: User, name: str = "") -> QuerySet[User]:
    """Validated teachers `actor` may invite to something they run: their contacts, or with a name, teachers
    whose profile they can see (every word of the name in the full name); people blocked either way with
    `actor` are left out. Unordered: each owner leaves out its own members or invitees, then orders."""
    users = (
        User.objects.filter(is_active=True, is_pupil=False, is_validated=True)
        .exclude(pk=actor.pk)
        .exclude(pk__in=blocked_either_way_ids(actor))
    )
    name = " ".join(name.split())[:100]
    if name:
        users = users.filter(pk__in=visible_profiles(actor).values("user_id")).annotate(
            whole=Concat("first_name", Value(" "), "last_name", output_field=CharField())
        )
        for word in name.split()[:4]:
            users = users.filter(whole__icontains=word)
    else:
        users = users.filter(pk__in=contact_ids(actor))
    return users
