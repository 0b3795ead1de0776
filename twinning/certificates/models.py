"""Certificates: a PDF a teacher downloads for an event attended, a learning event completed or a closed
project taken part in, with a verification code anyone can check on the public verification page.

A certificate row is written the first time its holder downloads it, once the
condition holds; later downloads print the same row (same code, same date). The
row keeps what the PDF shows (holder's name, title, dates) as it was when issued,
so the verification page confirms what was printed even if the event or project
changes later.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for one another when typed from paper (no I, O, 0, 1)."""
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4


def new_code() -> str:
    """A random code such as `K7QD-XM2P-9RTA-HC4W`: 16 characters of a 32-letter alphabet, 80 bits."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


class Certificate(models.Model):
    class Kind(models.TextChoices):
        EVENT_ATTENDANCE = "event_attendance", _("Certificate of attendance")
        COURSE_COMPLETION = "course_completion", _("Certificate of completion")
        PROJECT_PARTICIPATION = "project_participation", _("Certificate of project participation")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("holder")
    )
    subject_id = models.PositiveBigIntegerField(_("event, course or project"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_code)
    holder_name = models.CharField(_("holder's name"), max_length=300)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "holder", "subject_id"], name="one_certificate_per_subject"),
        ]
        indexes = [models.Index(fields=["holder", "-issued_at"], name="certificate_holder_idx")]

    def __str__(self) -> str:
        return f"{self.code}: {self.holder_name}, {self.title}"
