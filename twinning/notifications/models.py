"""In-app notifications and each user's choice of email delivery per kind."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.notifications.kinds import Delivery, render_text


class Notification(models.Model):
    """Something that happened that `recipient` should know of: shown under the bell, maybe emailed.

    The text is not stored: it is rendered from the kind and `params` in the
    reader's language. `delivery` is how its email goes out, fixed from the
    recipient's preference when it is created (and turned to "never" when the
    recipient turns that kind's emails off before it went). `emailed_at` is set
    when an email (immediate or the daily summary) carried it, so no
    notification is emailed twice; a notification read before its email went
    is not emailed at all, and one whose delivery is "never" keeps `emailed_at`
    empty for ever.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who acted"),
    )
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    delivery = models.CharField(_("email"), max_length=12, choices=Delivery.choices, default=Delivery.NEVER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            # The bell's count.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            # The daily summary: who has something waiting, and what. Rows leave it once emailed or read.
            models.Index(
                fields=["recipient", "id"],
                condition=Q(delivery="daily", emailed_at__isnull=True, read_at__isnull=True),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def text(self) -> str:
        """What happened, in the active language (select the actor with the row to avoid a query)."""
        actor_name = self.actor.full_name if self.actor_id and self.actor else ""
        return render_text(self.kind, actor_name=actor_name, params=self.params or {})


class NotificationPreference(models.Model):
    """A user's choice of email delivery for one kind, stored only where it differs from the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("email"), max_length=12, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} -> {self.delivery}"
