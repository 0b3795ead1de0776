"""Who may act on a contact invitation: a yes/no check and the queryset filter that agree.

The recipient answers (accepts or declines) an invitation; the sender may
withdraw it. Anyone else gets a 404 for it, as if it did not exist. Whether the
invitation is still waiting for an answer is a state the services check, so a
second click is told so instead of being shown a missing page.
"""

from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.network.models import ContactInvitation


def can_answer_invitation(user: User, invitation: ContactInvitation) -> bool:
    return bool(user.is_authenticated and invitation.recipient_id == user.pk)


def invitations_answerable_by(user: User) -> QuerySet[ContactInvitation]:
    """Agrees with `can_answer_invitation`."""
    return ContactInvitation.objects.filter(recipient_id=user.pk)


def can_withdraw_invitation(user: User, invitation: ContactInvitation) -> bool:
    return bool(user.is_authenticated and invitation.sender_id == user.pk)


def invitations_withdrawable_by(user: User) -> QuerySet[ContactInvitation]:
    """Agrees with `can_withdraw_invitation`."""
    return ContactInvitation.objects.filter(sender_id=user.pk)
