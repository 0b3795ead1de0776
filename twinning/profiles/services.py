"""Changes to teacher profiles: content, privacy and photo. Only the owner changes their profile."""

from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.profiles.images import process_photo
from twinning.profiles.models import Profile
from twinning.profiles.permissions import can_edit_profile
from twinning.progress.services import progress_record

INTERESTS_MAX_COUNT = 20
INTEREST_MAX_LENGTH = 40


def profile_ensure(*, user: User) -> Profile:
    """Returns the user's profile, creating an empty one (default privacy) if it does not exist yet.

    Every account gets its profile at sign-up; this also repairs accounts made
    another way (the admin site, a shell), so profile pages can rely on it.
    """
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def interests_normalise(raw: str | Iterable[str]) -> list[str]:
    """Interests as stored: trimmed, lower-cased, without duplicates, in the order given.

    Accepts a comma-separated string or a list. Refuses more than 20 keywords
    or a keyword longer than 40 characters, saying which one.
    """
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    keywords: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise DomainError(str(_("Interests must be words or short phrases.")), field="interests")
        keyword = " ".join(item.split()).lower()
        if not keyword or keyword in keywords:
            continue
        if len(keyword) > INTEREST_MAX_LENGTH:
            raise DomainError(
                str(
                    _("“%(keyword)s” is too long: each interest may have at most %(max)s characters.")
                    % {"keyword": keyword[:INTEREST_MAX_LENGTH] + "…", "max": INTEREST_MAX_LENGTH}
                ),
                field="interests",
                code="too_long",
            )
        keywords.append(keyword)
    if len(keywords) > INTERESTS_MAX_COUNT:
        raise DomainError(
            str(
                _("You gave %(count)s interests: keep at most %(max)s.")
                % {"count": len(keywords), "max": INTERESTS_MAX_COUNT}
            ),
            field="interests",
            code="too_many",
        )
    return keywords


def _require_owner(actor: User, profile: Profile) -> None:
    if not can_edit_profile(actor, profile):
        raise PermissionRefused(str(_("Only the owner may change this profile.")))


def _save_validated(profile: Profile, fields: list[str]) -> None:
    """Validates then saves `fields`; on refusal the in-memory profile is put back as stored."""
    try:
        profile.full_clean()
    except ValidationError:
        profile.refresh_from_db(fields=fields)
        raise
    profile.save(update_fields=[*fields, "updated_at"])


def _record_completion(profile: Profile) -> None:
    if profile.is_complete:
        progress_record(user=profile.user, kind="profile_complete")


@transaction.atomic
def profile_update(
    *,
    actor: User,
    profile: Profile,
    about: str,
    subjects: list[str],
    languages: list[str],
    age_bands: list[str],
    interests: str | Iterable[str],
    available_for_projects: bool,
    available_for_plus: bool,
) -> Profile:
    """Changes what a teacher says about themselves; only the owner may.

    Codes must come from the vocabularies; interests are normalised (see
    `interests_normalise`). Progress: "about written" the first time the about
    text is not empty, "profile complete" the first time photo, about,
    subjects, languages and ages are all filled in. Bad input changes nothing.
    """
    _require_owner(actor, profile)
    keywords = interests_normalise(interests)
    profile.about = about.strip()
    profile.subjects = list(dict.fromkeys(subjects))
    profile.languages = list(dict.fromkeys(languages))
    profile.age_bands = list(dict.fromkeys(age_bands))
    profile.interests = keywords
    profile.available_for_projects = available_for_projects
    profile.available_for_plus = available_for_plus
    _save_validated(
        profile,
        ["about", "subjects", "languages", "age_bands", "interests", "available_for_projects", "available_for_plus"],
    )
    if profile.about:
        progress_record(user=profile.user, kind="about_written")
    _record_completion(profile)
    return profile


@transaction.atomic
def profile_update_privacy(
    *,
    actor: User,
    profile: Profile,
    visibility: str,
    hide_from_search_engines: bool,
    email_visibility: str,
    messages_from: str,
) -> Profile:
    """Changes who sees the profile and the email address, search-engine indexing and who may message.

    Only the owner may. A profile is seen by everyone, members or contacts
    (never nobody: the owner would vanish from the community); the email
    address by members, contacts or nobody (never the whole internet).
    """
    _require_owner(actor, profile)
    profile.visibility = visibility
    profile.hide_from_search_engines = hide_from_search_engines
    profile.email_visibility = email_visibility
    profile.messages_from = messages_from
    _save_validated(profile, ["visibility", "hide_from_search_engines", "email_visibility", "messages_from"])
    return profile


def _delete_files_on_commit(storage: Storage, names: Iterable[str | None]) -> None:
    existing = [name for name in names if name]

    def delete() -> None:
        for name in existing:
            storage.delete(name)

    if existing:
        transaction.on_commit(delete)


@transaction.atomic
def profile_set_photo(*, actor: User, profile: Profile, upload: IO[bytes]) -> Profile:
    """Sets (or replaces) the profile photo; only the owner may.

    The upload is checked and re-encoded by `images.process_photo` (JPEG, PNG
    or WebP only, size and pixel limits, metadata stripped, 256 px thumbnail)
    before anything is stored; a refused file stores nothing. The files of a
    replaced photo are deleted once the change is committed. Progress: "photo
    added", and "profile complete" when this photo completes the profile.
    """
    _require_owner(actor, profile)
    processed = process_photo(upload)
    storage = profile.photo.storage
    old_names = [profile.photo.name, profile.thumbnail.name]
    profile.photo.save(processed.main_name, ContentFile(processed.main), save=False)
    profile.thumbnail.save(processed.thumbnail_name, ContentFile(processed.thumbnail), save=False)
    new_names = [profile.photo.name, profile.thumbnail.name]
    try:
        profile.save(update_fields=["photo", "thumbnail", "updated_at"])
        progress_record(user=profile.user, kind="photo_added")
        _record_completion(profile)
    except Exception:
        # Nothing may stay behind when the change fails: drop the files just written.
        for name in new_names:
            if name:
                storage.delete(name)
        raise
    _delete_files_on_commit(storage, old_names)
    return profile


@transaction.atomic
def profile_remove_photo(*, actor: User, profile: Profile) -> Profile:
    """Removes the profile photo and its thumbnail; only the owner may.

    The files are deleted once the change is committed. Progress already
    earned stays: the log is a history, not a state.
    """
    _require_owner(actor, profile)
    storage = profile.photo.storage
    old_names = [profile.photo.name, profile.thumbnail.name]
    profile.photo = ""
    profile.thumbnail = ""
    profile.save(update_fields=["photo", "thumbnail", "updated_at"])
    _delete_files_on_commit(storage, old_names)
    return profile
