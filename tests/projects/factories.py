"""Projects for tests, made through the real services: a draft, a pending project, an open one."""

import datetime as dt

from tests.accounts.factories import make_officer
from tests.schools.factories import EmploymentFactory
from twinning.accounts.models import SupportService, User
from twinning.network.services import contact_create
from twinning.projects import services
from twinning.projects.models import ApprovalStep, Project
from twinning.schools.models import Employment


def project_data(**overrides: object) -> dict[str, object]:
    """Valid arguments for `project_found` (without the actor)."""
    data: dict[str, object] = {
        "title": "Water in our towns",
        "summary": "Pupils compare how their towns get, use and clean water.",
        "description": "Two classes measure water use at school and at home and share what they find.",
        "aims": "Science vocabulary in English; data collection; respect for a shared resource.",
        "work_process": "Monthly tasks, a shared table, video meetings between the classes.",
        "expected_results": "A bilingual booklet and a poster exhibition in both schools.",
        "subjects": ["biology"],
        "age_bands": ["10-12"],
        "languages": ["en"],
        "planned_start": dt.date(2030, 9, 1),
        "planned_end": dt.date(2031, 6, 30),
    }
    data.update(overrides)
    return data


def make_project(*, founder: User, **fields: object) -> Project:
    """A draft founded by `founder` through `project_found`."""
    return services.project_found(actor=founder, **project_data(**fields))  # type: ignore[arg-type]


def make_pending_project(founder: User, cofounder: User, **fields: object) -> Project:
    """A draft sent for approval: `cofounder` (made a contact of the founder) is invited."""
    project = make_project(founder=founder, **fields)
    if cofounder.pk != founder.pk:
        contact_create(first=founder, second=cofounder)
    services.cofounder_invite(actor=founder, project=project, teacher=cofounder)
    project.refresh_from_db()
    return project


def _head_teacher_of(school) -> User:  # type: ignore[no-untyped-def]
    row = (
        Employment.objects.filter(
            school=school, role=Employment.Role.HEAD_TEACHER, validation=Employment.Validation.VALIDATED
        )
        .select_related("teacher")
        .first()
    )
    if row is not None:
        return row.teacher
    head = EmploymentFactory(school=school, role=Employment.Role.HEAD_TEACHER).teacher
    head.is_validated = True
    head.save(update_fields=["is_validated"])
    return head


def decider_for(step: ApprovalStep) -> User:
    """Someone allowed to decide `step` (made when missing): the school's head teacher or an officer."""
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
        return _head_teacher_of(step.school)
    if step.kind == ApprovalStep.Kind.REGIONAL:
        service = SupportService.objects.get(kind=SupportService.Kind.REGIONAL, region=step.region)
        officer = service.staff.first()
        return officer or make_officer(kind=SupportService.Kind.REGIONAL, country=step.country, region=step.region)
    service_qs = SupportService.objects.filter(kind=SupportService.Kind.NATIONAL, country=step.country)
    officer = service_qs.first().staff.first() if service_qs.exists() else None  # type: ignore[union-attr]
    return officer or make_officer(kind=SupportService.Kind.NATIONAL, country=step.country)


def approve_all(project: Project) -> Project:
    """Accepts the co-founder's invitation if needed, then approves every waiting step."""
    cofounder_step = project.steps.filter(kind=ApprovalStep.Kind.COFOUNDER, state=ApprovalStep.State.WAITING).first()
    if cofounder_step is not None:
        services.invitation_accept(actor=cofounder_step.partner.teacher, partner=cofounder_step.partner)
    for step in project.steps.filter(state=ApprovalStep.State.WAITING).select_related("school"):
        services.step_approve(actor=decider_for(step), step=step)
    project.refresh_from_db()
    return project


def make_open_project(founder: User, cofounder: User, **fields: object) -> Project:
    """A project approved at every step (officers and head teachers made when missing): open, with its TwinSpace."""
    project = approve_all(make_pending_project(founder, cofounder, **fields))
    assert project.status == Project.Status.OPEN, project.status
    return project
