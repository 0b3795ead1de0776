"""Reading projects: who may be invited (and why not), my projects, the pipeline, the queues.

`invitation_refusals` is the ONE place the invitation rules live: services
refuse with it, pages and the API explain with it, tests check it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.db.models.lookups import Exact
from django.utils.translation import gettext

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.core.vocabularies import is_plus_country
from twinning.network.selectors import blocked_either_way_ids, contacts_of
from twinning.projects.models import ApprovalStep, LogEntry, Partner, Project
from twinning.projects.permissions import is_active_founder, is_teacher_admin
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employment_q

LIVE_STATES = (Partner.State.INVITED, Partner.State.ACTIVE)


@dataclass(frozen=True)
class Refusal:
    """One reason a teacher cannot be invited, with whose action fixes it."""

    code: str
    message: str
    fixed_by: str
    action: str = ""


# --- a teacher's school for a project ------------------------------------------


def home_employment(employments: Iterable[Employment]) -> Employment | None:
    """The school a teacher takes part for: their first current validated row, else their first current row.

    `employments` are current rows, newest first (as `current_employments` and the
    contacts prefetch give them).
    """
    rows = list(employments)
    for row in rows:
        if row.validation == Employment.Validation.VALIDATED:
            return row
    return rows[0] if rows else None


def _current_rows(user: User) -> list[Employment]:
    return list(
        Employment.objects.filter(teacher=user)
        .filter(current_employment_q())
        .select_related("school")
        .order_by("-start_date", "-pk")
    )


def teacher_home_employment(user: User) -> Employment | None:
    return home_employment(_current_rows(user))


# --- who may be invited ------------------------------------------------------------


@dataclass
class _InvitationContext:
    """What the rules need about the inviter and the project, read once for many teachers."""

    inviter: User
    project: Project
    as_cofounder: bool
    founder_country: str
    general: list[Refusal] = field(default_factory=list)


def _context(inviter: User, project: Project) -> _InvitationContext:
    founder_row = (
        Partner.objects.filter(project=project, teacher_id=project.founded_by_id, role=Partner.Role.FOUNDER)
        .order_by("-pk")
        .first()
    )
    ctx = _InvitationContext(
        inviter=inviter,
        project=project,
        as_cofounder=project.status == Project.Status.DRAFT,
        founder_country=founder_row.country if founder_row else "",
    )
    if project.status == Project.Status.DRAFT:
        allowed = inviter.pk == project.founded_by_id and is_active_founder(inviter, project)
    elif project.status == Project.Status.OPEN:
        allowed = is_active_founder(inviter, project) or is_teacher_admin(inviter, project)
    else:
        allowed = False
    if not allowed and project.status in (Project.Status.DRAFT, Project.Status.OPEN):
        ctx.general.append(
            Refusal(
                "not_allowed",
                gettext("Only the project's founders and TwinSpace administrators can invite teachers."),
                gettext("A founder of the project"),
            )
        )
    if project.status == Project.Status.DRAFT:
        if (
            Partner.objects.filter(project=project, role=Partner.Role.FOUNDER, state__in=LIVE_STATES)
            .exclude(teacher_id=project.founded_by_id)
            .exists()
        ):
            ctx.general.append(
                Refusal(
                    "project_state",
                    gettext("This project already has its co-founder invited."),
                    gettext("Nobody: wait for the co-founder's answer"),
                )
            )
    elif project.status == Project.Status.PENDING:
        ctx.general.append(
            Refusal(
                "project_state",
                gettext("This project is waiting for approval: partners can be invited once it is open."),
                gettext("Nobody: wait until the project is approved"),
            )
        )
    elif project.status != Project.Status.OPEN:
        ended = project.status == Project.Status.CLOSED
        ctx.general.append(
            Refusal(
                "project_state",
                gettext("This project has ended: nobody can join it any more.")
                if ended
                else gettext("This project was not approved: nobody can join it."),
                gettext("Nobody"),
            )
        )
    if not inviter.is_validated and not ctx.general:
        ctx.general.append(
            Refusal(
                "not_validated",
                gettext("You are not validated yet as working at your school: you can invite teachers once you are."),
                gettext("Your head teacher or your National Support Service"),
            )
        )
    return ctx


def _teacher_refusals(
    ctx: _InvitationContext,
    teacher: User,
    *,
    is_contact: bool,
    is_blocked: bool,
    in_project: bool,
    employments: list[Employment],
    profile: object | None,
) -> list[Refusal]:
    """The rules for one teacher, from facts read beforehand (no query here)."""
    name = teacher.full_name or gettext("This teacher")
    if teacher.pk == ctx.inviter.pk:
        return [*ctx.general, Refusal("self", gettext("You cannot invite yourself."), gettext("Nobody"))]
    if teacher.is_pupil:
        return [*ctx.general, Refusal("pupil", gettext("Pupils cannot be invited into a project."), gettext("Nobody"))]
    if not teacher.is_active:
        return [
            *ctx.general,
            Refusal("inactive", gettext("This account is no longer active."), gettext("Nobody")),
        ]
    if is_blocked:
        # Never say who blocked whom.
        return [*ctx.general, Refusal("blocked", gettext("You cannot invite this teacher."), gettext("Nobody"))]
    refusals = list(ctx.general)
    if in_project:
        refusals.append(
            Refusal(
                "already_in_project",
                gettext("%(name)s is already in this project or already invited.") % {"name": name},
                gettext("Nobody"),
            )
        )
    if not is_contact:
        refusals.append(
            Refusal(
                "not_contact",
                gettext("%(name)s is not one of your contacts yet.") % {"name": name},
                gettext("You: invite them as a contact; once they accept, invite them here"),
                action="invite_contact",
            )
        )
    home = home_employment(employments)
    if not teacher.is_validated:
        if home is None:
            refusals.append(
                Refusal(
                    "not_validated",
                    gettext("%(name)s has no current school yet.") % {"name": name},
                    gettext("%(name)s, by adding their school to their profile") % {"name": name},
                )
            )
        else:
            refusals.append(
                Refusal(
                    "not_validated",
                    gettext("%(name)s is not validated yet as working at their school.") % {"name": name},
                    gettext("Their National Support Service or their head teacher"),
                )
            )
    if profile is not None and not getattr(profile, "available_for_projects", True):
        refusals.append(
            Refusal(
                "not_available",
                gettext("%(name)s is not available for projects at the moment.") % {"name": name},
                gettext("%(name)s, by saying in their profile that they are available for projects") % {"name": name},
            )
        )
    country = home.school.country if home else ""
    if country and is_plus_country(country):
        if not getattr(profile, "available_for_plus", False):
            refusals.append(
                Refusal(
                    "plus_not_available",
                    gettext(
                        "%(name)s teaches in an eTwinning Plus country and has not said they are available "
                        "for eTwinning Plus projects."
                    )
                    % {"name": name},
                    gettext("%(name)s, by saying in their profile that they are available for eTwinning Plus projects")
                    % {"name": name},
                )
            )
        if not ctx.project.open_to_plus:
            refusals.append(
                Refusal(
                    "plus_not_open",
                    gettext(
                        "%(name)s teaches in an eTwinning Plus country and this project is not open to "
                        "eTwinning Plus partners."
                    )
                    % {"name": name},
                    gettext("You: tick “open to eTwinning Plus partners” in the project's information"),
                    action="edit_project",
                )
            )
    if ctx.as_cofounder and country and ctx.founder_country and country == ctx.founder_country:
        refusals.append(
            Refusal(
                "same_country",
                gettext("A co-founder must teach in a different country from the founder."),
                gettext("You: choose a teacher from another country"),
            )
        )
    return refusals


def invitation_refusals(*, inviter: User, project: Project, teacher: User) -> list[Refusal]:
    """Why `inviter` cannot invite `teacher` into `project` now; [] means they may.

    As co-founder while the project is a draft, as partner while it is open.
    """
    from twinning.network.models import Block, Contact

    ctx = _context(inviter, project)
    low, high = sorted((inviter.pk, teacher.pk))
    is_contact = low != high and Contact.objects.filter(user_low_id=low, user_high_id=high).exists()
    is_blocked = (
        low != high
        and Block.objects.filter(
            Q(blocker_id=inviter.pk, blocked_id=teacher.pk) | Q(blocker_id=teacher.pk, blocked_id=inviter.pk)
        ).exists()
    )
    in_project = Partner.objects.filter(project=project, teacher_id=teacher.pk, state__in=LIVE_STATES).exists()
    from twinning.profiles.models import Profile

    profile = Profile.objects.filter(user_id=teacher.pk).first()
    return _teacher_refusals(
        ctx,
        teacher,
        is_contact=is_contact,
        is_blocked=is_blocked,
        in_project=in_project,
        employments=_current_rows(teacher),
        profile=profile,
    )


def invitee_for(*, inviter: User, user_id: int) -> User | None:
    """The teacher an invitation (or an invitation check) names, or None (the caller answers 404).

    Only a teacher whose profile the inviter may see can be named: a pupil, an
    unknown id, or a teacher whose profile is hidden from the inviter (a block
    hides it too, unless it is shown to everyone) is None. The invitation page
    and the API both call this, so they answer the same; a teacher who can be
    named and is blocked either way gets the "blocked" refusal from
    `invitation_refusals`.
    """
    from twinning.profiles.permissions import visible_profiles

    profile = visible_profiles(inviter).filter(user_id=user_id, user__is_pupil=False).select_related("user").first()
    return profile.user if profile is not None else None


def invitable_contacts(*, inviter: User, project: Project) -> list[tuple[User, list[Refusal]]]:
    """The inviter's contacts by name, each with its refusals, in a constant number of queries."""
    ctx = _context(inviter, project)
    contacts = list(contacts_of(user=inviter))
    blocked = set(blocked_either_way_ids(inviter).values_list("other", flat=True))
    in_project = set(
        Partner.objects.filter(project=project, state__in=LIVE_STATES).values_list("teacher_id", flat=True)
    )
    result = []
    for teacher in contacts:
        result.append(
            (
                teacher,
                _teacher_refusals(
                    ctx,
                    teacher,
                    is_contact=True,
                    is_blocked=teacher.pk in blocked,
                    in_project=teacher.pk in in_project,
                    employments=list(getattr(teacher, "current_employments", [])),
                    profile=getattr(teacher, "profile", None),
                ),
            )
        )
    return result


