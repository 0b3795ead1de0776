"""The landing page for visitors and the dashboard for signed-in teachers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.activity.selectors import home_dashboard
from twinning.progress.services import progress_record
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db


def checklist(context) -> dict[str, bool]:
    return {item.key: item.done for item in context["checklist"]}


def test_visitor_gets_the_landing_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.templates[0].name == "core/landing.html"
    html = response.content.decode()
    assert reverse("account_signup") in html
    assert reverse("account_login") in html
    assert 'class="hero"' in html
    assert 'class="steps"' in html


def test_new_teacher_without_school_is_told_to_add_one(client):
    user = UserFactory(first_name="Ana")
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome, Ana" in html
    assert reverse("schools:add") in html
    assert reverse("profiles:photo") in html
    assert reverse("profiles:edit") in html
    assert reverse("profiles:detail", args=[user.pk]) in html
    assert 'role="progressbar"' in html
    assert checklist(response.context) == {
        "email": True,
        "school": False,
        "validation": False,
        "photo": False,
        "about": False,
        "teaching": False,
    }


def test_pending_teacher_sees_whom_validation_waits_for(client, pending_teacher_es):
    client.force_login(pending_teacher_es)

    response = client.get(reverse("home"))

    html = response.content.decode()
    school = pending_teacher_es.employments.get().school
    assert "Waiting for validation." in html
    assert school.name in html
    assert "national support service of Spain" in html
    assert "head teacher" in html
    assert 'class="status status--ok"' not in html
    assert checklist(response.context)["school"] is True
    assert checklist(response.context)["validation"] is False


def test_pending_teacher_is_told_when_the_head_teacher_link_went_out(client, pending_teacher_es):
    pending_teacher_es.employments.update(head_teacher_link_sent_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    client.force_login(pending_teacher_es)

    html = client.get(reverse("home")).content.decode()

    assert "A confirmation link was emailed to the head teacher on March 2, 2026." in html


def test_validated_teacher_sees_the_ok_status(client, teacher_es):
    client.force_login(teacher_es)

    response = client.get(reverse("home"))

    assert 'class="status status--ok"' in response.content.decode()
    assert checklist(response.context)["validation"] is True


def test_rejected_only_teacher_is_not_shown_as_waiting(client):
    user = UserFactory()
    EmploymentFactory(teacher=user, validation=Employment.Validation.REJECTED)
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()

    assert "did not confirm" in html
    assert "Waiting for validation." not in html


def test_past_schools_do_not_count_as_current():
    user = UserFactory()
    EmploymentFactory(
        teacher=user,
        start_date=datetime.date(2010, 9, 1),
        end_date=datetime.date(2015, 6, 30),
        validation=Employment.Validation.PENDING,
    )

    data = home_dashboard(user=user)

    assert data["employments"] == []
    assert data["validation"].has_school is False
    assert data["validation"].pending == []


def test_checklist_follows_the_profile():
    user = UserFactory()
    profile = user.profile
    profile.about = "I teach history in Seville."
    profile.subjects = ["history"]
    profile.languages = ["es", "en"]
    profile.photo = "profiles/1/photo-me.jpg"
    profile.save()

    done = {item.key: item.done for item in home_dashboard(user=user)["checklist"]}

    assert done == {**done, "about": True, "teaching": True, "photo": True}


def test_unverified_email_is_flagged():
    user = UserFactory(verified_email=False)

    done = {item.key: item.done for item in home_dashboard(user=user)["checklist"]}

    assert done["email"] is False


def test_dashboard_carries_the_progress_summary():
    user = UserFactory()
    progress_record(user=user, kind="first_login")

    assert home_dashboard(user=user)["progress"].counted == 1


def _home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_home_makes_as_many_queries_with_ten_schools_as_with_one(client):
    one = UserFactory()
    EmploymentFactory(teacher=one, validation=Employment.Validation.PENDING)
    ten = UserFactory()
    for i in range(10):
        EmploymentFactory(
            teacher=ten,
            school=SchoolFactory(country="FR" if i % 2 else "ES"),
            validation=Employment.Validation.PENDING if i % 3 else Employment.Validation.VALIDATED,
        )

    assert _home_queries(client, ten) == _home_queries(client, one)


def test_dashboard_selector_query_count_is_fixed(django_assert_num_queries):
    user = UserFactory()
    for _ in range(5):
        EmploymentFactory(teacher=user, school=SchoolFactory())

    with django_assert_num_queries(4):
        data = home_dashboard(user=user)
        [e.school.get_country_display() for e in data["employments"]]
