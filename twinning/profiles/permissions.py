"""Who may see a teacher's profile and its email address.

Each rule is a yes/no check for one profile AND a queryset filter for many;
tests assert that the two agree. A profile the viewer may not see answers 404,
exactly like one that does not exist.

The rule: the owner always sees their profile; support staff always see every
profile (they need to, to validate and to help); otherwise the owner's account
must be active, and the profile's `visibility` decides: everyone (even without
signing in), signed-in members, or the owner's contacts only. Someone the
owner has blocked sees the profile only when it is public to everyone.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.network.models import Block, Contact
from twinning.network.selectors import are_contacts, has_blocked
from twinning.profiles.models import Audience, Profile

Viewer = User | AnonymousUser


def _is_owner(viewer: Viewer, profile: Profile) -> bool:
    return bool(viewer.is_authenticated and viewer.pk == profile.user_id)


def _audience_allows(viewer: Viewer, profile: Profile, audience: str) -> bool:
    """Whether `viewer`, who is neither the owner nor staff, belongs to `audience` of the profile's owner."""
    if audience == Audience.EVERYONE:
        return True
    if not viewer.is_authenticated:
        return False
    if audience == Audience.MEMBERS:
        return True
    if audience == Audience.CONTACTS:
        return _is_contact(viewer, profile)  # type: ignore[arg-type]
    return False


def _is_contact(viewer: User, profile: Profile) -> bool:
    """Whether viewer and owner are contacts; remembered on the profile object for this viewer."""
    cached = getattr(profile, "_contact_of_viewer", None)
    if cached is not None and cached[0] == viewer.pk:
        return bool(cached[1])
    result = are_contacts(viewer, profile.user)
    profile._contact_of_viewer = (viewer.pk, result)  # type: ignore[attr-defined]
    return result


def _blocked_by_owner(viewer: User, profile: Profile) -> bool:
    """Whether the owner has blocked viewer; remembered on the profile object for this viewer."""
    cached = getattr(profile, "_blocked_viewer", None)
    if cached is not None and cached[0] == viewer.pk:
        return bool(cached[1])
    result = has_blocked(blocker=profile.user, blocked=viewer)
    profile._blocked_viewer = (viewer.pk, result)  # type: ignore[attr-defined]
    return result


def _not_blocked_by_owner(viewer: User) -> Q:
    """Profiles whose owner has not blocked `viewer` (one EXISTS on the (blocked, blocker) index)."""
    return ~Q(Exists(Block.objects.filter(blocked_id=viewer.pk, blocker_id=OuterRef("user_id"))))


def _contacts_of(viewer: User) -> Q:
    """Profiles whose owner is a contact of `viewer` (a contact pair is stored once, low id first)."""
    return Q(
        Exists(Contact.objects.filter(user_low_id=viewer.pk, user_high_id=OuterRef("user_id")))
        | Exists(Contact.objects.filter(user_high_id=viewer.pk, user_low_id=OuterRef("user_id")))
    )


def _audience_filter(viewer: Viewer, field: str) -> Q:
    """The profiles whose `field` audience includes `viewer` (not counting ownership or staff)."""
    if not viewer.is_authenticated:
        return Q(**{field: Audience.EVERYONE})
    return Q(**{f"{field}__in": [Audience.EVERYONE, Audience.MEMBERS]}) | (
        Q(**{field: Audience.CONTACTS}) & _contacts_of(viewer)  # type: ignore[arg-type]
    )


def can_view_profile(viewer: Viewer, profile: Profile) -> bool:
    """Whether `viewer` may see `profile` at all (see the module docstring for the rule)."""
    if _is_owner(viewer, profile):
        return True
    if viewer.is_authenticated and is_support_staff(viewer):  # type: ignore[arg-type]
        return True
    if not profile.user.is_active:
        return False
    if not _audience_allows(viewer, profile, profile.visibility):
        return False
    # Someone the owner blocked sees only a profile that is public to everyone.
    return profile.visibility == Audience.EVERYONE or not _blocked_by_owner(viewer, profile)  # type: ignore[arg-type]


def visible_profiles(viewer: Viewer, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """The profiles `viewer` may see; agrees with `can_view_profile`."""
    qs = Profile.objects.all() if queryset is None else queryset
    if viewer.is_authenticated and is_support_staff(viewer):  # type: ignore[arg-type]
        return qs
    allowed = Q(user__is_active=True) & _audience_filter(viewer, "visibility")
    if viewer.is_authenticated:
        allowed &= Q(visibility=Audience.EVERYONE) | _not_blocked_by_owner(viewer)  # type: ignore[arg-type]
        allowed |= Q(user_id=viewer.pk)
    return qs.filter(allowed)


def can_see_email(viewer: Viewer, profile: Profile) -> bool:
    """Whether `viewer` may see the email address of `profile`'s owner.

    Only someone who may see the profile may see the address; then the owner
    and support staff always, others as `email_visibility` says (never the
    whole internet: an address shown to everyone would be harvested).
    """
    if not can_view_profile(viewer, profile):
        return False
    if _is_owner(viewer, profile):
        return True
    if viewer.is_authenticated and is_support_staff(viewer):  # type: ignore[arg-type]
        return True
    return _audience_allows(viewer, profile, profile.email_visibility)


def email_visible_profiles(viewer: Viewer, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """The profiles whose email address `viewer` may see; agrees with `can_see_email`."""
    qs = visible_profiles(viewer, queryset)
    if viewer.is_authenticated and is_support_staff(viewer):  # type: ignore[arg-type]
        return qs
    allowed = _audience_filter(viewer, "email_visibility")
    if viewer.is_authenticated:
        allowed |= Q(user_id=viewer.pk)
    return qs.filter(allowed)


def is_indexable(profile: Profile) -> bool:
    """Whether search engines may index this profile: public, not hidden by its owner, account active."""
    return profile.visibility == Audience.EVERYONE and not profile.hide_from_search_engines and profile.user.is_active


def indexable_profiles(queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """The profiles search engines may index (the sitemap lists them); agrees with `is_indexable`."""
    qs = Profile.objects.all() if queryset is None else queryset
    return qs.filter(visibility=Audience.EVERYONE, hide_from_search_engines=False, user__is_active=True)


def can_edit_profile(actor: Viewer, profile: Profile) -> bool:
    """Only the owner edits a profile, its photo and its privacy settings."""
    return _is_owner(actor, profile)
