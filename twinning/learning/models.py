"""Self-learning modules: steps of rich text a teacher reads at their own pace, a short check at the end,
and the completion that counts in the progress bar's self-learning part.

The central support service writes modules in the Django admin.

Courses: learning events (intensive courses over days or weeks, with weekly
activities) and online seminars (one hour in a video room). A course stands on
an event of the events app (kind `learning_event` or `online_seminar`): the
event gives its dates, places, application window (the registration window),
language, video room and forum, and its registrations are the applications,
with the events' capacity guarantee and waiting list. The course adds who it
is for and, for a learning event, its activities and completion rule.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import LANGUAGES
from twinning.discussions.models import Thread
from twinning.events.models import Event
from twinning.learning.richtext import sanitise_step_body

CHOICES_MIN = 2
CHOICES_MAX = 5


class Module(models.Model):
    """A self-learning module; teachers see it once published."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Lower numbers come first."))
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("self-learning module")
        verbose_name_plural = _("self-learning modules")

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """One page of a module, shown in `position` order."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="steps", verbose_name=_("module"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Paragraphs, headings, lists, tables and links; no images."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitise_step_body(self.body)
        super().save(*args, **kwargs)


def validate_choices(value: object) -> None:
    if (
        not isinstance(value, list)
        or not CHOICES_MIN <= len(value) <= CHOICES_MAX
        or not all(isinstance(choice, str) and choice.strip() for choice in value)
    ):
        raise ValidationError(
            _("Give between %(min)d and %(max)d answers, each a non-empty text."),
            params={"min": CHOICES_MIN, "max": CHOICES_MAX},
        )


class Question(models.Model):
    """A question of the module's check: 2 to 5 answers, one of them right."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions", verbose_name=_("module"))
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(
        _("answers"), validators=[validate_choices], help_text=_('A list of 2 to 5 texts, e.g. ["Yes", "No"].')
    )
    correct = models.PositiveSmallIntegerField(
        _("right answer"), help_text=_("The number of the right answer, from 0.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if isinstance(self.choices, list) and self.correct is not None and self.correct >= len(self.choices):
            raise ValidationError({"correct": _("The right answer must be one of the answers (counting from 0).")})


class StepVisit(models.Model):
    """How far a teacher got through a module: the last step they opened, remembered to continue there."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_step = models.PositiveIntegerField(_("last step opened"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["module", "user"], name="learning_visit_once")]
        verbose_name = _("module visit")
        verbose_name_plural = _("module visits")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module_id} step {self.last_step}"


class Completion(models.Model):
    """A teacher passed a module's check; recorded once, with the score of that attempt."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="completions", verbose_name=_("module"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    score = models.PositiveSmallIntegerField(_("score (%)"))
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["module", "user"], name="learning_completion_once")]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module_id} ({self.score}%)"


class Course(models.Model):
    """A learning event or an online seminar: the course part of its event (same primary key)."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="course", verbose_name=_("event")
    )
    audience = models.CharField(
        _("for whom"),
        max_length=300,
        help_text=_("Who the course is meant for, e.g. “Primary teachers new to projects”."),
    )
    activities_required = models.PositiveIntegerField(
        _("activities to complete"),
        default=0,
        help_text=_("A learning event is completed by doing this many of its activities; 0 for an online seminar."),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.event.title


class CourseActivity(models.Model):
    """A task of a learning event for one week of it, discussed in its own thread of the course's forum."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="activities", verbose_name=_("course"))
    week = models.PositiveSmallIntegerField(_("week"))
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("what to do"), max_length=5000)
    thread = models.OneToOneField(Thread, on_delete=models.PROTECT, related_name="+", verbose_name=_("discussion"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["week", "pk"]
        verbose_name = _("course activity")
        verbose_name_plural = _("course activities")
        constraints = [models.CheckConstraint(name="course_activity_week_from_one", condition=models.Q(week__gte=1))]

    def __str__(self) -> str:
        return self.title


class ActivityDone(models.Model):
    """A participant has done an activity (they posted their contribution in its thread, then said so)."""

    activity = models.ForeignKey(
        CourseActivity, on_delete=models.CASCADE, related_name="done", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity done")
        verbose_name_plural = _("activities done")
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="course_activity_done_once")]
        indexes = [models.Index(fields=["user", "activity"], name="course_activity_done_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.activity_id}"


class CourseCompletion(models.Model):
    """A participant completed a learning event (its completion rule held); recorded once."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions", verbose_name=_("course"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="course_completion_once")]
        indexes = [models.Index(fields=["user", "completed_at"], name="course_completion_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.course_id}"
