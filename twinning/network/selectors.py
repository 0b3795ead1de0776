"""Reads about relations between teachers."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When

from twinning.accounts.models import User
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employment_q


def are_contacts(a: User, b: User) -> bool:
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return False
    low, high = sorted((a.pk, b.pk))
    return Contact.objects.filter(user_low_id=low, user_high_id=high).exists()


def followers_of(*, user: User, among: QuerySet | None = None) -> QuerySet[Follow]:
    """Who follows `user`, newest first, with each follower and their profile in the same query.

    `among`, a queryset of user ids, keeps only those followers (the caller
    passes the ids of the profiles the viewer may see).
    """
    qs = Follow.objects.filter(followed=user).select_related("follower__profile")
    if among is not None:
        qs = qs.filter(follower_id__in=among)
    return qs.order_by("-created_at", "-pk")


def following_of(*, user: User, among: QuerySet | None = None) -> QuerySet[Follow]:
    """Whom `user` follows, newest first, with each followed teacher and their profile; `among` as above."""
    qs = Follow.objects.filter(follower=user).select_related("followed__profile")
    if among is not None:
        qs = qs.filter(followed_id__in=among)
    return qs.order_by("-created_at", "-pk")


def is_following(*, follower: User, followed: User) -> bool:
    if not (follower.is_authenticated and followed.pk) or follower.pk == followed.pk:
        return False
    return Follow.objects.filter(follower_id=follower.pk, followed_id=followed.pk).exists()


def follow_counts(*, user: User) -> tuple[int, int]:
    """(how many follow `user`, how many `user` follows), in one query."""
    counts = Follow.objects.filter(Q(followed=user) | Q(follower=user)).aggregate(
        followers=Count("pk", filter=Q(followed=user)), following=Count("pk", filter=Q(follower=user))
    )
    return counts["followers"], counts["following"]


def is_blocked_between(a: User, b: User) -> bool:
    """Whether either of the two has blocked the other (blocking stops messages, invitations, follows both ways)."""
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return False
    return Block.objects.filter(Q(blocker_id=a.pk, blocked_id=b.pk) | Q(blocker_id=b.pk, blocked_id=a.pk)).exists()


def has_blocked(*, blocker: User, blocked: User) -> bool:
    """Whether `blocker` has blocked `blocked` (one direction only)."""
    if not (blocker.is_authenticated and blocked.pk):
        return False
    return Block.objects.filter(blocker_id=blocker.pk, blocked_id=blocked.pk).exists()


def blocked_either_way_ids(user: User) -> QuerySet:
    """Ids of the users `user` blocked or was blocked by, as a subquery (for `__in` filters)."""
    return (
        Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk))
        .annotate(other=Case(When(blocker_id=user.pk, then=F("blocked_id")), default=F("blocker_id")))
        .values("other")
    )


def blockers_of_ids(user: User) -> QuerySet:
    """Ids of the users who blocked `user`, as a subquery."""
    return Block.objects.filter(blocked_id=user.pk).values("blocker_id")


# Contacts


def contact_ids(user: User) -> QuerySet:
    """Ids of `user`'s contacts, as a subquery (for `__in` filters: the feed, messaging, project invitations)."""
    return (
        Contact.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk))
        .annotate(other=Case(When(user_low_id=user.pk, then=F("user_high_id")), default=F("user_low_id")))
        .values("other")
    )


def contact_count(user: User) -> int:
    """How many contacts `user` has (one query over the two pair indexes)."""
    return Contact.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk)).count()


def _current_schools(prefix: str = "") -> Prefetch:
    """Each teacher's current school rows, newest first, with their schools: one query for a whole page.

    The rows land on `<teacher>.current_employments` (a list).
    """
    rows = Employment.objects.filter(current_employment_q()).select_related("school").order_by("-start_date", "-pk")
    return Prefetch(f"{prefix}employments", queryset=rows, to_attr="current_employments")


def contacts_of(*, user: User) -> QuerySet[User]:
    """`user`'s contacts by name, each with their profile and current schools, in a fixed number of queries."""
    return (
        User.objects.filter(pk__in=contact_ids(user))
        .select_related("profile")
        .prefetch_related(_current_schools())
        .order_by("last_name", "first_name", "pk")
    )


