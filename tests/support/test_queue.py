"""The Support area: each officer sees and acts on its own scope only; everyone else gets a 404."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.schools.models import Employment, School

PERSONAS = ["nss_officer_es", "nss_officer_fr", "regional_officer_an", "css_officer", "teacher_es"]
WAITING = {
    "andalusia": ("ES", "ES-AN"),
    "madrid": ("ES", "ES-MD"),
    "france": ("FR", ""),
}
# persona -> the waiting teachers it may see and decide (None: no Support area at all).
SEES = {
    "nss_officer_es": {"andalusia", "madrid"},
    "nss_officer_fr": {"france"},
    "regional_officer_an": {"andalusia"},
    "css_officer": {"andalusia", "madrid", "france"},
    "teacher_es": None,
}
MATRIX = [(persona, where) for persona in PERSONAS for where in WAITING]


def waiting_row(where: str) -> Employment:
    country, region = WAITING[where]
    teacher = UserFactory(first_name=f"Waiting{where.title()}", last_name="Teacher")
    return EmploymentFactory(
        teacher=teacher, school=SchoolFactory(country=country, region=region), validation="pending"
    )


def unverified_school(where: str) -> School:
    country, region = WAITING[where]
    return SchoolFactory(country=country, region=region, is_verified=False, name=f"Unverified {where} school")


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_queue_lists_only_rows_in_scope(client, request, persona, where):
    user = request.getfixturevalue(persona)
    row = waiting_row(where)
    client.force_login(user)
    response = client.get(reverse("support:index"))
    if SEES[persona] is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (row.teacher.full_name in response.content.decode()) is (where in SEES[persona])


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_validate_acts_in_scope_and_404s_outside(client, request, persona, where):
    user = request.getfixturevalue(persona)
    row = waiting_row(where)
    client.force_login(user)
    response = client.post(reverse("support:employment_validate", args=[row.pk]))
    row.refresh_from_db()
    if SEES[persona] and where in SEES[persona]:
        assert response.status_code == 302
        assert row.validation == Employment.Validation.VALIDATED
        assert row.decided_by == user
    else:
        assert response.status_code == 404
        assert row.validation == Employment.Validation.PENDING


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_reject_acts_in_scope_and_404s_outside(client, request, persona, where):
    user = request.getfixturevalue(persona)
    row = waiting_row(where)
    client.force_login(user)
    url = reverse("support:employment_reject", args=[row.pk])
    allowed = bool(SEES[persona] and where in SEES[persona])
    assert client.get(url).status_code == (200 if allowed else 404)
    response = client.post(url, {"note": "Not on the school's staff list."})
    row.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert row.validation == Employment.Validation.REJECTED
        assert row.decision_note == "Not on the school's staff list."
    else:
        assert response.status_code == 404
        assert row.validation == Employment.Validation.PENDING


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_school_verification_in_scope_only(client, request, persona, where):
    user = request.getfixturevalue(persona)
    school = unverified_school(where)
    client.force_login(user)
    listing = client.get(reverse("support:schools"))
    response = client.post(reverse("support:school_verify", args=[school.pk]))
    school.refresh_from_db()
    allowed = bool(SEES[persona] and where in SEES[persona])
    if SEES[persona] is None:
        assert listing.status_code == 404
    else:
        assert (school.name in listing.content.decode()) is allowed
    if allowed:
        assert response.status_code == 302
        assert school.is_verified is True
        assert school.verified_by == user
    else:
        assert response.status_code == 404
        assert school.is_verified is False


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("support:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_reject_without_a_note_shows_an_error_and_changes_nothing(client, nss_officer_es):
    row = waiting_row("madrid")
    client.force_login(nss_officer_es)
    response = client.post(reverse("support:employment_reject", args=[row.pk]), {"note": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    row.refresh_from_db()
    assert row.validation == Employment.Validation.PENDING


def test_queue_is_oldest_first_and_hides_decided_and_ended_rows(client, nss_officer_es):
    first, second = waiting_row("madrid"), waiting_row("andalusia")
    decided = waiting_row("madrid")
    decided.validation = Employment.Validation.VALIDATED
    decided.save()
    ended = waiting_row("madrid")
    ended.start_date = ended.start_date.replace(year=ended.start_date.year - 2)
    ended.end_date = ended.start_date.replace(year=ended.start_date.year + 1)
    ended.save()
    client.force_login(nss_officer_es)
    page = client.get(reverse("support:index")).context["page"]
    assert [row.pk for row in page.object_list] == [first.pk, second.pk]


@pytest.mark.parametrize("url_name", ["support:index", "support:schools"])
def test_queue_query_count_does_not_grow_with_rows(client, nss_officer_es, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(nss_officer_es)

    def make(n: int) -> None:
        for _ in range(n):
            waiting_row("madrid")
            unverified_school("andalusia")

    make(1)
    client.get(reverse(url_name))  # warm up: the first request of a session does extra work
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse(url_name))
    assert len(response.context["page"].object_list) == 1
    make(49)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse(url_name))
    assert len(response.context["page"].object_list) == 50
    assert len(fifty) == len(one)


def test_queue_pages_by_fifty(client, nss_officer_es):
    for _ in range(51):
        waiting_row("madrid")
    client.force_login(nss_officer_es)
    first = client.get(reverse("support:index"))
    second = client.get(reverse("support:index"), {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


def test_support_link_shows_in_navigation_for_staff_only(client, nss_officer_es, teacher_es):
    client.force_login(nss_officer_es)
    assert reverse("support:index") in client.get(reverse("schools:mine")).content.decode()
    client.force_login(teacher_es)
    assert reverse("support:index") not in client.get(reverse("schools:mine")).content.decode()
