"""Relations between teachers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    """A mutual contact between two teachers, stored once with the lower user id first.

    Contacts see each other's "contacts only" information and, later, may
    invite each other into projects.
    """

    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(name="contact_pair_ordered", condition=Q(user_low__lt=F("user_high"))),
            models.UniqueConstraint(fields=["user_low", "user_high"], name="contact_pair_unique"),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"], name="contact_reverse_idx")]

    def __str__(self) -> str:
        return f"{self.user_low_id} <-> {self.user_high_id}"