def invitations_received(*, user: User) -> QuerySet[ContactInvitation]:
    """Invitations waiting for `user`'s answer, newest first, with each sender's profile and current schools."""
    return (
        ContactInvitation.objects.filter(recipient_id=user.pk, status=ContactInvitation.Status.PENDING)
        .select_related("sender__profile")
        .prefetch_related(_current_schools("sender__"))
        .order_by("-created_at", "-pk")
    )


def invitations_sent(*, user: User) -> QuerySet[ContactInvitation]:
    """Invitations `user` sent that wait for an answer, newest first, with each recipient's profile and schools."""
    return (
        ContactInvitation.objects.filter(sender_id=user.pk, status=ContactInvitation.Status.PENDING)
        .select_related("recipient__profile")
        .prefetch_related(_current_schools("recipient__"))
        .order_by("-created_at", "-pk")
    )


def invitations_received_count(*, user: User) -> int:
    return ContactInvitation.objects.filter(recipient_id=user.pk, status=ContactInvitation.Status.PENDING).count()


def pending_invitation_between(a: User, b: User) -> ContactInvitation | None:
    """The invitation waiting for an answer between `a` and `b`, whoever sent it (there is at most one)."""
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return None
    return (
        ContactInvitation.objects.filter(
            Q(sender_id=a.pk, recipient_id=b.pk) | Q(sender_id=b.pk, recipient_id=a.pk),
            status=ContactInvitation.Status.PENDING,
        )
        .order_by()
        .first()
    )


def blocked_by(*, user: User) -> QuerySet[Block]:
    """The people `user` blocked, newest first, with each one's profile."""
    return Block.objects.filter(blocker_id=user.pk).select_related("blocked__profile").order_by("-created_at", "-pk")


# The relation shown on a profile


@dataclass(frozen=True)
class Relation:
    """How a signed-in viewer stands towards a profile's owner: decides the buttons on the profile."""

    is_contact: bool = False
    invitation: ContactInvitation | None = None
    invitation_sent: bool = False
    invitation_received: bool = False
    i_blocked: bool = False
    blocked_me: bool = False
    owner_is_active: bool = True

    @property
    def can_invite(self) -> bool:
        """Whether to offer "Invite as contact" (`contact_invite` also refuses an inactive account)."""
        return self.owner_is_active and not (self.is_contact or self.invitation or self.i_blocked or self.blocked_me)


def relation_between(*, viewer: User, owner: User) -> Relation:
    """The viewer's relation to `owner`, in at most three small queries (blocks, contact, invitation).

    Nothing else is read once a block is found: a block ends contacts and
    invitations, so the profile then offers only Unblock (or nothing to invite).
    """
    if not viewer.is_authenticated or viewer.pk == owner.pk:
        return Relation()
    blockers = set(
        Block.objects.filter(
            Q(blocker_id=viewer.pk, blocked_id=owner.pk) | Q(blocker_id=owner.pk, blocked_id=viewer.pk)
        ).values_list("blocker_id", flat=True)
    )
    active = owner.is_active
    if blockers:
        return Relation(i_blocked=viewer.pk in blockers, blocked_me=owner.pk in blockers, owner_is_active=active)
    if are_contacts(viewer, owner):
        return Relation(is_contact=True, owner_is_active=active)
    invitation = pending_invitation_between(viewer, owner)
    return Relation(
        invitation=invitation,
        invitation_sent=invitation is not None and invitation.sender_id == viewer.pk,
        invitation_received=invitation is not None and invitation.recipient_id == viewer.pk,
        owner_is_active=active,
    )


def has_reached_out(*, sender: User, to: User) -> bool:
    """Whether `sender` follows `to` or ever invited them: `to` may then block `sender` without seeing their profile."""
    if sender.pk == to.pk:
        return False
    follows = Follow.objects.filter(follower_id=sender.pk, followed_id=to.pk)
    invited = ContactInvitation.objects.filter(sender_id=sender.pk, recipient_id=to.pk)
    return follows.exists() or invited.exists()