# --- my projects ---------------------------------------------------------------------


@dataclass
class MyProjects:
    """A teacher's projects in three groups, each a list of (project, my partner row), newest first."""

    pending: list[tuple[Project, Partner]]
    open: list[tuple[Project, Partner]]
    closed: list[tuple[Project, Partner]]


MY_GROUPS = ("pending", "open", "closed")
_ENDED = (Project.Status.CLOSED, Project.Status.STOPPED)


def _my_group_q(group: str) -> Q:
    """The rows of one group of the Projects tab, as `my_projects` sorts them."""
    if group == "closed":
        return Q(project__status__in=_ENDED)
    if group == "pending":
        return Q(project__status__in=[Project.Status.DRAFT, Project.Status.PENDING]) | (
            Q(state=Partner.State.INVITED) & ~Q(project__status__in=_ENDED)
        )
    if group == "open":
        return Q(project__status=Project.Status.OPEN, state=Partner.State.ACTIVE)
    raise ValueError(group)


def my_project_rows(*, user: User, group: str) -> QuerySet[Partner]:
    """One group of the Projects tab ("pending", "open" or "closed") as a queryset of my live rows,
    newest project first, with the project loaded: pages slice it, so a teacher with hundreds of
    projects reads one page of each group."""
    return (
        Partner.objects.filter(teacher_id=user.pk, state__in=LIVE_STATES)
        .filter(_my_group_q(group))
        .select_related("project", "project__twinspace", "school")
        .order_by("-project__created_at", "-project__pk")
    )


