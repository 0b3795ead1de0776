"""The approval pipeline: sending a draft for approval, each step's decision, opening and stopping.

The model is pretix's order approval: one service per transition, each
locking the project row first and checking the current state inside the
transaction, so two decisions at the same moment run one after the other and
the second one sees the first (a project cannot open twice, nor a step be
decided twice).
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import SupportService, User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.notifications.services import notify
from twinning.progress.services import progress_record
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.projects.permissions import can_decide_step
from twinning.projects.selectors import (
    Refusal,
    active_founders,
    has_no_head_teacher,
    head_teachers_of,
    invitation_refusals,
    officers_for_step,
    teacher_home_employment,
)
from twinning.projects.services._common import link, lock_project, log, notify_founders, project_link
from twinning.schools.selectors import is_head_teacher_of

HEAD_TEACHER_LINK_SALT = "twinning.projects.head-teacher-step"


class InvitationRefused(DomainError):
    """An invitation the rules refuse; `refusals` say which conditions fail and who fixes each."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(" ".join(r.message for r in refusals), code="invitation_refused")
        self.refusals = refusals


def invitation_store(
    *, actor: User, project: Project, teacher: User, note: str, role: str, open_in: str, state_refusal: str
) -> Partner:
    """The invitee's row, from a co-founder's or a partner's invitation, once the (locked) project is in
    state `open_in` (else `state_refusal`) and the invitation rules allow it (InvitationRefused naming every
    failing condition); it records the invitee's current school, country and region."""
    if project.status != open_in:
        raise InvitationRefused([Refusal("project_state", state_refusal, _("Nobody"))])
    refusals = invitation_refusals(inviter=actor, project=project, teacher=teacher)
    if refusals:
        raise InvitationRefused(refusals)
    home = teacher_home_employment(teacher)
    invitee = Partner(
        project=project,
        teacher=teacher,
        school=home.school if home else None,
        country=home.school.country if home else "",
        region=home.school.region if home else "",
        role=role,
        state=Partner.State.INVITED,
        invited_by=actor,
        invitation_note=note,
    )
    invitee.full_clean(exclude=["project", "teacher", "school", "invited_by"])
    invitee.save()
    return invitee


# --- asking for decisions ---------------------------------------------------------------


def head_teacher_link_allowed(step: ApprovalStep) -> bool:
    """As for teacher validation: only to a verified school's address, never to the founder's own."""
    school = step.school
    if school is None:
        return False
    founder_email = step.partner.teacher.email.lower()
    return school.is_verified and school.head_teacher_email.strip().lower() != founder_email


def _enqueue_head_teacher_email(step: ApprovalStep, *, reminder: bool = False) -> None:
    if not head_teacher_link_allowed(step):
        return
    from twinning.projects.tasks import send_head_teacher_step_link

    step_id = step.pk
    transaction.on_commit(lambda: send_head_teacher_step_link.enqueue(step_id, reminder))


def deciders_of(step: ApprovalStep) -> list[User]:
    """Who is asked to decide a step in Twinning (the head teacher's email link comes on top).
    A head-teacher step no head teacher can decide goes to its country's National Support Service."""
    if step.kind == ApprovalStep.Kind.COFOUNDER:
        return [step.partner.teacher]
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER and not has_no_head_teacher(step):
        return list(head_teachers_of(step.school_id)) if step.school_id else []
    return list(officers_for_step(step))


def decision_url(step: ApprovalStep) -> str:
    """Where the people asked to decide a step do it: the project page for the co-founder, the
    head teacher's step page, or the support queue."""
    if step.kind == ApprovalStep.Kind.COFOUNDER:
        return project_link(step.project)
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER and not has_no_head_teacher(step):
        return link("projects:step", step.pk)
    return link("support:projects")


def _request(step: ApprovalStep, *, actor: User | None) -> None:
    """Tells whoever decides a new waiting step that it waits for them."""
    project = step.project
    if step.kind == ApprovalStep.Kind.COFOUNDER:
        return  # the co-founder's invitation notice is the request
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
        _enqueue_head_teacher_email(step)
    url = decision_url(step)
    for decider in deciders_of(step):
        notify(
            recipient=decider,
            kind="project_approval_requested",
            actor=actor,
            url=url,
            params={"project": project.title},
        )


