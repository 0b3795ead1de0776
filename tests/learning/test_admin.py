"""Modules are written in the Django admin: steps and questions inline, bad answers refused. A course's audience
and completion rule are corrected there under the course services' rules."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.learning.factories import make_course, make_module
from twinning.events.models import Event
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


def _course_change(client, course, **data: str):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:learning_course_change", args=[course.pk])
    inline = {"activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"}
    return client.post(url, {"audience": course.audience, **inline, **data})


@pytest.mark.parametrize(
    ("kind", "required"),
    [
        (Event.Kind.LEARNING_EVENT, "0"),  # nobody could ever complete it
        (Event.Kind.LEARNING_EVENT, "51"),
        (Event.Kind.ONLINE_SEMINAR, "3"),  # a seminar has no activities
    ],
)
def test_the_admin_refuses_a_completion_rule_the_course_services_refuse(client, kind, required):
    course = make_course(kind=kind)
    before = course.activities_required

    response = _course_change(client, course, activities_required=required)

    assert response.status_code == 200
    assert "activities_required" in response.context["adminform"].form.errors
    course.refresh_from_db()
    assert course.activities_required == before


def test_the_admin_corrects_the_audience_and_the_rule_of_a_learning_event(client):
    course = make_course(kind=Event.Kind.LEARNING_EVENT)

    response = _course_change(client, course, audience="  Secondary   teachers ", activities_required="3")

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.audience == "Secondary teachers"
    assert course.activities_required == 3
    assert _course_change(client, course, audience="   ", activities_required="3").status_code == 200
    course.refresh_from_db()
    assert course.audience == "Secondary teachers"
