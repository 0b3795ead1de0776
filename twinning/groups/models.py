"""Groups: communities of teachers on a topic, requested by a teacher and approved by the central service.

A group is first a request (`Status.REQUESTED`); the central support service
approves it (the group gets its forum and document library and the requester
becomes its administrator) or rejects it with a reason. Open groups are joined
and left freely; closed groups only by invitation, and only their members see
their content. Discussions and documents are the shared engines.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import LANGUAGES, SUBJECTS
from twinning.discussions.models import Forum, Thread
from twinning.documents.models import Library


class Group(models.Model):
    """A group, from its request to its life as a community."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Open: anyone may join")
        CLOSED = "closed", _("Closed: by invitation only")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=5_000)
    aims = models.TextField(_("aims"), max_length=5_000)
    topic = models.CharField(_("topic"), max_length=40, choices=SUBJECTS)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    is_central = models.BooleanField(
        _("run by the central support service"),
        default=False,
        help_text=_("A moderated group on a subject, created by the central support service itself."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    proposed_moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("proposed moderators")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("why it was not approved"), max_length=2_000, blank=True)
    forum = models.OneToOneField(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("discussions")
    )
    library = models.OneToOneField(
        Library, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("documents")
    )
    member_count = models.PositiveIntegerField(_("members"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.CheckConstraint(
                name="approved_group_has_its_spaces",
                condition=~Q(status="approved") | Q(forum__isnull=False, library__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="group_queue_idx"),
            models.Index(fields=["status", "name"], name="group_directory_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A teacher's place in a group and what they may do there."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")
        ADMIN = "admin", _("Administrator")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("member")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]
        indexes = [models.Index(fields=["user", "group"], name="group_membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"


class Invitation(models.Model):
    """An invitation into a group (the only way into a closed one), from an administrator or moderator."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group"))
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_invitations",
        verbose_name=_("invited teacher"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "invitee"], condition=Q(state="pending"), name="one_pending_group_invitation"
            ),
        ]
        indexes = [models.Index(fields=["invitee", "state"], name="group_invitation_invitee_idx")]

    def __str__(self) -> str:
        return f"{self.invitee} to {self.group}"


class Activity(models.Model):
    """A task a moderator sets for the group over a period, with its own discussion thread."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="activities", verbose_name=_("group"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what to do"), max_length=10_000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    thread = models.OneToOneField(Thread, on_delete=models.PROTECT, related_name="+", verbose_name=_("discussion"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("run by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="activity_ends_after_start", condition=Q(ends_on__gte=models.F("starts_on"))),
        ]
        indexes = [models.Index(fields=["group", "-starts_on"], name="group_activity_idx")]

    def __str__(self) -> str:
        return self.title


class GroupLogEntry(models.Model):
    """The group's audit trail: who did what, when (requested, approved, joined, invited, removed...)."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("asked for the group")
        CREATED = "created", _("opened the group for the central support service")
        APPROVED = "approved", _("approved the group")
        REJECTED = "rejected", _("did not approve the group")
        JOINED = "joined", _("joined")
        LEFT = "left", _("left")
        INVITED = "invited", _("invited a teacher")
        ACCEPTED = "accepted", _("accepted an invitation")
        DECLINED = "declined", _("declined an invitation")
        WITHDRAWN = "withdrawn", _("withdrew an invitation")
        ROLE_CHANGED = "role_changed", _("changed a member's role")
        REMOVED = "removed", _("removed a member")
        ACTIVITY_CREATED = "activity_created", _("set an activity")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="log", verbose_name=_("group"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("group log entry")
        verbose_name_plural = _("group log")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["group", "created_at"], name="group_log_idx")]

    def __str__(self) -> str:
        return f"{self.action} — {self.group}"
