"""User text on the course pages reaches them only as text: the project's XSS payloads typed by an organiser as
a course's title, audience and description and as an activity's title, through the real forms, and read back on
the catalogue and the course page."""

import pytest
from django.urls import reverse

from tests.learning.factories import make_course, make_support_officer
from tests.xss_payloads import XSS_PAYLOADS, assert_escaped, unsafe_markup
from twinning.events.models import Event
from twinning.learning.models import Course, CourseActivity

pytestmark = pytest.mark.django_db

FORM = {
    "kind": Event.Kind.LEARNING_EVENT,
    "description": "Three weeks to plan a project with partners.",
    "audience": "Secondary teachers new to projects",
    "language": "en",
    "time_zone": "Europe/Lisbon",
    "starts_at": "2031-03-03T09:00",
    "ends_at": "2031-03-21T17:00",
    "capacity": "40",
    "applications_open_at": "2031-02-01T09:00",
    "applications_close_at": "2031-03-03T09:00",
    "activities_required": "1",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())  # titles and the audience keep single spaces


def _between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_course_title_audience_and_description_are_escaped_on_the_catalogue_and_course_page(client, teacher_es):
    organiser = make_support_officer()
    client.force_login(organiser)
    response = client.post(reverse("learning:course_create"), {**FORM, "title": "A quiet title"})
    assert response.status_code == 302
    baseline_course = Course.objects.get()
    client.force_login(teacher_es)
    baseline_page = client.get(reverse("learning:course", kwargs={"pk": baseline_course.pk})).content.decode()
    baseline_list = client.get(reverse("learning:courses")).content.decode()
    baseline_course.event.delete()

    assert len(XSS_PAYLOADS) >= 60
    for payload in XSS_PAYLOADS:
        client.force_login(organiser)
        response = client.post(
            reverse("learning:course_create"),
            {**FORM, "title": payload, "audience": payload, "description": payload},
        )
        assert response.status_code == 302, (payload, response.context and response.context["form"].errors)
        course = Course.objects.get()
        assert course.event.title == _one_line(payload)
        assert course.audience == _one_line(payload)
        assert course.event.description == payload.strip()

        client.force_login(teacher_es)
        page = client.get(reverse("learning:course", kwargs={"pk": course.pk})).content.decode()
        assert_escaped(page, _one_line(payload), baseline=baseline_page)
        assert_escaped(page, payload.strip(), baseline=baseline_page)
        listing = client.get(reverse("learning:courses")).content.decode()
        assert_escaped(listing, _one_line(payload), baseline=baseline_list)
        card = _between(listing, '<ul class="event-list">', "</ul>")
        assert not unsafe_markup(card), payload
        course.event.delete()


def test_activity_titles_are_escaped_on_the_course_page(client, teacher_es):
    course = make_course(kind=Event.Kind.LEARNING_EVENT)
    organiser = course.event.organiser
    url = reverse("learning:course", kwargs={"pk": course.pk})
    client.force_login(teacher_es)
    baseline = client.get(url).content.decode()

    for payload in XSS_PAYLOADS:
        client.force_login(organiser)
        response = client.post(
            reverse("learning:activity_create", kwargs={"pk": course.pk}),
            {"week": "1", "title": payload, "instructions": "Say hello to the group."},
        )
        assert response.status_code == 302, payload
        activity = CourseActivity.objects.get()
        assert activity.title == _one_line(payload)

        client.force_login(teacher_es)
        page = client.get(url).content.decode()
        assert_escaped(page, activity.title, baseline=baseline)
        activities = _between(page, 'id="activities"', "</section>")
        assert not unsafe_markup(activities), payload
        CourseActivity.objects.all().delete()
