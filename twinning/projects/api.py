"""Projects in the JSON API: the same services, selectors and rules as the pages.

Mounted at the root of the API because it serves three collections:
`/api/projects/...`, `/api/invitations/...` and `/api/steps/...`. A project
the viewer may not see is a 404, as for one that does not exist; pupils get a
404 for every route. A refused invitation answers 400 with the same list of
reasons the invitation page shows (`selectors.invitation_refusals`).
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from twinning.accounts.models import User
from twinning.core.api import MAX_ID, PupilsExcludedAuth, check_id
from twinning.core.errors import DomainError, PermissionRefused
from twinning.projects import kits, selectors, services
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.projects.permissions import can_decide_step, is_member, visible_projects
from twinning.projects.selectors import Refusal

router = Router(tags=["projects"])


teacher_auth = PupilsExcludedAuth(lambda user: user.is_authenticated)
"""The signed-in teacher (or officer) of the session."""


def _no_pupils(request: HttpRequest) -> None:
    if getattr(request.user, "is_pupil", False):
        raise Http404


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL characters are not allowed.")
    if isinstance(value, list) and any(isinstance(item, str) and "\x00" in item for item in value):
        raise ValueError("NUL characters are not allowed.")
    return value


# --- schemas ----------------------------------------------------------------------------


class Detail(Schema):
    detail: str


class FieldError(Schema):
    detail: str
    field: str | None = None
    errors: dict[str, list[str]] = Field(default_factory=dict)


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class RefusalOut(Schema):
    code: str
    message: str
    fixed_by: str
    action: str


class RefusedOut(Schema):
    detail: str
    refusals: list[RefusalOut]


class SchoolOut(Schema):
    id: int
    name: str
    city: str
    country: str


class PartnerOut(Schema):
    id: int
    user_id: int
    name: str
    role: str
    state: str
    country: str
    region: str
    school: SchoolOut | None


class ProjectSummary(Schema):
    id: int
    title: str
    summary: str
    status: str
    countries: list[str]
    image_url: str | None
    thumbnail_url: str | None


class MyProjectOut(ProjectSummary):
    my_role: str
    my_state: str
    partner_id: int


class MyProjectsOut(Schema):
    pending: list[MyProjectOut]
    open: list[MyProjectOut]
    closed: list[MyProjectOut]


class ProjectOut(ProjectSummary):
    """Members get every field; anyone else only the public part (the other fields are null)."""

    is_member: bool
    partner_schools: list[SchoolOut]
    description: str | None = None
    aims: str | None = None
    work_process: str | None = None
    expected_results: str | None = None
    subjects: list[str] | None = None
    age_bands: list[str] | None = None
    languages: list[str] | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    open_to_plus: bool | None = None
    is_public: bool | None = None
    kit_id: int | None = None
    stopped_reason: str | None = None
    partners: list[PartnerOut] | None = None


class StepOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    for_user_id: int
    for_name: str
    school: SchoolOut | None
    country: str
    region: str
    waiting_since: datetime
    decided_at: datetime | None
    decided_by: str | None
    decided_via: str
    comment: str


class ProjectIn(Schema):
    title: str = Field(max_length=200)
    summary: str = Field(max_length=500)
    description: str = Field(max_length=10_000)
    aims: str = Field(max_length=5_000)
    work_process: str = Field(max_length=5_000)
    expected_results: str = Field(max_length=5_000)
    subjects: list[str] = Field(default_factory=list, max_length=50)
    age_bands: list[str] = Field(default_factory=list, max_length=20)
    languages: list[str] = Field(default_factory=list, max_length=50)
    planned_start: date
    planned_end: date
    open_to_plus: bool = False
    is_public: bool = False
    kit_id: int | None = Field(None, ge=1, le=MAX_ID, description="A published kit the project starts from.")

    _nul = field_validator(
        "title",
        "summary",
        "description",
        "aims",
        "work_process",
        "expected_results",
        "subjects",
        "age_bands",
        "languages",
    )(_no_nul)


class InvitationIn(Schema):
    user_id: int = Field(ge=1, le=MAX_ID, description="The contact to invite.")
    note: str = Field("", max_length=500)

    _nul = field_validator("note")(_no_nul)


class DeclineIn(Schema):
    reason: str = Field("", max_length=2_000)

    _nul = field_validator("reason")(_no_nul)


class ApproveIn(Schema):
    comment: str = Field("", max_length=2_000)

    _nul = field_validator("comment")(_no_nul)


class RejectIn(Schema):
    reason: str = Field(min_length=1, max_length=2_000)

    _nul = field_validator("reason")(_no_nul)


class InvitationCheckOut(Schema):
    may_invite: bool
    invite_as: str
    refusals: list[RefusalOut]


class PartnerStateOut(Schema):
    id: int
    project_id: int
    state: str
    role: str


class StepStateOut(Schema):
    id: int
    project_id: int
    state: str
    project_status: str


# --- output helpers ---------------------------------------------------------------------


def _url(request: HttpRequest, field: Any) -> str | None:
    return request.build_absolute_uri(field.url) if field else None


def _school(school: Any) -> dict[str, Any] | None:
    if school is None:
        return None
    return {"id": school.pk, "name": school.name, "city": school.city, "country": school.country}


def _summary(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "status": project.status,
        "countries": list(project.countries),
        "image_url": _url(request, project.image),
        "thumbnail_url": _url(request, project.thumbnail),
    }


def _refusals(refusals: list[Refusal]) -> list[dict[str, str]]:
    return [
        {"code": r.code, "message": str(r.message), "fixed_by": str(r.fixed_by), "action": r.action} for r in refusals
    ]


def _service_error(exc: DomainError | ValidationError) -> Status:
    if isinstance(exc, PermissionRefused):
        return Status(404, {"detail": "Not found."})
    if isinstance(exc, DomainError):
        return Status(400, {"detail": exc.message, "field": exc.field, "errors": {}})
    errors = (
        {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {"__all__": [str(m) for m in exc.messages]}
    )
    first = next(iter(errors.values()))[0] if errors else ""
    return Status(400, {"detail": first, "field": next(iter(errors), None), "errors": errors})


def _visible_project(request: HttpRequest, project_id: int) -> Project:
    _no_pupils(request)
    project = visible_projects(request.user).filter(pk=check_id(project_id)).first()
    if project is None:
        raise Http404
    return project


def _teacher(viewer: User, user_id: int) -> User:
    """A teacher the viewer may name in an invitation, as the invitation page decides; anyone else
    (pupils, hidden profiles) is a 404."""
    teacher = selectors.invitee_for(inviter=viewer, user_id=check_id(user_id))
    if teacher is None:
        raise Http404
    return teacher


NOT_FOUND = {404: Detail}
ERRORS = {400: FieldError, 401: Detail, 404: Detail, 422: ValidationErrors}


# --- reads ------------------------------------------------------------------------------


@router.get(
    "/projects/",
    response={200: MyProjectsOut, 401: Detail, 404: Detail},
    auth=teacher_auth,
    summary="My projects, grouped as on the Projects tab",
    description="Pending: drafts, projects waiting for approval and invitations waiting for my answer. "
    "Closed: ended projects and projects that were not approved.",
)
def my_projects(request: HttpRequest) -> Status:
    mine = selectors.my_projects(user=request.user)

    def rows(group: list[tuple[Project, Partner]]) -> list[dict[str, Any]]:
        return [
            {**_summary(request, p), "my_role": row.role, "my_state": row.state, "partner_id": row.pk}
            for p, row in group
        ]

    return Status(200, {"pending": rows(mine.pending), "open": rows(mine.open), "closed": rows(mine.closed)})


@router.get(
    "/projects/{int:project_id}",
    response={200: ProjectOut, 404: Detail},
    summary="One project",
    description="Members get the whole project; others who may see it get its public part only. "
    "404 when the viewer may not see it, as for a project that does not exist.",
)
def project_detail(request: HttpRequest, project_id: int) -> Status:
    return Status(200, _project_data(request, _visible_project(request, project_id)))


def _project_data(request: HttpRequest, project: Project) -> dict[str, Any]:
    partners = list(selectors.project_partners(project=project))
    schools: dict[int, Any] = {}
    for row in partners:
        if row.school is not None:
            schools.setdefault(row.school.pk, row.school)
    data: dict[str, Any] = {
        **_summary(request, project),
        "partner_schools": [_school(s) for s in schools.values()],
        "is_member": is_member(request.user, project),
    }
    if data["is_member"]:
        data.update(
            {
                "description": project.description,
                "aims": project.aims,
                "work_process": project.work_process,
                "expected_results": project.expected_results,
                "subjects": project.subjects,
                "age_bands": project.age_bands,
                "languages": project.languages,
                "planned_start": project.planned_start,
                "planned_end": project.planned_end,
                "open_to_plus": project.open_to_plus,
                "is_public": project.is_public,
                "kit_id": project.kit_id,
                "stopped_reason": project.stopped_reason,
                "partners": [
                    {
                        "id": row.pk,
                        "user_id": row.teacher_id,
                        "name": row.teacher.full_name,
                        "role": row.role,
                        "state": row.state,
                        "country": row.country,
                        "region": row.region,
                        "school": _school(row.school),
                    }
                    for row in partners
                ],
            }
        )
    return data


@router.get(
    "/projects/{int:project_id}/pipeline",
    response={200: list[StepOut], 404: Detail},
    summary="The project's approval steps",
    description="For its members, the teachers invited into it and those a step waits for; 404 for anyone else.",
)
def project_pipeline(request: HttpRequest, project_id: int) -> Status:
    project = _visible_project(request, project_id)
    steps = selectors.project_pipeline(project=project)
    user = request.user
    allowed = user.is_authenticated and (
        Partner.objects.filter(
            project=project, teacher_id=user.pk, state__in=[Partner.State.INVITED, Partner.State.ACTIVE]
        ).exists()
        or any(can_decide_step(user, step) for step in steps)
    )
    if not allowed:
        raise Http404
    return Status(
        200,
        [
            {
                "id": step.pk,
                "kind": step.kind,
                "kind_label": str(step.get_kind_display()),
                "state": step.state,
                "for_user_id": step.partner.teacher_id,
                "for_name": step.partner.teacher.full_name,
                "school": _school(step.school or step.partner.school),
                "country": step.country,
                "region": step.region,
                "waiting_since": step.created_at,
                "decided_at": step.decided_at,
                "decided_by": step.decided_by.full_name if step.decided_by else None,
                "decided_via": step.decided_via,
                "comment": step.comment,
            }
            for step in steps
        ],
    )


@router.get(
    "/projects/{int:project_id}/invitation-check/{int:user_id}",
    response={200: InvitationCheckOut, 401: Detail, 404: Detail},
    auth=teacher_auth,
    summary="Whether I may invite this teacher, and if not, why",
    description="The same reasons the invitation page shows: each failing condition, whose action fixes it, "
    "and the action the page offers (invite_contact, edit_project). As co-founder for a draft, as partner otherwise.",
)
def invitation_check(request: HttpRequest, project_id: int, user_id: int) -> Status:
    project = _visible_project(request, project_id)
    teacher = _teacher(request.user, user_id)
    refusals = selectors.invitation_refusals(inviter=request.user, project=project, teacher=teacher)
    return Status(
        200,
        {
            "may_invite": not refusals,
            "invite_as": "cofounder" if project.status == Project.Status.DRAFT else "partner",
            "refusals": _refusals(refusals),
        },
    )


# --- changes ----------------------------------------------------------------------------


@router.post(
    "/projects/",
    response={201: ProjectOut, **ERRORS},
    auth=teacher_auth,
    summary="Found a project (a draft)",
    description="The draft is mine as founder; inviting a co-founder from another country sends it for approval.",
)
def project_found(request: HttpRequest, payload: ProjectIn) -> Status:
    data = payload.dict()
    kit_id = data.pop("kit_id")
    kit = None
    if kit_id is not None:
        try:
            kit = kits.kit_get_published(pk=kit_id)
        except kits.Kit.DoesNotExist:
            return Status(400, {"detail": "There is no published kit with this id.", "field": "kit_id", "errors": {}})
    try:
        project = services.project_found(actor=request.user, kit=kit, **data)
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(201, _project_data(request, project))


@router.post(
    "/projects/{int:project_id}/invitations",
    response={201: PartnerStateOut, 400: RefusedOut, 401: Detail, 404: Detail, 422: ValidationErrors},
    auth=teacher_auth,
    summary="Invite a contact: as co-founder into a draft, as partner into an open project",
    description="400 with every reason when the invitation is refused (the same list as the invitation check).",
)
def invite(request: HttpRequest, project_id: int, payload: InvitationIn) -> Status:
    project = _visible_project(request, project_id)
    teacher = _teacher(request.user, payload.user_id)
    service = services.cofounder_invite if project.status == Project.Status.DRAFT else services.partner_invite
    try:
        partner = service(actor=request.user, project=project, teacher=teacher, note=payload.note)
    except services.InvitationRefused as exc:
        return Status(400, {"detail": exc.message, "refusals": _refusals(exc.refusals)})
    except PermissionRefused:
        raise Http404 from None
    except (DomainError, ValidationError) as exc:
        return Status(400, {"detail": getattr(exc, "message", str(exc)), "refusals": []})
    return Status(201, {"id": partner.pk, "project_id": project.pk, "state": partner.state, "role": partner.role})


def _my_invitation(request: HttpRequest, partner_id: int) -> Partner:
    partner = (
        Partner.objects.select_related("project").filter(pk=check_id(partner_id), teacher_id=request.user.pk).first()
    )
    if partner is None:
        raise Http404
    return partner


def _partner_state(partner: Partner) -> dict[str, Any]:
    return {"id": partner.pk, "project_id": partner.project_id, "state": partner.state, "role": partner.role}


@router.post(
    "/invitations/{int:partner_id}/accept",
    response={200: PartnerStateOut, **ERRORS},
    auth=teacher_auth,
    summary="Accept an invitation into a project",
)
def invitation_accept(request: HttpRequest, partner_id: int) -> Status:
    partner = _my_invitation(request, partner_id)
    try:
        partner = services.invitation_accept(actor=request.user, partner=partner)
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(200, _partner_state(partner))


@router.post(
    "/invitations/{int:partner_id}/decline",
    response={200: PartnerStateOut, **ERRORS},
    auth=teacher_auth,
    summary="Decline an invitation into a project",
)
def invitation_decline(request: HttpRequest, partner_id: int, payload: DeclineIn) -> Status:
    partner = _my_invitation(request, partner_id)
    try:
        partner = services.invitation_decline(actor=request.user, partner=partner, reason=payload.reason)
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(200, _partner_state(partner))


def _my_step(request: HttpRequest, step_id: int) -> ApprovalStep:
    """A step the user decides (head teacher of its school, officer of its scope); 404 otherwise."""
    step = ApprovalStep.objects.select_related("project").filter(pk=check_id(step_id)).first()
    if step is None or not can_decide_step(request.user, step):
        raise Http404
    return step


def _step_state(step: ApprovalStep) -> dict[str, Any]:
    step.project.refresh_from_db(fields=["status"])
    return {"id": step.pk, "project_id": step.project_id, "state": step.state, "project_status": step.project.status}


@router.post(
    "/steps/{int:step_id}/approve",
    response={200: StepStateOut, **ERRORS},
    auth=teacher_auth,
    summary="Approve an approval step I decide",
    description="404 for a step that is not mine to decide; 400 when it is already decided.",
)
def step_approve(request: HttpRequest, step_id: int, payload: ApproveIn) -> Status:
    step = _my_step(request, step_id)
    try:
        step = services.step_approve(actor=request.user, step=step, comment=payload.comment)
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(200, _step_state(step))


@router.post(
    "/steps/{int:step_id}/reject",
    response={200: StepStateOut, **ERRORS},
    auth=teacher_auth,
    summary="Reject an approval step I decide, with the reason the founders read",
    description="404 for a step that is not mine to decide; 400 when it is already decided.",
)
def step_reject(request: HttpRequest, step_id: int, payload: RejectIn) -> Status:
    step = _my_step(request, step_id)
    try:
        step = services.step_reject(actor=request.user, step=step, reason=payload.reason)
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(200, _step_state(step))
