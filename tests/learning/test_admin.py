"""Modules are written in the Django admin: steps and questions inline, bad answers refused."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.learning.factories import make_module
from twinning.learning.models import Module

pytestmark = pytest.mark.django_db


def _inline_data(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _module_data(choices: str, correct: str) -> dict[str, str]:
    return {
        "title": "Written in the admin",
        "summary": "",
        "language": "en",
        "position": "0",
        "is_published": "on",
        **_inline_data("steps", [{"position": "1", "title": "One", "body": "<p>Hi</p><script>x</script>"}]),
        **_inline_data("questions", [{"position": "1", "text": "Q?", "choices": choices, "correct": correct}]),
    }


def test_staff_write_a_module_with_steps_and_questions_and_bad_answers_are_refused(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:learning_module_add")
    assert client.get(url).status_code == 200
    refused = client.post(url, _module_data('["Only one"]', "0"))
    assert refused.status_code == 200
    assert not Module.objects.exists()
    out_of_range = client.post(url, _module_data('["Yes", "No"]', "2"))
    assert out_of_range.status_code == 200
    assert not Module.objects.exists()
    response = client.post(url, _module_data('["Yes", "No"]', "1"))
    assert response.status_code == 302
    module = Module.objects.get()
    assert module.steps.get().body == "<p>Hi</p>"
    assert module.questions.get().correct == 1


def test_completions_list_in_the_admin(client):
    make_module()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:learning_completion_changelist")).status_code == 200
