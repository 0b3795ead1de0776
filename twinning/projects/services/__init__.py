"""Every state change of a project, one function per transition (see the modules for the rules)."""

from twinning.projects.services.founding import (
    project_close,
    project_delete_draft,
    project_found,
    project_image_add,
    project_image_remove,
    project_image_set,
    project_update,
)
from twinning.projects.services.partners import (
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    partner_invite,
    partner_leave,
    partner_remove,
)
from twinning.projects.services.pipeline import (
    InvitationRefused,
    cofounder_invite,
    head_teacher_link_token,
    step_approve,
    step_decide_by_head_teacher_link,
    step_for_head_teacher_token,
    step_reject,
    step_send_head_teacher_link,
)
from twinning.projects.services.reminders import steps_send_reminders

__all__ = [
    "InvitationRefused",
    "cofounder_invite",
    "head_teacher_link_token",
    "invitation_accept",
    "invitation_decline",
    "invitation_withdraw",
    "partner_invite",
    "partner_leave",
    "partner_remove",
    "project_close",
    "project_delete_draft",
    "project_found",
    "project_image_add",
    "project_image_remove",
    "project_image_set",
    "project_update",
    "step_approve",
    "step_decide_by_head_teacher_link",
    "step_for_head_teacher_token",
    "step_reject",
    "step_send_head_teacher_link",
    "steps_send_reminders",
]