def my_projects(*, user: User) -> MyProjects:
    """Pending = drafts, projects waiting for approval and invitations waiting for my answer;
    open = projects I take part in; closed = ended and stopped ones. One query."""
    rows = (
        Partner.objects.filter(teacher_id=user.pk, state__in=LIVE_STATES)
        .select_related("project", "project__twinspace", "school")
        .order_by("-project__created_at", "-project__pk")
    )
    mine = MyProjects(pending=[], open=[], closed=[])
    for row in rows:
        project = row.project
        if project.status in (Project.Status.CLOSED, Project.Status.STOPPED):
            mine.closed.append((project, row))
        elif project.status in (Project.Status.DRAFT, Project.Status.PENDING) or row.state == Partner.State.INVITED:
            mine.pending.append((project, row))
        else:
            mine.open.append((project, row))
    return mine


# --- one project ----------------------------------------------------------------------


def project_pipeline(*, project: Project) -> list[ApprovalStep]:
    """The approval steps in the order they were asked, with who they are for and who decided."""
    return list(
        ApprovalStep.objects.filter(project=project)
        .select_related("partner__teacher", "partner__school", "school", "decided_by")
        .annotate(no_head_teacher=_no_head_teacher_flag())
        .order_by("created_at", "pk")
    )


def _no_head_teacher_flag() -> ExpressionWrapper:
    return ExpressionWrapper(no_head_teacher_q(), output_field=BooleanField())


