"""The TwinSpace: the private workspace of an approved project, its members, pupils and content.

A TwinSpace does not know the project it serves: `projects` (the app above)
creates it when a project opens and keeps its membership in step with the
project's partners. Everything else here (pages, pupils, updates, roles) is
the TwinSpace's own. Its forum, teachers' board and materials are the shared
`discussions` and `documents` engines.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.discussions.models import Forum
from twinning.documents.models import Library


class TwinSpace(models.Model):
    """A project's private workspace. Closed (read-only) when its project ends."""

    title = models.CharField(_("title"), max_length=200)
    forum = models.OneToOneField(Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("forum"))
    teachers_board = models.OneToOneField(
        Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("teachers' board")
    )
    materials = models.OneToOneField(Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("materials"))
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("A closed TwinSpace can be read by its members but not changed.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("TwinSpace")
        verbose_name_plural = _("TwinSpaces")

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    """What a member may do in a TwinSpace (DESIGN.md §4)."""

    TEACHER_ADMIN = "teacher_admin", _("Teacher administrator")
    TEACHER = "teacher", _("Teacher member")
    VISITOR = "visitor", _("Visitor")
    PUPIL_ADMIN = "pupil_admin", _("Pupil administrator")
    PUPIL = "pupil", _("Pupil")


TEACHER_ROLES = (Role.TEACHER_ADMIN, Role.TEACHER, Role.VISITOR)
PUPIL_ROLES = (Role.PUPIL_ADMIN, Role.PUPIL)


class Membership(models.Model):
    """One person's role in one TwinSpace. Pupils may only hold pupil roles, teachers only teacher roles."""

    twinspace = models.ForeignKey(
        TwinSpace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("TwinSpace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="twinspace_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("TwinSpace member")
        verbose_name_plural = _("TwinSpace members")
        constraints = [
            models.UniqueConstraint(fields=["twinspace", "user"], name="one_membership_per_twinspace"),
        ]
        indexes = [models.Index(fields=["user", "twinspace"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.twinspace} ({self.role})"

    @property
    def is_pupil(self) -> bool:
        return self.role in PUPIL_ROLES


class Pupil(models.Model):
    """A pupil account: a nickname shown to the TwinSpace and a login name, nothing else about the child.

    The account (`user`, with `is_pupil` set) is made by a teacher
    administrator of `twinspace`; its password is generated and can be reset
    by the teachers there. `login` is unique across Twinning.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pupil", verbose_name=_("account")
    )
    twinspace = models.ForeignKey(
        TwinSpace, on_delete=models.CASCADE, related_name="pupils", verbose_name=_("made in TwinSpace")
    )
    nickname = models.CharField(_("nickname"), max_length=40)
    login = models.CharField(_("login name"), max_length=60, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [
            models.UniqueConstraint(fields=["twinspace", "nickname"], name="pupil_nickname_unique_in_twinspace"),
        ]

    def __str__(self) -> str:
        return self.nickname


class Update(models.Model):
    """A post on the TwinSpace Home or on the pupils' wall, with comments; teacher administrators pin them."""

    class Board(models.TextChoices):
        HOME = "home", _("Home")
        PUPILS_WALL = "pupils_wall", _("Pupils' wall")

    twinspace = models.ForeignKey(
        TwinSpace, on_delete=models.CASCADE, related_name="updates", verbose_name=_("TwinSpace")
    )
    board = models.CharField(_("board"), max_length=20, choices=Board.choices, default=Board.HOME)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"), max_length=5_000)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [
            models.Index(fields=["twinspace", "board", "-is_pinned", "-created_at"], name="update_board_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Comment(models.Model):
    """A comment under an update."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="comments", verbose_name=_("update"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=2_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["update", "created_at"], name="comment_update_idx")]

    def __str__(self) -> str:
        return self.body[:60]


class Page(models.Model):
    """A page of the TwinSpace: ordered, rich text (sanitised when saved), draft or published.

    Only a teacher administrator makes a page public (readable by anyone);
    a page whose text shows images can be published only with
    `parental_consent` ticked (the teachers hold the parents' consent).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    twinspace = models.ForeignKey(
        TwinSpace, on_delete=models.CASCADE, related_name="pages", verbose_name=_("TwinSpace")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, max_length=100_000)
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("public"), default=False)
    parental_consent = models.BooleanField(
        _("parental consent on file"),
        default=False,
        help_text=_("Tick when the parents of every pupil shown on this page have agreed to it being published."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["twinspace", "position"], name="page_order_idx")]
        constraints = [
            models.CheckConstraint(
                name="public_page_is_published", condition=Q(is_public=False) | Q(status="published")
            ),
        ]

    def __str__(self) -> str:
        return self.title
