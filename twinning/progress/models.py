"""The log of actions that move a teacher's progress bar."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressAction(models.Model):
    """One counted action of a teacher, of a kind listed in `progress.rules`.

    `key` makes an action count once per thing (one photo, one project);
    actions that may repeat (a message sent) use a distinct key each time.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_actions")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress action")
        verbose_name_plural = _("progress actions")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="progress_action_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.key}".strip()