def _create_steps_for_founder(project: Project, row: Partner, *, actor: User | None) -> list[ApprovalStep]:
    """A founder's head-teacher step (approved at once when the founder heads that school), regional
    step (only where a regional service exists for the school's region) and national step."""
    now = timezone.now()
    steps = []
    if row.school is not None:
        heads_it = is_head_teacher_of(row.teacher, row.school)
        steps.append(
            ApprovalStep(
                project=project,
                kind=ApprovalStep.Kind.HEAD_TEACHER,
                partner=row,
                school=row.school,
                country=row.country,
                region=row.region,
                state=ApprovalStep.State.APPROVED if heads_it else ApprovalStep.State.WAITING,
                decided_by=row.teacher if heads_it else None,
                decided_via=ApprovalStep.Via.AUTOMATIC if heads_it else "",
                decided_at=now if heads_it else None,
            )
        )
    if row.region and SupportService.objects.filter(kind=SupportService.Kind.REGIONAL, region=row.region).exists():
        steps.append(
            ApprovalStep(
                project=project,
                kind=ApprovalStep.Kind.REGIONAL,
                partner=row,
                school=row.school,
                country=row.country,
                region=row.region,
            )
        )
    steps.append(
        ApprovalStep(
            project=project,
            kind=ApprovalStep.Kind.NATIONAL,
            partner=row,
            school=row.school,
            country=row.country,
        )
    )
    created = []
    for step in steps:
        step.save()
        created.append(step)
        if step.state == ApprovalStep.State.APPROVED:
            log(project, row.teacher, "step_approved", _("%(step)s: automatically") % {"step": step.get_kind_display()})
    for step in created:
        if step.state == ApprovalStep.State.WAITING:
            _request(step, actor=actor)
    return created


@transaction.atomic
def cofounder_invite(*, actor: User, project: Project, teacher: User, note: str = "") -> Partner:
    """The founder of a draft invites a contact from another country as co-founder: the draft goes
    to approval (pending), with the co-founder's acceptance and the founder's own steps."""
    project = lock_project(project)
    cofounder = invitation_store(
        actor=actor,
        project=project,
        teacher=teacher,
        note=note,
        role=Partner.Role.FOUNDER,
        open_in=Project.Status.DRAFT,
        state_refusal=_("A co-founder is invited while the project is a draft."),
    )
    project.status = Project.Status.PENDING
    project.submitted_at = timezone.now()
    project.save(update_fields=["status", "submitted_at", "updated_at"])
    ApprovalStep.objects.create(
        project=project,
        kind=ApprovalStep.Kind.COFOUNDER,
        partner=cofounder,
        school=cofounder.school,
        country=cofounder.country,
        region=cofounder.region,
    )
    log(project, actor, "cofounder_invited", teacher.full_name)
    notify(
        recipient=teacher,
        kind="project_cofounder_invitation",
        actor=actor,
        url=project_link(project),
        params={"project": project.title},
    )
    founder_row = Partner.objects.select_related("teacher", "school").get(
        project=project, teacher=actor, role=Partner.Role.FOUNDER, state=Partner.State.ACTIVE
    )
    _create_steps_for_founder(project, founder_row, actor=actor)
    return cofounder


def create_cofounder_steps(project: Project, cofounder: Partner) -> None:
    """Called when the co-founder accepts: their own head-teacher, regional and national steps."""
    _create_steps_for_founder(project, cofounder, actor=cofounder.teacher)


# --- deciding ------------------------------------------------------------------------------


def _lock_waiting_step(step: ApprovalStep) -> tuple[Project, ApprovalStep]:
    """The project row locked, then the step re-read: both states checked after the lock."""
    project = lock_project(step.project)
    step = ApprovalStep.objects.select_related("partner__teacher", "school").get(pk=step.pk)
    step.project = project
    if project.status != Project.Status.PENDING:
        raise DomainError(_("This project is not waiting for approval any more."), code="project_state")
    if step.state != ApprovalStep.State.WAITING:
        raise DomainError(_("This step has already been decided."), code="already_decided")
    return project, step


