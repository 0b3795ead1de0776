"""Self-learning services: grading, the completion recorded once with its score, refusals, sanitised steps."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from tests.learning.factories import make_module, right_answers
from twinning.core.errors import DomainError, PermissionRefused
from twinning.learning.models import Completion, Question, Step, StepVisit
from twinning.learning.services import PASS_PERCENT, check_submit, step_visit
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db


def test_passing_records_one_completion_with_the_score_and_one_progress_action(teacher_es):
    module = make_module(questions=5)
    answers = right_answers(module)
    result = check_submit(user=teacher_es, module=module, answers=answers)
    assert result.passed
    assert result.score == 100
    assert result.completion is not None
    again = check_submit(user=teacher_es, module=module, answers=answers)
    assert again.passed
    assert Completion.objects.filter(user=teacher_es, module=module).count() == 1
    assert ProgressAction.objects.filter(user=teacher_es, kind="module_completed", key=str(module.pk)).count() == 1


def test_the_pass_mark_is_eighty_percent(teacher_es):
    module = make_module(questions=5)
    questions = list(module.questions.all())
    answers = right_answers(module)
    answers[questions[0].pk] = 1  # 4 of 5 right: 80%
    result = check_submit(user=teacher_es, module=module, answers=answers)
    assert PASS_PERCENT == 80
    assert result.passed
    assert result.score == 80
    assert result.wrong == {questions[0].pk}
    assert Completion.objects.get(user=teacher_es).score == 80


def test_a_failed_check_stores_nothing_and_names_the_wrong_questions(teacher_es):
    module = make_module(questions=5)
    questions = list(module.questions.all())
    answers = right_answers(module)
    answers[questions[0].pk] = 1
    answers[questions[3].pk] = 2  # 3 of 5: 60%
    result = check_submit(user=teacher_es, module=module, answers=answers)
    assert not result.passed
    assert result.score == 60
    assert result.wrong == {questions[0].pk, questions[3].pk}
    assert not Completion.objects.exists()
    assert not ProgressAction.objects.filter(kind="module_completed").exists()


@pytest.mark.parametrize("bad", ["missing", "forged_choice", "negative_choice", "foreign_question"])
def test_bad_answers_are_refused_with_nothing_stored(teacher_es, bad):
    module = make_module(questions=2)
    answers = right_answers(module)
    first = next(iter(answers))
    if bad == "missing":
        del answers[first]
    elif bad == "forged_choice":
        answers[first] = 3
    elif bad == "negative_choice":
        answers[first] = -1
    else:
        answers[make_module(title="Other").questions.first().pk] = 0
    with pytest.raises(DomainError):
        check_submit(user=teacher_es, module=module, answers=answers)
    assert not Completion.objects.exists()
    assert not ProgressAction.objects.filter(kind="module_completed").exists()


def test_pupils_inactive_and_anonymous_users_and_unpublished_modules_are_refused(teacher_es):
    from django.contrib.auth.models import AnonymousUser

    module = make_module()
    draft = make_module(title="Draft", published=False)
    for user in [UserFactory(is_pupil=True, is_validated=False), UserFactory(is_active=False), AnonymousUser()]:
        with pytest.raises(PermissionRefused):
            check_submit(user=user, module=module, answers=right_answers(module))  # type: ignore[arg-type]
        with pytest.raises(PermissionRefused):
            step_visit(user=user, module=module, number=1)  # type: ignore[arg-type]
    with pytest.raises(PermissionRefused):
        check_submit(user=teacher_es, module=draft, answers=right_answers(draft))
    assert not Completion.objects.exists()
    assert not StepVisit.objects.exists()


def test_step_visits_remember_the_last_step_once_per_module(teacher_es):
    module = make_module()
    step_visit(user=teacher_es, module=module, number=1)
    step_visit(user=teacher_es, module=module, number=3)
    assert StepVisit.objects.get(user=teacher_es, module=module).last_step == 3


def test_step_text_is_sanitised_when_saved():
    module = make_module(steps=0)
    step = Step.objects.create(
        module=module,
        title="Unsafe",
        body='<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="https://example.org">ok</a></p>'
        '<script>alert(1)</script><img src="/x.png">',
    )
    step.refresh_from_db()
    assert "onclick" not in step.body
    assert "script" not in step.body
    assert "<img" not in step.body
    assert "javascript" not in step.body
    assert 'href="https://example.org"' in step.body


@pytest.mark.parametrize(
    ("choices", "correct"),
    [(["Only one"], 0), (["a", "b", "c", "d", "e", "f"], 0), (["a", ""], 0), ("not a list", 0), (["a", "b"], 2)],
)
def test_question_validation_refuses_bad_choices(choices, correct):
    question = Question(module=make_module(questions=0), text="Q?", choices=choices, correct=correct)
    with pytest.raises(ValidationError):
        question.full_clean()