def project_partners(*, project: Project) -> QuerySet[Partner]:
    """The active partners, founders first, with their teacher and school."""
    return (
        Partner.objects.filter(project=project, state=Partner.State.ACTIVE)
        .select_related("teacher", "school")
        .order_by("role", "joined_at", "pk")
    )


def project_invitations(*, project: Project) -> QuerySet[Partner]:
    """Invitations still waiting for an answer, with the invitee and who invited them."""
    return (
        Partner.objects.filter(project=project, state=Partner.State.INVITED)
        .select_related("teacher", "school", "invited_by")
        .order_by("created_at", "pk")
    )


def project_log(*, project: Project) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(project=project).select_related("actor").order_by("created_at", "pk")


# --- queues -----------------------------------------------------------------------------


def no_head_teacher_q() -> Q:
    """Head-teacher steps no head teacher can decide: no link can be emailed (the school is not
    verified, has no address, or gives the founder's own address) and no member currently heads
    the school. The National Support Service of the step's country (or the central service)
    decides those in the head teacher's place, from its queue."""
    heads = Employment.objects.filter(
        school_id=OuterRef("school_id"),
        role=Employment.Role.HEAD_TEACHER,
        validation=Employment.Validation.VALIDATED,
        teacher__is_active=True,
    ).filter(current_employment_q())
    no_link = (
        Q(school__isnull=True)
        | Q(school__is_verified=False)
        | Q(school__head_teacher_email="")
        | Q(Exact(Lower(Trim("school__head_teacher_email")), Lower("partner__teacher__email")))
    )
    return Q(kind=ApprovalStep.Kind.HEAD_TEACHER) & no_link & Q(~Exists(heads))


def has_no_head_teacher(step: ApprovalStep) -> bool:
    """Whether no head teacher can decide this head-teacher step (see `no_head_teacher_q`)."""
    annotated = getattr(step, "no_head_teacher", None)
    if annotated is not None:
        return bool(annotated)
    if step.kind != ApprovalStep.Kind.HEAD_TEACHER:
        return False
    return ApprovalStep.objects.filter(pk=step.pk).filter(no_head_teacher_q()).exists()


