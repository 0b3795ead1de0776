"""Founding a project, editing it, its images, deleting a draft, ending it."""

from datetime import date
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.profiles.images import PhotoRefused, process_photo
from twinning.progress.services import progress_record
from twinning.projects.models import Kit, Partner, Project, ProjectImage
from twinning.projects.permissions import can_manage_project, is_active_founder
from twinning.projects.selectors import teacher_home_employment
from twinning.projects.services._common import lock_project, log, notify_members

# The fields of `project_found` / `project_update` a teacher fills in, in the order forms show them (the image
# is apart: it goes through `project_image_set` on the edit page, and is an argument of `project_found`).
PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "aims",
    "work_process",
    "expected_results",
    "subjects",
    "age_bands",
    "languages",
    "planned_start",
    "planned_end",
    "open_to_plus",
    "is_public",
)
EDITABLE_FIELDS = frozenset(PROJECT_FIELDS)


def _require_teacher(actor: User) -> None:
    if not actor.is_authenticated or actor.is_pupil or not actor.is_active:
        raise PermissionRefused()


def _processed_image(upload: IO[bytes]):  # type: ignore[no-untyped-def]
    try:
        return process_photo(upload)
    except PhotoRefused as exc:
        raise DomainError(exc.message, field="image", code=exc.code) from exc


def _delete_files_on_commit(storage: Any, names: list[str | None]) -> None:
    kept = [name for name in names if name]
    if kept:
        transaction.on_commit(lambda: [storage.delete(name) for name in kept])


@transaction.atomic
def project_found(
    *,
    actor: User,
    title: str,
    summary: str,
    description: str,
    aims: str,
    work_process: str,
    expected_results: str,
    subjects: list[str],
    age_bands: list[str],
    languages: list[str],
    planned_start: date,
    planned_end: date,
    open_to_plus: bool = False,
    is_public: bool = False,
    kit: Kit | None = None,
    image: IO[bytes] | None = None,
) -> Project:
    """Any teacher with a current school founds a draft; a teacher not validated yet may too,
    but invites nobody until validated. The founder takes part for their validated current
    school (else their first current one)."""
    _require_teacher(actor)
    home = teacher_home_employment(actor)
    if home is None:
        raise DomainError(_("Add your school to your profile before founding a project."), code="no_school")
    project = Project(
        title=title,
        summary=summary,
        description=description,
        aims=aims,
        work_process=work_process,
        expected_results=expected_results,
        subjects=subjects,
        age_bands=age_bands,
        languages=languages,
        planned_start=planned_start,
        planned_end=planned_end,
        open_to_plus=open_to_plus,
        is_public=is_public,
        kit=kit,
        founded_by=actor,
        status=Project.Status.DRAFT,
        countries=[home.school.country],
    )
    project.full_clean(exclude=["twinspace", "image", "thumbnail"])
    if planned_end < planned_start:
        raise DomainError(_("The planned end cannot be before the planned start."), field="planned_end")
    processed = _processed_image(image) if image is not None else None
    if processed is not None:
        project.image.save(processed.main_name, ContentFile(processed.main), save=False)
        project.thumbnail.save(processed.thumbnail_name, ContentFile(processed.thumbnail), save=False)
    try:
        project.save()
    except Exception:
        if processed is not None:
            project.image.storage.delete(project.image.name or "")
            project.thumbnail.storage.delete(project.thumbnail.name or "")
        raise
    now = timezone.now()
    Partner.objects.create(
        project=project,
        teacher=actor,
        school=home.school,
        country=home.school.country,
        region=home.school.region,
        role=Partner.Role.FOUNDER,
        state=Partner.State.ACTIVE,
        invited_by=None,
        joined_at=now,
    )
    progress_record(user=actor, kind="project_founded", key=str(project.pk))
    log(project, actor, "founded", project.title)
    return project


def _require_editor(actor: User, project: Project) -> None:
    """Founders edit drafts, pending and open projects; TwinSpace teacher administrators open ones too.
    Closed and stopped projects are read-only."""
    _require_teacher(actor)
    if project.status in (Project.Status.DRAFT, Project.Status.PENDING):
        if not is_active_founder(actor, project):
            raise PermissionRefused()
    elif project.status == Project.Status.OPEN:
        if not can_manage_project(actor, project):
            raise PermissionRefused()
    else:
        if not can_manage_project(actor, project):
            raise PermissionRefused()
        raise DomainError(_("This project is over: it cannot be changed any more."), code="project_state")


