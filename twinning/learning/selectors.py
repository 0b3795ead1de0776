"""Reading modules: the published list with each teacher's status in one query, a module's steps and questions."""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from twinning.accounts.models import User
from twinning.learning.models import Completion, Module, Question, Step, StepVisit

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"


def published_modules() -> QuerySet[Module]:
    return Module.objects.filter(is_published=True)


def modules_with_status(*, user: User) -> QuerySet[Module]:
    """Published modules in order, each with `step_count`, `is_completed` and `is_started` for `user`."""
    return (
        published_modules()
        .annotate(
            step_count=Count("steps"),
            is_completed=Exists(Completion.objects.filter(module_id=OuterRef("pk"), user_id=user.pk)),
            is_started=Exists(StepVisit.objects.filter(module_id=OuterRef("pk"), user_id=user.pk)),
        )
        .order_by("position", "pk")  # Meta.ordering is dropped from grouped queries
    )


def status_of(module: Module) -> str:
    """The status of a module annotated by `modules_with_status`."""
    if getattr(module, "is_completed", False):
        return COMPLETED
    if getattr(module, "is_started", False):
        return IN_PROGRESS
    return NOT_STARTED


def published_module(pk: int) -> Module:
    """A published module, or 404 (drafts stay hidden from teachers)."""
    return get_object_or_404(published_modules(), pk=pk)


def module_steps(module: Module) -> list[Step]:
    return list(module.steps.all())


def module_questions(module: Module) -> list[Question]:
    return list(module.questions.all())


def completion_of(*, user: User, module: Module) -> Completion | None:
    return Completion.objects.filter(module_id=module.pk, user_id=user.pk).first()


def last_step_of(*, user: User, module: Module) -> int | None:
    """The step number (from 1) the teacher last opened in this module, if any."""
    return StepVisit.objects.filter(module_id=module.pk, user_id=user.pk).values_list("last_step", flat=True).first()