def step_scope_q(officer: User) -> Q:
    """Steps a support officer decides: regional steps of their regions, national steps of their
    countries, and head-teacher steps no head teacher can decide in their countries (all of
    these everywhere for the central service)."""
    scope = support_scope(officer)
    kinds = Q(kind__in=[ApprovalStep.Kind.REGIONAL, ApprovalStep.Kind.NATIONAL])
    if scope.central:
        return kinds | no_head_teacher_q()
    q = Q(pk__in=[])
    if scope.countries:
        countries = sorted(scope.countries)
        q |= Q(kind=ApprovalStep.Kind.NATIONAL, country__in=countries)
        q |= Q(country__in=countries) & no_head_teacher_q()
    if scope.regions:
        q |= Q(kind=ApprovalStep.Kind.REGIONAL, region__in=sorted(scope.regions))
    return q


def step_queue(*, officer: User) -> QuerySet[ApprovalStep]:
    """Waiting steps of pending projects in the officer's scope, oldest first: regional and national
    steps, and head-teacher steps no head teacher can decide (`no_head_teacher` is True on those)."""
    return (
        ApprovalStep.objects.filter(state=ApprovalStep.State.WAITING, project__status=Project.Status.PENDING)
        .filter(step_scope_q(officer))
        .select_related("project", "partner__teacher", "partner__school", "school")
        .annotate(no_head_teacher=_no_head_teacher_flag())
        .order_by("created_at", "pk")
    )


def headed_school_ids(user: User) -> QuerySet:
    """Ids of the schools `user` currently heads (validated head-teacher rows), as a subquery."""
    return (
        Employment.objects.filter(
            teacher_id=user.pk, role=Employment.Role.HEAD_TEACHER, validation=Employment.Validation.VALIDATED
        )
        .filter(current_employment_q())
        .values("school_id")
    )


def head_teacher_steps(*, user: User) -> QuerySet[ApprovalStep]:
    """Waiting head-teacher steps of pending projects of the schools `user` currently heads, oldest first."""
    return (
        ApprovalStep.objects.filter(
            kind=ApprovalStep.Kind.HEAD_TEACHER,
            state=ApprovalStep.State.WAITING,
            project__status=Project.Status.PENDING,
            school_id__in=headed_school_ids(user),
        )
        .select_related("project", "partner__teacher", "partner__school", "school")
        .order_by("created_at", "pk")
    )


def head_teachers_of(school_id: int) -> QuerySet[User]:
    """Members who currently head the school (validated), active accounts only."""
    rows = Employment.objects.filter(
        school_id=school_id, role=Employment.Role.HEAD_TEACHER, validation=Employment.Validation.VALIDATED
    ).filter(current_employment_q())
    return User.objects.filter(pk__in=rows.values("teacher_id"), is_active=True).order_by("pk")


def officers_for_step(step: ApprovalStep) -> QuerySet[User]:
    """Staff of the support service a step waits for: the regional or national service of a
    regional or national step, the national service for a head-teacher step no head teacher
    can decide."""
    from twinning.accounts.models import SupportService

    if step.kind == ApprovalStep.Kind.REGIONAL:
        services = SupportService.objects.filter(kind=SupportService.Kind.REGIONAL, region=step.region)
    elif step.kind == ApprovalStep.Kind.NATIONAL or (
        step.kind == ApprovalStep.Kind.HEAD_TEACHER and has_no_head_teacher(step)
    ):
        services = SupportService.objects.filter(kind=SupportService.Kind.NATIONAL, country=step.country)
    else:
        return User.objects.none()
    return User.objects.filter(support_services__in=services, is_active=True).distinct().order_by("pk")


def active_founders(project: Project) -> list[User]:
    return [
        row.teacher
        for row in Partner.objects.filter(
            project=project, role=Partner.Role.FOUNDER, state=Partner.State.ACTIVE
        ).select_related("teacher")
    ]
