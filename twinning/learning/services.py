"""Taking a module: remembering the step a teacher reached, grading the check, recording the completion once."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.learning.models import Completion, Module, Question, StepVisit
from twinning.learning.permissions import can_learn
from twinning.progress.services import progress_record

PASS_PERCENT = 80
"""The check passes with at least this share of right answers."""


@dataclass(frozen=True)
class CheckResult:
    score: int
    """Percentage of right answers, rounded down."""
    wrong: frozenset[int]
    """The pks of the questions answered wrongly (the right answers are never shown)."""
    completion: Completion | None = None

    @property
    def passed(self) -> bool:
        return self.score >= PASS_PERCENT


def step_visit(*, user: User, module: Module, number: int) -> None:
    """Remembers that `user` opened step `number` (from 1) of `module`, to continue there next time."""
    if not can_learn(user) or not module.is_published:
        raise PermissionRefused
    StepVisit.objects.update_or_create(module=module, user=user, defaults={"last_step": number})


def grade(*, questions: list[Question], answers: dict[int, int]) -> CheckResult:
    """Grades `answers` (question pk -> chosen index); every question must be answered with one of its choices."""
    if not questions:
        raise DomainError(_("This module has no check yet."), code="no_questions")
    for question in questions:
        choice = answers.get(question.pk)
        if choice is None:
            raise DomainError(_("Answer every question."), code="missing_answer")
        if not 0 <= choice < len(question.choices):
            raise DomainError(_("That answer is not one of the choices."), code="bad_choice")
    if set(answers) - {q.pk for q in questions}:
        raise DomainError(_("That question is not part of this check."), code="bad_question")
    wrong = frozenset(q.pk for q in questions if answers[q.pk] != q.correct)
    score = (100 * (len(questions) - len(wrong))) // len(questions)
    return CheckResult(score=score, wrong=wrong)


def check_submit(*, user: User, module: Module, answers: dict[int, int]) -> CheckResult:
    """Grades the check; when it passes, records the completion (once) and the self-learning progress action.

    A teacher who already completed the module may take the check again: the
    first completion stays, with its score, and nothing new counts.
    """
    if not can_learn(user) or not module.is_published:
        raise PermissionRefused
    result = grade(questions=list(module.questions.all()), answers=answers)
    if not result.passed:
        return result
    try:
        with transaction.atomic():
            completion = Completion.objects.create(module=module, user=user, score=result.score)
    except IntegrityError:
        completion = Completion.objects.get(module=module, user=user)
    progress_record(user=user, kind="module_completed", key=str(module.pk))
    return CheckResult(score=result.score, wrong=result.wrong, completion=completion)
