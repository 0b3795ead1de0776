"""Invitations (co-founder and later partners), their answers, removing a partner, leaving."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.notifications.services import notifications_mark_read_about, notify
from twinning.progress.services import progress_record
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.projects.permissions import can_manage_project
from twinning.projects.services._common import (
    link,
    lock_project,
    log,
    notify_founders,
    project_link,
    refresh_countries,
)
from twinning.projects.services.pipeline import (
    create_cofounder_steps,
    invitation_store,
    open_if_complete,
    stop,
)

ANSWERED = gettext_lazy("This invitation has already been answered or withdrawn.")


def _invitation_kind(partner: Partner) -> str:
    return "project_cofounder_invitation" if partner.is_founder else "project_partner_invitation"


def _lock_invitation(partner: Partner) -> tuple[Project, Partner]:
    project = lock_project(partner.project)
    partner = Partner.objects.select_related("teacher", "invited_by", "school").get(pk=partner.pk)
    partner.project = project
    if partner.state != Partner.State.INVITED:
        raise DomainError(str(ANSWERED), code="already_answered")
    return project, partner


def _settle_notice(partner: Partner, project: Project) -> None:
    notifications_mark_read_about(recipient=partner.teacher, kind=_invitation_kind(partner), url=project_link(project))


def _twinspace_member_remove(project: Project, user: User) -> None:
    if project.twinspace is not None:
        from twinning.twinspace.services import twinspace_member_remove

        twinspace_member_remove(twinspace=project.twinspace, user=user)


@transaction.atomic
def partner_invite(*, actor: User, project: Project, teacher: User, note: str = "") -> Partner:
    """A founder or a TwinSpace teacher administrator of an open project invites a contact
    (same rules and explanations as for the co-founder, no approval steps)."""
    project = lock_project(project)
    partner = invitation_store(
        actor=actor,
        project=project,
        teacher=teacher,
        note=note,
        role=Partner.Role.PARTNER,
        open_in=Project.Status.OPEN,
        state_refusal=_("More partners can be invited once the project is open."),
    )
    log(project, actor, "partner_invited", teacher.full_name)
    notify(
        recipient=teacher,
        kind="project_partner_invitation",
        actor=actor,
        url=project_link(project),
        params={"project": project.title},
    )
    return partner


@transaction.atomic
def invitation_accept(*, actor: User, partner: Partner) -> Partner:
    """The invitee accepts. A co-founder's acceptance approves their step and asks for their own
    head-teacher, regional and national approvals; a partner joins the open project and its TwinSpace."""
    project, partner = _lock_invitation(partner)
    if actor.pk != partner.teacher_id:
        raise PermissionRefused()
    expected = Project.Status.PENDING if partner.is_founder else Project.Status.OPEN
    if project.status != expected:
        raise DomainError(_("This project does not take new members now."), code="project_state")
    now = timezone.now()
    partner.state = Partner.State.ACTIVE
    partner.joined_at = now
    partner.save(update_fields=["state", "joined_at"])
    refresh_countries(project)
    _settle_notice(partner, project)
    inviter = partner.invited_by
    if inviter is not None:
        notify(
            recipient=inviter,
            kind="project_invitation_accepted",
            actor=actor,
            url=project_link(project),
            params={"project": project.title},
        )
    if partner.is_founder:
        ApprovalStep.objects.filter(
            project=project, partner=partner, kind=ApprovalStep.Kind.COFOUNDER, state=ApprovalStep.State.WAITING
        ).update(state=ApprovalStep.State.APPROVED, decided_by=actor, decided_via=ApprovalStep.Via.APP, decided_at=now)
        log(project, actor, "cofounder_accepted")
        create_cofounder_steps(project, partner)
        open_if_complete(project, actor=actor)
    else:
        from twinning.twinspace.models import Role
        from twinning.twinspace.services import twinspace_member_add

        assert project.twinspace is not None
        twinspace_member_add(twinspace=project.twinspace, user=actor, role=Role.TEACHER)
        progress_record(user=actor, kind="project_joined", key=str(project.pk))
        log(project, actor, "partner_joined")
        for founder in Partner.objects.filter(
            project=project, role=Partner.Role.FOUNDER, state=Partner.State.ACTIVE
        ).select_related("teacher"):
            if inviter is None or founder.teacher_id != inviter.pk:
                notify(
                    recipient=founder.teacher,
                    kind="project_partner_joined",
                    actor=actor,
                    url=project_link(project),
                    params={"project": project.title},
                )
    return partner


@transaction.atomic
def invitation_decline(*, actor: User, partner: Partner, reason: str = "") -> Partner:
    """The invitee declines. A co-founder's decline stops the project with the reason; a partner's
    invitation just ends, and the inviter is told."""
    project, partner = _lock_invitation(partner)
    if actor.pk != partner.teacher_id:
        raise PermissionRefused()
    reason = (reason or "").strip()
    now = timezone.now()
    partner.state = Partner.State.DECLINED
    partner.ended_at = now
    partner.save(update_fields=["state", "ended_at"])
    _settle_notice(partner, project)
    log(project, actor, "invitation_declined", reason)
    if partner.invited_by is not None:
        notify(
            recipient=partner.invited_by,
            kind="project_invitation_declined",
            actor=actor,
            url=project_link(project),
            params={"project": project.title},
        )
    if partner.is_founder and project.status == Project.Status.PENDING:
        ApprovalStep.objects.filter(
            project=project, partner=partner, kind=ApprovalStep.Kind.COFOUNDER, state=ApprovalStep.State.WAITING
        ).update(
            state=ApprovalStep.State.REJECTED,
            decided_by=actor,
            decided_via=ApprovalStep.Via.APP,
            decided_at=now,
            comment=reason,
        )
        if reason:
            text = _("%(name)s declined the invitation: %(reason)s") % {"name": actor.full_name, "reason": reason}
        else:
            text = _("%(name)s declined the invitation.") % {"name": actor.full_name}
        stop(project, actor=actor, reason=text)
    return partner


@transaction.atomic
def invitation_withdraw(*, actor: User, partner: Partner) -> Partner:
    """The inviter takes an unanswered invitation back. Withdrawing the co-founder's invitation
    returns the project to a draft: the pipeline made for that pair is cleared (the log keeps it)."""
    project, partner = _lock_invitation(partner)
    if partner.invited_by_id != actor.pk:
        raise PermissionRefused()
    partner.state = Partner.State.WITHDRAWN
    partner.ended_at = timezone.now()
    partner.save(update_fields=["state", "ended_at"])
    _settle_notice(partner, project)
    log(project, actor, "invitation_withdrawn", partner.teacher.full_name)
    if partner.is_founder and project.status == Project.Status.PENDING:
        project.steps.all().delete()
        project.status = Project.Status.DRAFT
        project.submitted_at = None
        project.save(update_fields=["status", "submitted_at", "updated_at"])
    return partner


@transaction.atomic
def partner_remove(*, actor: User, partner: Partner) -> Partner:
    """Founders and TwinSpace teacher administrators remove a partner (never a founder) from an open
    project; the partner leaves the TwinSpace and is told."""
    project = lock_project(partner.project)
    partner = Partner.objects.select_related("teacher").get(pk=partner.pk)
    if not can_manage_project(actor, project):
        raise PermissionRefused()
    if partner.is_founder:
        raise DomainError(_("A founder cannot be removed from the project."), code="founder")
    if partner.state != Partner.State.ACTIVE:
        raise DomainError(_("This teacher is not taking part in the project."), code="not_active")
    if project.status != Project.Status.OPEN:
        raise DomainError(_("Partners can be removed only while the project is open."), code="project_state")
    partner.state = Partner.State.REMOVED
    partner.ended_at = timezone.now()
    partner.save(update_fields=["state", "ended_at"])
    _twinspace_member_remove(project, partner.teacher)
    refresh_countries(project)
    log(project, actor, "partner_removed", partner.teacher.full_name)
    # They are no longer a member: the project page may be closed to them, their Projects tab is not.
    notify(
        recipient=partner.teacher,
        kind="project_partner_removed",
        actor=actor,
        url=link("projects:index"),
        params={"project": project.title},
    )
    return partner


@transaction.atomic
def partner_leave(*, actor: User, project: Project) -> Partner:
    """A partner leaves an open project; a founder cannot (they end the project instead)."""
    project = lock_project(project)
    partner = (
        Partner.objects.select_related("teacher")
        .filter(project=project, teacher_id=actor.pk, state=Partner.State.ACTIVE)
        .first()
    )
    if partner is None:
        raise PermissionRefused()
    if partner.is_founder:
        raise DomainError(
            _("A founder cannot leave the project: end the project instead when the work is over."), code="founder"
        )
    if project.status != Project.Status.OPEN:
        raise DomainError(_("You can leave only an open project."), code="project_state")
    partner.state = Partner.State.LEFT
    partner.ended_at = timezone.now()
    partner.save(update_fields=["state", "ended_at"])
    _twinspace_member_remove(project, actor)
    refresh_countries(project)
    log(project, actor, "partner_left")
    notify_founders(project, "project_partner_left", actor=actor, params={})
    return partner
