"""Who sees a project, who is a member, who manages it, who decides an approval step.

Each rule has a yes/no check; visibility also has a queryset filter, and the
check is that filter applied to one row, so the two always agree.
"""

from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.projects.models import ApprovalStep, Partner, Project

PUBLIC_STATES = (Project.Status.OPEN, Project.Status.CLOSED)
LIVE_STATES = (Partner.State.INVITED, Partner.State.ACTIVE)


def visible_projects(viewer: User) -> QuerySet[Project]:
    """Projects `viewer` may open.

    Everyone (even signed out) sees open and closed projects whose founders made
    them public, but only their public part (`is_member` decides the rest).
    Members (invited or active rows) see their projects in every state; a head
    teacher sees the projects with a head-teacher step of a school they head;
    support officers see the projects with a regional or national step in
    their scope.
    """
    public = Q(is_public=True, status__in=PUBLIC_STATES)
    if not viewer.is_authenticated or viewer.is_pupil:
        return Project.objects.filter(public)
    from twinning.projects.selectors import headed_school_ids, step_scope_q

    mine = Partner.objects.filter(teacher_id=viewer.pk, state__in=LIVE_STATES).values("project_id")
    headed = ApprovalStep.objects.filter(
        kind=ApprovalStep.Kind.HEAD_TEACHER, school_id__in=headed_school_ids(viewer)
    ).values("project_id")
    q = public | Q(pk__in=mine) | Q(pk__in=headed)
    if not support_scope(viewer).is_empty:
        q |= Q(pk__in=ApprovalStep.objects.filter(step_scope_q(viewer)).values("project_id"))
    return Project.objects.filter(q)


def can_view_project(viewer: User, project: Project) -> bool:
    return visible_projects(viewer).filter(pk=project.pk).exists()


def is_member(user: User, project: Project) -> bool:
    """An active partner (founders included): sees the whole project, not only its public part."""
    if not user.is_authenticated:
        return False
    return Partner.objects.filter(project=project, teacher_id=user.pk, state=Partner.State.ACTIVE).exists()


def is_active_founder(user: User, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    return Partner.objects.filter(
        project=project, teacher_id=user.pk, role=Partner.Role.FOUNDER, state=Partner.State.ACTIVE
    ).exists()


def is_teacher_admin(user: User, project: Project) -> bool:
    """A teacher administrator of the project's TwinSpace (the founders, and whom they make so)."""
    if not user.is_authenticated or project.twinspace_id is None:
        return False
    from twinning.twinspace.models import Membership, Role

    return Membership.objects.filter(
        twinspace_id=project.twinspace_id, user_id=user.pk, role=Role.TEACHER_ADMIN
    ).exists()


def can_manage_project(user: User, project: Project) -> bool:
    """An active founder, or a teacher administrator of the project's TwinSpace."""
    return is_active_founder(user, project) or is_teacher_admin(user, project)


def can_decide_step(user: User, step: ApprovalStep) -> bool:
    """Whose decision a step is: a member currently heading the step's school for head-teacher steps;
    the regional service of the step's region, the national service of its country, or the central
    service for regional and national steps. A head-teacher step no head teacher can decide (see
    `selectors.no_head_teacher_q`) is decided by its country's national service or the central one.
    Co-founder steps are decided by accepting or declining."""
    if not user.is_authenticated or user.is_pupil or not user.is_active:
        return False
    scope = support_scope(user)
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
        from twinning.projects.selectors import has_no_head_teacher, headed_school_ids

        if step.school_id is not None and headed_school_ids(user).filter(school_id=step.school_id).exists():
            return True
        # No head teacher can decide it: the step's National Support Service (or the central one) does.
        return (scope.central or step.country in scope.countries) and has_no_head_teacher(step)
    if step.kind == ApprovalStep.Kind.REGIONAL:
        return scope.central or (bool(step.region) and step.region in scope.regions)
    if step.kind == ApprovalStep.Kind.NATIONAL:
        return scope.central or step.country in scope.countries
    return False