def open_if_complete(project: Project, *, actor: User | None) -> bool:
    """Opens the (locked) project when every step is approved: TwinSpace, progress, notices."""
    if project.status != Project.Status.PENDING:
        return False
    if project.steps.exclude(state=ApprovalStep.State.APPROVED).exists():
        return False
    if project.partners.filter(role=Partner.Role.FOUNDER, state=Partner.State.INVITED).exists():
        return False
    from twinning.twinspace.services import twinspace_create

    founders = active_founders(project)
    twinspace = twinspace_create(title=project.title, administrators=founders)
    project.twinspace = twinspace
    project.status = Project.Status.OPEN
    project.opened_at = timezone.now()
    project.save(update_fields=["twinspace", "status", "opened_at", "updated_at"])
    url = link("twinspace:home", twinspace.pk)
    for founder in founders:
        progress_record(user=founder, kind="project_joined", key=str(project.pk))
        notify(recipient=founder, kind="project_opened", actor=None, url=url, params={"project": project.title})
    log(project, actor, "opened")
    return True


def stop(project: Project, *, actor: User | None, reason: str) -> None:
    """A refusal ends the pipeline: the project is stopped with the reason, the founders are told.

    Invitations still waiting are closed (withdrawn, the invitee's notice read):
    nobody can join a stopped project. Steps still waiting keep their row as it
    is; the pipeline shows them as not needed any more (the project's status says
    so), and no queue, link or reminder offers them again.
    """
    from twinning.notifications.services import notifications_mark_read_about

    project.status = Project.Status.STOPPED
    project.stopped_reason = reason[:2000]
    project.save(update_fields=["status", "stopped_reason", "updated_at"])
    waiting = list(Partner.objects.filter(project=project, state=Partner.State.INVITED).select_related("teacher"))
    if waiting:
        Partner.objects.filter(pk__in=[row.pk for row in waiting]).update(
            state=Partner.State.WITHDRAWN, ended_at=timezone.now()
        )
        url = project_link(project)
        for row in waiting:
            kind = "project_cofounder_invitation" if row.is_founder else "project_partner_invitation"
            notifications_mark_read_about(recipient=row.teacher, kind=kind, url=url)
            log(project, actor, "invitation_closed", row.teacher.full_name)
    log(project, actor, "stopped", reason)
    notify_founders(project, "project_stopped", actor=actor, params={"reason": reason})


def _decide(
    project: Project, step: ApprovalStep, *, approve: bool, actor: User | None, via: str, comment: str
) -> ApprovalStep:
    step.state = ApprovalStep.State.APPROVED if approve else ApprovalStep.State.REJECTED
    step.decided_by = actor
    step.decided_via = via
    step.decided_at = timezone.now()
    step.comment = comment
    step.full_clean(exclude=["project", "partner", "school", "decided_by"])
    step.save(update_fields=["state", "decided_by", "decided_via", "decided_at", "comment"])
    label = str(step.get_kind_display())
    founder = step.partner.teacher.full_name
    if approve:
        log(project, actor, "step_approved", f"{label} ({founder})")
        notify_founders(project, "project_step_approved", actor=actor, params={"step": label})
        open_if_complete(project, actor=actor)
    else:
        log(project, actor, "step_rejected", f"{label} ({founder}): {comment}")
        stop(project, actor=actor, reason=_("%(step)s rejected: %(reason)s") % {"step": label, "reason": comment})
    return step


def _check_decider(actor: User, step: ApprovalStep) -> None:
    if step.kind == ApprovalStep.Kind.COFOUNDER:
        raise DomainError(_("The co-founder answers by accepting or declining the invitation."), code="cofounder")
    if not can_decide_step(actor, step):
        raise PermissionRefused()


@transaction.atomic
def step_approve(*, actor: User, step: ApprovalStep, comment: str = "") -> ApprovalStep:
    """The head teacher (a member heading the step's school) or the support service of the step's
    scope approves; the last approval opens the project."""
    _check_decider(actor, step)
    project, step = _lock_waiting_step(step)
    return _decide(project, step, approve=True, actor=actor, via=ApprovalStep.Via.APP, comment=comment.strip())


@transaction.atomic
def step_reject(*, actor: User, step: ApprovalStep, reason: str) -> ApprovalStep:
    """A refusal, with a reason the founders read, stops the project."""
    _check_decider(actor, step)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason for the founders."), field="reason", code="reason_required")
    project, step = _lock_waiting_step(step)
    return _decide(project, step, approve=False, actor=actor, via=ApprovalStep.Via.APP, comment=reason)


