"""School pages: find, register, join, the school history and leaving a school."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory, school_form_data
from twinning.schools.models import Employment, School


@pytest.fixture
def newcomer(db, client):
    user = UserFactory(first_name="Marta", last_name="Vidal")
    client.force_login(user)
    return user


def test_school_page_is_public_and_shows_the_verified_badge(client, db):
    school = SchoolFactory(name="IES Averroes", city="Córdoba", country="ES", region="ES-AN", is_verified=False)
    response = client.get(reverse("schools:detail", args=[school.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "IES Averroes" in html
    assert "Córdoba" in html
    assert "Spain" in html
    assert "Not verified yet" in html
    assert school.head_teacher_email not in html


def test_unknown_school_is_404(client, db):
    assert client.get(reverse("schools:detail", args=[999999])).status_code == 404


def test_find_lists_matches_and_paginates(client, newcomer):
    for n in range(25):
        SchoolFactory(name=f"Colegio Sol {n:02d}", country="ES", region="ES-MD")
    SchoolFactory(name="Colegio Sol Paris", country="FR")
    response = client.get(reverse("schools:add"), {"q": "SOL", "country": "ES"})
    page = response.context["page"]
    assert page.paginator.count == 25
    assert len(page.object_list) == 20
    assert "Colegio Sol Paris" not in response.content.decode()
    second = client.get(reverse("schools:add"), {"q": "SOL", "country": "ES", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_find_without_a_query_lists_nothing_and_offers_registration(client, newcomer):
    SchoolFactory()
    response = client.get(reverse("schools:add"))
    assert response.context["page"] is None
    assert reverse("schools:register") in response.content.decode()


def test_pages_for_teachers_need_login(client, db):
    school = SchoolFactory()
    for url in [reverse("schools:mine"), reverse("schools:add"), reverse("schools:register"),
                reverse("schools:join", args=[school.pk])]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_join_adds_a_row_and_history_says_whom_it_waits_for(client, newcomer, django_capture_on_commit_callbacks):
    school = SchoolFactory(country="ES", region="ES-AN", head_teacher_name="Ms Ana Torres",
                           head_teacher_email="ana@school.example.org")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:join", args=[school.pk]), {"role": "teacher", "start_date": "2023-09-01"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:mine")
    html = client.get(reverse("schools:mine")).content.decode()
    assert school.name in html
    assert "Waiting for validation" in html
    assert "national support service of Spain" in html
    assert "Ms Ana Torres" in html
    assert "ana@school.example.org" in html
    assert "link sent on" in html


def test_joining_the_same_current_school_twice_is_refused_clearly(client, newcomer):
    school = SchoolFactory()
    EmploymentFactory(teacher=newcomer, school=school, validation="pending")
    response = client.post(reverse("schools:join", args=[school.pk]), {"role": "teacher", "start_date": "2023-09-01"})
    assert response.status_code == 200
    assert "already current in your history" in response.content.decode()
    assert newcomer.employments.count() == 1


def test_join_with_a_bad_date_shows_the_error(client, newcomer):
    school = SchoolFactory()
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    for data in [{"role": "teacher", "start_date": "yesterday"}, {"role": "boss", "start_date": "2023-09-01"},
                 {"role": "teacher", "start_date": future}]:  # fmt: skip
        response = client.post(reverse("schools:join", args=[school.pk]), data)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert not newcomer.employments.exists()


def test_register_a_school(client, newcomer):
    response = client.post(reverse("schools:register"), school_form_data())
    assert response.status_code == 302
    school = School.objects.get()
    assert school.is_verified is False
    assert school.region == "ES-AN"
    assert school.head_teacher_email == "direccion@cp-guadalquivir.example.org"
    assert newcomer.employments.get().school == school


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"region": ""}, "Choose the region of the school."),
        ({"country": "FR", "region": "ES-AN"}, "This region is not in the chosen country."),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"head_teacher_email": "director at school"}, "Enter a valid email address."),
        ({"age_bands": []}, "This field is required."),
    ],
    ids=["missing-name", "missing-region", "region-of-another-country", "bad-website", "bad-email", "no-ages"],
)
def test_register_bad_input_shows_the_error_and_stores_nothing(client, newcomer, overrides, message):
    response = client.post(reverse("schools:register"), school_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not School.objects.exists()
    assert not Employment.objects.exists()


def test_register_refused_by_the_service_shows_its_message(client, newcomer):
    data = school_form_data()
    SchoolFactory(name=data["name"], city=data["city"], country="ES", region="ES-AN")
    response = client.post(reverse("schools:register"), data)
    assert response.status_code == 200
    assert "already registered in this city" in response.content.decode()
    assert School.objects.count() == 1


def test_leaving_a_school_asks_first_then_sets_the_end_date(client, teacher_es):
    row = teacher_es.employments.get()
    row.start_date = timezone.localdate() - datetime.timedelta(days=100)
    row.save()
    client.force_login(teacher_es)
    url = reverse("schools:end", args=[row.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Yes, I left this school" in confirm.content.decode()
    row.refresh_from_db()
    assert row.end_date is None

    bad = client.post(url, {"end_date": (row.start_date - datetime.timedelta(days=1)).isoformat()})
    assert bad.status_code == 200
    assert "cannot be before the start date" in bad.content.decode()

    done = client.post(url, {"end_date": timezone.localdate().isoformat()})
    assert done.status_code == 302
    row.refresh_from_db()
    teacher_es.refresh_from_db()
    assert row.end_date == timezone.localdate()
    # Leaving today: the row still counts today, so validation holds until tomorrow.
    assert teacher_es.is_validated is True


def test_another_teachers_row_is_404(client, teacher_es, teacher_fr):
    row = teacher_fr.employments.get()
    client.force_login(teacher_es)
    assert client.get(reverse("schools:end", args=[row.pk])).status_code == 404
    assert client.post(reverse("schools:end", args=[row.pk]), {"end_date": "2024-01-01"}).status_code == 404
    assert client.post(reverse("schools:resend_link", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.end_date is None


def test_history_query_count_does_not_grow_with_rows(client, teacher_es):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(teacher_es)
    client.get(reverse("schools:mine"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("schools:mine"))
    for n in range(20):
        EmploymentFactory(teacher=teacher_es, validation="pending" if n % 2 else "rejected",
                          end_date=None if n % 3 else timezone.localdate())  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("schools:mine"))
    assert len(many) == len(one)


def test_teacher_can_ask_for_a_new_link_after_a_day(client, newcomer, django_capture_on_commit_callbacks):
    from django.core import mail

    row = EmploymentFactory(teacher=newcomer, validation="pending")
    row.head_teacher_link_sent_at = timezone.now() - datetime.timedelta(hours=2)
    row.save()
    url = reverse("schools:resend_link", args=[row.pk])
    assert url not in client.get(reverse("schools:mine")).content.decode()
    row.head_teacher_link_sent_at = timezone.now() - datetime.timedelta(days=2)
    row.save()
    assert url in client.get(reverse("schools:mine")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [[row.school.head_teacher_email]]
    row.refresh_from_db()
    assert timezone.now() - row.head_teacher_link_sent_at < datetime.timedelta(minutes=1)
