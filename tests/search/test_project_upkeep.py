"""The project index follows the tables (signals on projects, partners and kits), in the same
transaction, and `search_rebuild` refills it; on the database in use."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.search.test_project_helpers import ANONYMOUS, add_partner, make_project, make_twinspace, projects_found
from twinning.projects.models import Kit, Partner, Project
from twinning.search.backends import get_backend
from twinning.search.backends.base import ProjectFilters, ProjectViewer
from twinning.search.services import search_rebuild

pytestmark = pytest.mark.django_db


def test_an_edited_text_is_found_by_its_new_words_only():
    project = make_project("Thunder")
    project.title = "Rivers"
    project.aims = "Clean banks"
    project.save()
    assert projects_found(q="thunder") == []
    assert projects_found(q="rivers clean") == [project.pk]


def test_an_edit_of_the_filters_reaches_them():
    project = make_project(subjects=("maths",), languages=("en",), age_bands=("4-6",))
    project.subjects, project.languages, project.age_bands = ["art"], ["de"], ["13-15"]
    project.save(update_fields=["subjects", "languages", "age_bands", "updated_at"])
    assert projects_found(subjects=("maths",)) == []
    assert projects_found(subjects=("art",), languages=("de",), age_bands=("13-15",)) == [project.pk]


def test_a_status_change_moves_the_project_between_filters_and_audiences():
    founder = UserFactory()
    project = make_project("Stars", founder=founder, status=Project.Status.PENDING, is_public=True)
    assert projects_found(ANONYMOUS) == []
    assert projects_found(founder, statuses=("pending",)) == [project.pk]
    project.twinspace = make_twinspace()
    project.status = Project.Status.OPEN
    project.save(update_fields=["twinspace", "status", "opened_at", "updated_at"])
    assert projects_found(ANONYMOUS, q="stars") == [project.pk]
    assert projects_found(founder, statuses=("pending",)) == []
    project.status = Project.Status.CLOSED
    project.save(update_fields=["status", "closed_at", "updated_at"])
    assert projects_found(ANONYMOUS, statuses=("closed",)) == [project.pk]
    assert projects_found(ANONYMOUS, statuses=("open",)) == []


def test_making_a_project_members_only_hides_it_from_everyone_else():
    founder = UserFactory()
    project = make_project(founder=founder)
    project.is_public = False
    project.save()
    assert projects_found(ANONYMOUS) == []
    assert projects_found(UserFactory()) == []
    assert projects_found(founder) == [project.pk]


def test_a_partner_joining_adds_their_country_and_leaving_removes_it():
    project = make_project(country="ES")
    partner = add_partner(project, UserFactory(), country="IT", state=Partner.State.INVITED)
    assert projects_found(countries=("IT",)) == []  # invited is not taking part yet
    partner.state = Partner.State.ACTIVE
    partner.save(update_fields=["state", "joined_at"])
    assert projects_found(countries=("IT",)) == [project.pk]
    # As the services do: the row first, then Project.countries with an UPDATE (no signal).
    partner.state = Partner.State.LEFT
    partner.save(update_fields=["state", "ended_at"])
    Project.objects.filter(pk=project.pk).update(countries=["ES"])
    assert projects_found(countries=("IT",)) == []
    assert projects_found(countries=("ES",)) == [project.pk]


def test_an_invited_teacher_finds_a_members_only_project_until_they_decline():
    teacher = UserFactory()
    project = make_project(is_public=False, status=Project.Status.PENDING)
    partner = add_partner(project, teacher, country="IT", state=Partner.State.INVITED)
    assert projects_found(teacher) == [project.pk]
    partner.state = Partner.State.DECLINED
    partner.save()
    assert projects_found(teacher) == []


def test_a_kit_renamed_or_deleted_reaches_its_projects():
    kit = Kit.objects.create(title="Weather stations", summary="s", activities="a")
    project = make_project("Clouds", kit=kit)
    assert projects_found(q="weather") == [project.pk]
    kit.title = "Climate diary"
    kit.save()
    assert projects_found(q="weather") == []
    assert projects_found(q="climate") == [project.pk]
    kit.delete()
    assert projects_found(q="climate") == []
    assert projects_found(q="clouds") == [project.pk]


def test_a_deleted_project_leaves_the_index():
    project = make_project("Clouds")
    pk = project.pk
    project.delete()
    backend = get_backend()
    query = backend.project_query(
        viewer=ProjectViewer(user_id=None), terms=["clouds"], filters=ProjectFilters(), limit=5, offset=0
    )
    assert pk not in backend.fetch_ids(query)


def test_saves_of_fields_the_document_does_not_hold_cost_nothing():
    project = make_project("Clouds")
    with CaptureQueriesContext(connection) as queries:
        project.save(update_fields=["image", "thumbnail", "updated_at"])
        project.save(update_fields=["submitted_at"])
    assert len(queries) == 2  # the two UPDATEs, no index write


def test_a_rolled_back_change_leaves_the_index_as_it_was():
    project = make_project("Clouds")
    seen_inside = []

    def change_then_fail() -> None:
        with transaction.atomic():
            project.title = "Storms"
            project.save()
            seen_inside.append(projects_found(q="storms"))
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen_inside == [[project.pk]]  # the index followed inside the transaction
    assert projects_found(q="storms") == []
    assert projects_found(q="clouds") == [project.pk]


def test_rows_written_without_signals_are_found_after_a_rebuild(capsys):
    project = make_project("Clouds")
    Project.objects.filter(pk=project.pk).update(title="Thunder")
    assert projects_found(q="thunder") == []
    report = search_rebuild(batch_size=1)
    assert report.projects == 1
    assert projects_found(q="thunder") == [project.pk]
    assert projects_found(q="thundr") == [project.pk]  # the words for typos are rebuilt too
    call_command("search_rebuild")
    assert "1 projects and 0 project ideas" in capsys.readouterr().out
    assert projects_found(q="thunder") == [project.pk]