@transaction.atomic
def project_update(*, actor: User, project: Project, **fields: Any) -> Project:
    """Changes the project's information; the TwinSpace of an open project keeps its title."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"project_update() cannot change: {', '.join(sorted(unknown))}")
    project = lock_project(project)
    _require_editor(actor, project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean(exclude=["twinspace", "image", "thumbnail"])
    if project.planned_end < project.planned_start:
        raise DomainError(_("The planned end cannot be before the planned start."), field="planned_end")
    project.save()
    if "title" in fields and project.twinspace is not None:
        from twinning.twinspace.services import twinspace_set_title

        twinspace_set_title(twinspace=project.twinspace, title=project.title)
    log(project, actor, "updated", ", ".join(sorted(fields)))
    return project


@transaction.atomic
def project_image_set(*, actor: User, project: Project, upload: IO[bytes]) -> Project:
    """The project's main image, checked and re-encoded; the old files go once the change is committed."""
    project = lock_project(project)
    _require_editor(actor, project)
    processed = _processed_image(upload)
    old = [project.image.name, project.thumbnail.name]
    project.image.save(processed.main_name, ContentFile(processed.main), save=False)
    project.thumbnail.save(processed.thumbnail_name, ContentFile(processed.thumbnail), save=False)
    project.save(update_fields=["image", "thumbnail", "updated_at"])
    _delete_files_on_commit(project.image.storage, old)
    log(project, actor, "image_set")
    return project


@transaction.atomic
def project_image_add(*, actor: User, project: Project, upload: IO[bytes], caption: str = "") -> ProjectImage:
    project = lock_project(project)
    _require_editor(actor, project)
    processed = _processed_image(upload)
    image = ProjectImage(project=project, caption=caption, added_by=actor)
    image.full_clean(exclude=["image", "thumbnail", "project", "added_by"])
    image.image.save(processed.main_name, ContentFile(processed.main), save=False)
    image.thumbnail.save(processed.thumbnail_name, ContentFile(processed.thumbnail), save=False)
    image.save()
    log(project, actor, "image_added", caption)
    return image


@transaction.atomic
def project_image_remove(*, actor: User, image: ProjectImage) -> None:
    project = lock_project(image.project)
    _require_editor(actor, project)
    names = [image.image.name, image.thumbnail.name]
    storage = image.image.storage
    image.delete()
    _delete_files_on_commit(storage, names)
    log(project, actor, "image_removed", image.caption)


@transaction.atomic
def project_delete_draft(*, actor: User, project: Project) -> None:
    """A founder deletes their project while it is still a draft (nobody invited yet)."""
    project = lock_project(project)
    if not (actor.is_authenticated and actor.pk == project.founded_by_id and is_active_founder(actor, project)):
        raise PermissionRefused()
    if project.status != Project.Status.DRAFT:
        raise DomainError(_("Only a draft can be deleted."), code="project_state")
    storage = project.image.storage
    names = [project.image.name, project.thumbnail.name]
    for extra in project.images.all():
        names += [extra.image.name, extra.thumbnail.name]
    project.delete()
    _delete_files_on_commit(storage, names)


@transaction.atomic
def project_close(*, actor: User, project: Project) -> Project:
    """A founder marks an open project as ended: closed, its TwinSpace read-only, the other members told."""
    project = lock_project(project)
    if not is_active_founder(actor, project):
        raise PermissionRefused()
    if project.status != Project.Status.OPEN:
        raise DomainError(_("Only an open project can be ended."), code="project_state")
    project.status = Project.Status.CLOSED
    project.closed_at = timezone.now()
    project.save(update_fields=["status", "closed_at", "updated_at"])
    if project.twinspace is not None:
        from twinning.twinspace.services import twinspace_close

        twinspace_close(twinspace=project.twinspace)
    log(project, actor, "closed")
    notify_members(project, "project_closed", actor=actor)
    return project
