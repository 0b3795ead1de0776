"""Projects, their partners, the approval pipeline, kits and the project log.

A project is founded by one teacher with a co-founder from another country,
goes through an approval pipeline (one `ApprovalStep` row per decision still
to take or taken), opens with a TwinSpace when every step is approved, and is
closed by a founder when the work is over. Every state change goes through
`services.py`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.core.fields import CodeListField
from twinning.core.vocabularies import AGE_BANDS, ALL_REGIONS, COUNTRIES, LANGUAGES, SUBJECTS
from twinning.schools.models import School


def project_image_path(instance: models.Model, filename: str) -> str:
    return f"projects/{uuid.uuid4().hex}{filename[filename.rfind('.') :] if '.' in filename else ''}"


class Kit(models.Model):
    """A ready-made project plan published by the central support service; founders start from it."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    aims = models.TextField(_("aims"), max_length=5_000, blank=True)
    activities = models.TextField(_("activities"), max_length=10_000)
    expected_results = models.TextField(_("expected results"), max_length=5_000, blank=True)
    subjects = CodeListField(_("subjects"), vocabulary=SUBJECTS)
    age_bands = CodeListField(_("pupils' ages"), vocabulary=AGE_BANDS)
    languages = CodeListField(_("languages"), vocabulary=LANGUAGES)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project kit")
        verbose_name_plural = _("project kits")
        indexes = [models.Index(fields=["is_published", "title"], name="kit_published_idx")]

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """A school project of two founders (and later partners) from different countries.

    `countries` is the list of the active partners' countries, kept by the
    services for the project search and the public part.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        STOPPED = "stopped", _("Not approved")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=500, help_text=_("Two or three sentences; shown in search results.")
    )
    description = models.TextField(_("description"), max_length=10_000)
    aims = models.TextField(_("aims"), max_length=5_000)
    work_process = models.TextField(_("work process"), max_length=5_000)
    expected_results = models.TextField(_("expected results"), max_length=5_000)
    subjects = CodeListField(_("subjects"), vocabulary=SUBJECTS)
    age_bands = CodeListField(_("pupils' ages"), vocabulary=AGE_BANDS)
    languages = CodeListField(_("languages"), vocabulary=LANGUAGES)
    countries = CodeListField(_("countries"), vocabulary=COUNTRIES)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    open_to_plus = models.BooleanField(
        _("open to eTwinning Plus partners"),
        default=False,
        help_text=_("Teachers from eTwinning Plus countries can be invited only when this is ticked."),
    )
    is_public = models.BooleanField(
        _("show this project to everyone"),
        default=False,
        help_text=_("Title, summary, image, countries and partner schools can be seen and searched by anyone."),
    )
    image = models.ImageField(_("image"), upload_to=project_image_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=project_image_path, blank=True)
    kit = models.ForeignKey(
        Kit, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("kit")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    stopped_reason = models.TextField(_("why it was stopped"), max_length=2_000, blank=True)
    founded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("founded by")
    )
    twinspace = models.OneToOneField(
        "twinspace.TwinSpace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("TwinSpace"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("sent for approval"), null=True, blank=True)
    opened_at = models.DateTimeField(_("approved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                name="project_ends_after_start", condition=Q(planned_end__gte=models.F("planned_start"))
            ),
            models.CheckConstraint(
                name="open_project_has_twinspace",
                condition=~Q(status__in=["open", "closed"]) | Q(twinspace__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "status", "-opened_at"], name="project_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """A teacher's place in a project, from invitation to leaving, with the school they take part for.

    The founder and the co-founder are the two `founder` rows; later partners
    are `partner` rows. One live row (invited or active) per teacher and
    project; earlier rows (declined, left, removed) stay as history.
    """

    class Role(models.TextChoices):
        FOUNDER = "founder", _("Founder")
        PARTNER = "partner", _("Partner")

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Taking part")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Invitation withdrawn")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project"))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_partners",
        verbose_name=_("teacher"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=ALL_REGIONS, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitation_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "teacher"],
                condition=Q(state__in=["invited", "active"]),
                name="one_live_partner_row",
            ),
        ]
        indexes = [
            models.Index(fields=["teacher", "state"], name="partner_teacher_idx"),
            models.Index(fields=["project", "state"], name="partner_project_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} in {self.project} ({self.state})"

    @property
    def is_founder(self) -> bool:
        return self.role == self.Role.FOUNDER


class ApprovalStep(models.Model):
    """One decision the project waits for, or took: the pipeline is the project's rows.

    `partner` is the founder whose step it is (the co-founder for the
    acceptance). Head-teacher steps name the founder's `school`; regional and
    national steps carry the `country` / `region` that decides whose queue
    shows them. The project opens when every row is approved.
    """

    class Kind(models.TextChoices):
        COFOUNDER = "cofounder", _("Co-founder's acceptance")
        HEAD_TEACHER = "head_teacher", _("Head teacher's confirmation")
        REGIONAL = "regional", _("Regional approval")
        NATIONAL = "national", _("National Support Service approval")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Via(models.TextChoices):
        APP = "app", _("In Twinning")
        EMAIL_LINK = "email_link", _("By the emailed link")
        AUTOMATIC = "automatic", _("Automatically")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps", verbose_name=_("project"))
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="steps", verbose_name=_("for the founder")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=ALL_REGIONS, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_via = models.CharField(_("decided"), max_length=12, choices=Via.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2_000, blank=True)
    created_at = models.DateTimeField(_("waiting since"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    link_sent_at = models.DateTimeField(
        _("head teacher's link emailed"),
        null=True,
        blank=True,
        help_text=_("When the head teacher's link was last emailed; a retried sending sees it and sends nothing."),
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "partner"], name="one_step_per_kind_and_founder"),
            models.CheckConstraint(
                name="decided_step_has_date",
                condition=Q(state="waiting", decided_at__isnull=True)
                | ~Q(state="waiting") & Q(decided_at__isnull=False),
            ),
        ]
        indexes = [
            # Support queues: a scope's waiting steps of one kind, oldest first.
            models.Index(fields=["kind", "state", "country", "created_at"], name="step_queue_country_idx"),
            models.Index(fields=["kind", "state", "region", "created_at"], name="step_queue_region_idx"),
            models.Index(fields=["state", "created_at"], name="step_waiting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.project}"


class ProjectImage(models.Model):
    """An extra picture of the project, shown on its page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images", verbose_name=_("project"))
    image = models.ImageField(_("image"), upload_to=project_image_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=project_image_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("project image")
        verbose_name_plural = _("project images")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.project)


class LogEntry(models.Model):
    """The project's audit trail: who did what, when (founded, invited, decided, opened, closed...)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log", verbose_name=_("project"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("project log entry")
        verbose_name_plural = _("project log")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["project", "created_at"], name="project_log_idx")]

    def __str__(self) -> str:
        return f"{self.action} — {self.project}"