# --- the head teacher's emailed link -----------------------------------------------------


def _address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def head_teacher_link_token(step: ApprovalStep) -> str:
    """Signed: the step and the address the link went to, so a changed address voids old links."""
    assert step.school is not None
    return signing.dumps(
        {"s": step.pk, "a": _address_digest(step.school.head_teacher_email)}, salt=HEAD_TEACHER_LINK_SALT
    )


def step_for_head_teacher_token(*, token: str) -> ApprovalStep:
    """The waiting head-teacher step a link is about; DomainError when bad, expired or already decided."""
    try:
        payload = signing.loads(
            token, salt=HEAD_TEACHER_LINK_SALT, max_age=settings.PROJECTS_HEAD_TEACHER_LINK_DAYS * 86400
        )
    except signing.SignatureExpired as exc:
        raise DomainError(_("This link has expired."), code="expired") from exc
    except signing.BadSignature as exc:
        raise DomainError(_("This link is not valid."), code="invalid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise DomainError(_("This link is not valid."), code="invalid")
    step = (
        ApprovalStep.objects.select_related("project", "school", "partner__teacher", "partner__school")
        .filter(pk=payload["s"], kind=ApprovalStep.Kind.HEAD_TEACHER)
        .first()
    )
    if step is None or step.school is None or payload.get("a") != _address_digest(step.school.head_teacher_email):
        raise DomainError(_("This link is not valid."), code="invalid")
    if step.state != ApprovalStep.State.WAITING or step.project.status != Project.Status.PENDING:
        raise DomainError(_("This link has already been used, or the project was settled another way."), code="used")
    return step


@transaction.atomic
def step_decide_by_head_teacher_link(*, token: str, approve: bool, comment: str = "") -> ApprovalStep:
    """The head teacher answers through the emailed link, without an account; a refusal needs a reason."""
    step = step_for_head_teacher_token(token=token)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise DomainError(_("Write the reason for the founders."), field="comment", code="reason_required")
    try:
        project, step = _lock_waiting_step(step)
    except DomainError as exc:
        raise DomainError(
            _("This link has already been used, or the project was settled another way."), code="used"
        ) from exc
    return _decide(project, step, approve=approve, actor=None, via=ApprovalStep.Via.EMAIL_LINK, comment=comment)


def step_send_head_teacher_link(*, step_id: int, reminder: bool = False) -> bool:
    """Emails the head teacher the one-click link while the step still waits (called by a task).

    At most once per request: the first link once, and each reminder once. The
    step is claimed by a conditional UPDATE of `link_sent_at` before sending
    (not yet sent; for a reminder, not sent since the reminder was decided), so
    a retried or doubled task sends nothing; a failed send releases the claim
    so a retry can send it.
    """
    from twinning.projects import emails

    step = (
        ApprovalStep.objects.select_related("project", "school", "partner__teacher", "partner__school")
        .filter(pk=step_id, kind=ApprovalStep.Kind.HEAD_TEACHER, state=ApprovalStep.State.WAITING)
        .first()
    )
    if step is None or step.project.status != Project.Status.PENDING or not head_teacher_link_allowed(step):
        return False
    unsent = Q(link_sent_at__isnull=True)
    if reminder and step.reminded_at is not None:
        unsent |= Q(link_sent_at__lt=step.reminded_at)
    now = timezone.now()
    if reminder and step.reminded_at is not None and step.reminded_at > now:
        now = step.reminded_at  # a reminder dated ahead (tests move the clock): still "sent since it"
    previous = step.link_sent_at
    claimed = (
        ApprovalStep.objects.filter(pk=step_id, state=ApprovalStep.State.WAITING)
        .filter(unsent)
        .update(link_sent_at=now)
    )
    if not claimed:
        return False
    try:
        emails.send_head_teacher_step_link(step=step, token=head_teacher_link_token(step), reminder=reminder)
    except Exception:
        ApprovalStep.objects.filter(pk=step_id, link_sent_at=now).update(link_sent_at=previous)
        raise
    return True


def request_again(step: ApprovalStep) -> None:
    """Reminders: the head teacher's email goes out again."""
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
        _enqueue_head_teacher_email(step, reminder=True)
