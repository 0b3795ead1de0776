"""Self-learning pages: who sees them, steps and their navigation, the check passed and failed, bad input,
the status on the list and a query-count guard."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.learning.factories import make_module, right_answers
from twinning.learning.models import Completion, StepVisit
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db


def _answers_post(module, answers):
    return {f"q{pk}": str(choice) for pk, choice in answers.items()}


@pytest.mark.parametrize("page", ["index", "module", "step", "check"])
def test_pupils_get_404_and_signed_out_visitors_are_sent_to_log_in(client, page):
    module = make_module()
    args = {"index": [], "module": [module.pk], "step": [module.pk, 1], "check": [module.pk]}[page]
    url = reverse(f"learning:{page}", args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(UserFactory(is_pupil=True, is_validated=False))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["module", "step", "check"])
def test_an_unpublished_module_is_404(client, teacher_es, page):
    module = make_module(published=False)
    client.force_login(teacher_es)
    args = {"module": [module.pk], "step": [module.pk, 1], "check": [module.pk]}[page]
    assert client.get(reverse(f"learning:{page}", args=args)).status_code == 404
    assert (
        client.post(
            reverse("learning:check", args=[module.pk]), _answers_post(module, right_answers(module))
        ).status_code
        == 404
    )
    assert not Completion.objects.exists()


def test_the_list_shows_only_published_modules_with_my_status(client, teacher_es, teacher_fr):
    done = make_module(title="Done module", position=1)
    started = make_module(title="Started module", position=2)
    make_module(title="Fresh module", position=3)
    make_module(title="Hidden draft", published=False)
    Completion.objects.create(module=done, user=teacher_es, score=100)
    StepVisit.objects.create(module=done, user=teacher_es, last_step=3)
    StepVisit.objects.create(module=started, user=teacher_es, last_step=2)
    client.force_login(teacher_es)
    html = client.get(reverse("learning:index")).content.decode()
    assert "Hidden draft" not in html
    assert html.index("Done module") < html.index("Started module") < html.index("Fresh module")
    assert "learning-status--completed" in html.split("Started module")[0]
    assert "learning-status--in_progress" in html.split("Started module")[1].split("Fresh module")[0]
    assert "learning-status--not_started" in html.split("Fresh module")[1]
    client.force_login(teacher_fr)
    other = client.get(reverse("learning:index")).content.decode()
    assert "learning-status--completed" not in other
    assert "learning-status--in_progress" not in other


def test_the_list_costs_the_same_queries_for_1_and_20_modules(client, teacher_es):
    client.force_login(teacher_es)
    make_module(title="Only one")
    client.get(reverse("learning:index"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("learning:index"))
    for number in range(19):
        module = make_module(title=f"Module {number}")
        Completion.objects.create(module=module, user=teacher_es, score=90)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("learning:index"))
    assert response.content.decode().count("learning-card") == 20
    assert len(many) == len(one)


def test_steps_in_order_with_previous_and_next_and_the_last_one_leads_to_the_check(client, teacher_es):
    module = make_module(steps=3)
    client.force_login(teacher_es)
    first = client.get(reverse("learning:step", args=[module.pk, 1])).content.decode()
    assert "Step 1 of 3" in first
    assert "Text 1" in first
    assert reverse("learning:step", args=[module.pk, 2]) in first
    assert 'rel="prev"' not in first
    middle = client.get(reverse("learning:step", args=[module.pk, 2])).content.decode()
    assert reverse("learning:step", args=[module.pk, 1]) in middle
    assert reverse("learning:step", args=[module.pk, 3]) in middle
    last = client.get(reverse("learning:step", args=[module.pk, 3])).content.decode()
    assert 'rel="next"' not in last
    assert reverse("learning:check", args=[module.pk]) in last
    for number in (0, 4):
        assert client.get(reverse("learning:step", args=[module.pk, number])).status_code == 404
    assert StepVisit.objects.get(user=teacher_es, module=module).last_step == 3


def test_the_module_page_offers_start_then_continue_where_i_stopped(client, teacher_es):
    module = make_module(steps=3)
    client.force_login(teacher_es)
    page = client.get(reverse("learning:module", args=[module.pk])).content.decode()
    assert "Start" in page
    assert "Continue" not in page
    client.get(reverse("learning:step", args=[module.pk, 2]))
    page = client.get(reverse("learning:module", args=[module.pk])).content.decode()
    assert "Continue" in page
    assert f'href="{reverse("learning:step", args=[module.pk, 2])}"' in page


def test_passing_the_check_records_the_completion_and_says_so(client, teacher_es):
    module = make_module(questions=3)
    client.force_login(teacher_es)
    page = client.get(reverse("learning:check", args=[module.pk])).content.decode()
    assert "80%" in page
    assert 'type="radio"' in page
    response = client.post(
        reverse("learning:check", args=[module.pk]), _answers_post(module, right_answers(module)), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("learning:module", args=[module.pk])
    assert "100% right answers" in response.content.decode()
    assert Completion.objects.get(user=teacher_es, module=module).score == 100
    assert ProgressAction.objects.filter(user=teacher_es, kind="module_completed").count() == 1
    index = client.get(reverse("learning:index")).content.decode()
    assert "learning-status--completed" in index


def test_a_failed_check_marks_the_wrong_questions_without_the_right_answers_and_allows_another_try(client, teacher_es):
    module = make_module(questions=2)
    wrong_question, right_question = list(module.questions.all())
    client.force_login(teacher_es)
    answers = {wrong_question.pk: 2, right_question.pk: 0}
    response = client.post(reverse("learning:check", args=[module.pk]), _answers_post(module, answers))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet: 50% right answers" in html
    assert html.count("learning-question--wrong") == 1
    wrong_block = html.split("Question 1?")[1].split("</fieldset>")[0]
    assert "wrong answer" in wrong_block
    assert "wrong answer" not in html.split("Question 2?")[1]
    assert "checked" not in wrong_block.split('value="0"')[1].split(">")[0]
    assert not Completion.objects.exists()
    response = client.post(reverse("learning:check", args=[module.pk]), _answers_post(module, right_answers(module)))
    assert response.status_code == 302
    assert Completion.objects.filter(user=teacher_es).count() == 1


@pytest.mark.parametrize("bad", ["missing", "forged", "not_a_number"])
def test_bad_check_input_is_refused_with_nothing_stored(client, teacher_es, bad):
    module = make_module(questions=2)
    data = _answers_post(module, right_answers(module))
    first = next(iter(data))
    if bad == "missing":
        del data[first]
    elif bad == "forged":
        data[first] = "7"
    else:
        data[first] = "x"
    client.force_login(teacher_es)
    response = client.post(reverse("learning:check", args=[module.pk]), data)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Completion.objects.exists()
    assert not ProgressAction.objects.filter(kind="module_completed").exists()


def test_a_module_without_questions_has_no_check(client, teacher_es):
    module = make_module(questions=0)
    client.force_login(teacher_es)
    assert client.get(reverse("learning:check", args=[module.pk])).status_code == 404


def test_completing_a_module_moves_the_self_learning_count_on_my_profile(client, teacher_es):
    module = make_module(questions=2)
    client.force_login(teacher_es)
    profile = reverse("profiles:detail", args=[teacher_es.pk])
    assert "0 modules completed" in client.get(profile).content.decode()
    client.post(reverse("learning:check", args=[module.pk]), _answers_post(module, right_answers(module)))
    assert "1 module completed" in client.get(profile).content.decode()
