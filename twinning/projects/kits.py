"""Project kits: ready-made plans the central support service publishes and founders start from.

Reads (`published_kits`, `kit_get_published`, `kit_prefill`) are open to
everyone; writes (`kit_create`, `kit_update`, `kit_set_published`) belong to
the central support service only.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.core.errors import DomainError, PermissionRefused
from twinning.projects.models import Kit

KIT_FIELDS = (
    "title",
    "summary",
    "description",
    "aims",
    "activities",
    "expected_results",
    "subjects",
    "age_bands",
    "languages",
)
TEXT_FIELDS = ("title", "summary", "description", "aims", "activities", "expected_results")
LIST_FIELDS = ("subjects", "age_bands", "languages")


# --- reads ---------------------------------------------------------------------------------


def published_kits() -> QuerySet[Kit]:
    """The kits founders may start from, by title."""
    return Kit.objects.filter(is_published=True).order_by("title", "pk")


def all_kits() -> QuerySet[Kit]:
    """Every kit, published or not, for the central support service's list; newest change first."""
    return Kit.objects.select_related("created_by").order_by("-updated_at", "-pk")


def kit_get_published(*, pk: int) -> Kit:
    """One published kit; `Kit.DoesNotExist` when it is absent or not published."""
    return published_kits().get(pk=pk)


def kit_prefill(kit: Kit) -> dict[str, Any]:
    """Initial data of the "found a project" form started from `kit`.

    A kit has activities where a project has a work process: the activities
    become the work process the founders then adapt.
    """
    return {
        "title": kit.title,
        "summary": kit.summary,
        "description": kit.description,
        "aims": kit.aims,
        "work_process": kit.activities,
        "expected_results": kit.expected_results,
        "subjects": list(kit.subjects),
        "age_bands": list(kit.age_bands),
        "languages": list(kit.languages),
    }


# --- writes --------------------------------------------------------------------------------


def can_manage_kits(user: User) -> bool:
    """Only the central support service writes and publishes kits."""
    return bool(user.is_authenticated and not getattr(user, "is_pupil", False) and support_scope(user).central)


def _require_central(actor: User) -> None:
    if not can_manage_kits(actor):
        raise PermissionRefused(_("Only the central support service can manage project kits."))


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(KIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown kit fields: {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            text = str(value or "").strip()
            if "\x00" in text:
                raise DomainError(_("This text contains a character that cannot be stored."), field=name)
            cleaned[name] = " ".join(text.split()) if name in ("title", "summary") else text
        else:
            cleaned[name] = sorted(dict.fromkeys(value or []))
    return cleaned


def _check_kit(kit: Kit) -> None:
    if not kit.title:
        raise DomainError(_("Give the kit a title."), field="title")
    if not kit.summary:
        raise DomainError(_("Write a short summary of the kit."), field="summary")
    if not kit.activities:
        raise DomainError(_("Describe the activities the pupils will do."), field="activities")
    if not kit.subjects:
        raise DomainError(_("Tick at least one subject."), field="subjects")
    if not kit.age_bands:
        raise DomainError(_("Tick at least one age range of the pupils."), field="age_bands")
    kit.full_clean()


@transaction.atomic
def kit_create(
    *,
    actor: User,
    title: str,
    summary: str,
    activities: str,
    subjects: list[str],
    age_bands: list[str],
    languages: list[str] | None = None,
    description: str = "",
    aims: str = "",
    expected_results: str = "",
    is_published: bool = False,
) -> Kit:
    """The central support service writes a kit; it stays hidden from founders until published.

    A kit needs a title, a summary, its activities, at least one subject and
    one age range; codes come from the shared vocabularies.
    """
    _require_central(actor)
    cleaned = _clean_fields(
        {
            "title": title,
            "summary": summary,
            "description": description,
            "aims": aims,
            "activities": activities,
            "expected_results": expected_results,
            "subjects": subjects,
            "age_bands": age_bands,
            "languages": languages or [],
        }
    )
    kit = Kit(**cleaned, is_published=bool(is_published), created_by=actor)
    _check_kit(kit)
    kit.save()
    return kit


@transaction.atomic
def kit_update(*, actor: User, kit: Kit, **fields: Any) -> Kit:
    """The central support service changes a kit's content (the same rules as `kit_create`).

    Projects already started from the kit keep their own copy of the text.
    On a refusal the kit object is put back as it was stored.
    """
    _require_central(actor)
    cleaned = _clean_fields(fields)
    for name, value in cleaned.items():
        setattr(kit, name, value)
    try:
        _check_kit(kit)
    except (DomainError, ValidationError):
        kit.refresh_from_db(fields=list(cleaned))
        raise
    kit.save(update_fields=[*cleaned, "updated_at"])
    return kit


@transaction.atomic
def kit_set_published(*, actor: User, kit: Kit, published: bool) -> Kit:
    """The central support service shows a kit to founders, or takes it back (projects keep their link)."""
    _require_central(actor)
    kit.is_published = bool(published)
    kit.save(update_fields=["is_published", "updated_at"])
    return kit
