"""The index follows the rows it mirrors, without a rebuild; the rebuild command refills it."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.accounts.factories import make_officer
from tests.schools.factories import EmploymentFactory, SchoolFactory
from tests.search.conftest import found, make_person, schools_found
from twinning.accounts.models import SupportService
from twinning.accounts.services import user_update_settings
from twinning.profiles.models import Audience, Profile
from twinning.profiles.services import profile_update, profile_update_privacy
from twinning.schools import services as school_services
from twinning.schools.models import Employment
from twinning.search import services
from twinning.search.backends import get_backend
from twinning.search.backends.base import PeopleFilters, ViewerScope
from twinning.search.services import search_clear_if_no_users

pytestmark = pytest.mark.django_db


def test_renaming_a_user_changes_what_finds_them(viewer):
    user = make_person("Old", "Surname")
    user_update_settings(
        user=user, first_name="New", last_name="Familyname", preferred_language="en", time_zone="Europe/Madrid"
    )
    assert found(viewer, "surname") == []
    assert found(viewer, "familyname") == [user.pk]


def test_changing_profile_visibility_takes_effect_at_once(viewer):
    user = make_person("Vis", "Ibleperson")
    profile = Profile.objects.get(user=user)
    assert found(viewer, "ibleperson") == [user.pk]
    profile_update_privacy(
        actor=user,
        profile=profile,
        visibility=Audience.CONTACTS,
        hide_from_search_engines=True,
        email_visibility=Audience.CONTACTS,
        messages_from=Audience.MEMBERS,
    )
    assert found(viewer, "ibleperson") == []


def test_profile_content_feeds_the_filters(viewer):
    user = make_person("Con", "Tentperson")
    profile = Profile.objects.get(user=user)
    assert found(viewer, subjects=("music",), keywords="astronomy") == []
    profile_update(
        actor=user,
        profile=profile,
        about="Stars",
        subjects=["music"],
        languages=["de"],
        age_bands=[],
        interests="astronomy",
        available_for_projects=True,
        available_for_plus=False,
    )
    assert found(viewer, subjects=("music",), keywords="astronomy") == [user.pk]


def test_adding_and_ending_a_school_changes_the_schools_a_teacher_is_found_by(viewer):
    user = make_person("Mo", "Verperson", country="ES")
    lyon = SchoolFactory(name="Lycée Ampère", country="FR", city="Lyon")
    assert found(viewer, "ampere") == []
    employment = school_services.employment_add(
        actor=user, school=lyon, role="teacher", start_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert found(viewer, "ampere") == [user.pk]
    assert user.pk in found(viewer, "verperson", countries=("FR",))
    school_services.employment_end(
        actor=user, employment=employment, end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert found(viewer, "ampere") == []
    assert found(viewer, "verperson", countries=("FR",)) == []


def test_a_school_left_today_no_longer_finds_the_teacher_so_the_index_cannot_go_stale(viewer):
    user = make_person("Ed", "Todayperson", country="ES")
    lyon = SchoolFactory(name="Lycée Ampère", country="FR", city="Lyon")
    employment = school_services.employment_add(
        actor=user, school=lyon, role="teacher", start_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert found(viewer, "ampere") == [user.pk]

    school_services.employment_end(actor=user, employment=employment, end_date=timezone.localdate())

    assert found(viewer, "ampere") == []
    assert found(viewer, "todayperson", countries=("FR",)) == []


def test_validation_by_the_support_service_reaches_the_partners_filter(viewer):
    """teacher_validation_refresh changes is_validated: the index must see it (it saves, not update())."""
    user = make_person("Wai", "Tingperson", validated=False)
    officer = make_officer(kind=SupportService.Kind.NATIONAL, country="ES")
    assert found(viewer, "tingperson", partners=True) == []
    employment = Employment.objects.get(teacher=user)
    school_services.employment_validate(actor=officer, employment=employment)
    assert found(viewer, "tingperson", partners=True) == [user.pk]


def test_deactivating_and_deleting_a_user_removes_them(viewer):
    user = make_person("Lea", "Vingperson")
    user.is_active = False
    user.save()
    assert found(viewer, "vingperson") == []
    user.is_active = True
    user.save()
    assert found(viewer, "vingperson") == [user.pk]
    user.delete()
    assert found(viewer, "vingperson") == []


def test_renaming_a_school_renames_it_in_its_teachers_documents(viewer):
    school = SchoolFactory(name="Escuela Vieja", city="Toledo")
    user = make_person("Ana", "Teacherperson", school=school)
    school.name = "Escuela Nueva"
    school.save()
    assert found(viewer, "nueva") == [user.pk]
    assert found(viewer, "vieja") == []
    assert schools_found("nueva") == [school.pk]


def test_a_change_rolled_back_leaves_the_index_as_it_was(viewer):
    user = make_person("Old", "Beforeperson")
    school = SchoolFactory(name="Escuela Antes")
    seen_inside = []

    def change_then_fail() -> None:
        with transaction.atomic():
            user_update_settings(
                user=user, first_name="New", last_name="Afterperson", preferred_language="en", time_zone="Europe/Madrid"
            )
            school.name = "Escuela Despues"
            school.save()
            seen_inside.extend([found(viewer, "afterperson"), schools_found("despues")])
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen_inside == [[user.pk], [school.pk]]  # the index followed inside the transaction
    assert found(viewer, "afterperson") == []
    assert found(viewer, "beforeperson") == [user.pk]
    assert schools_found("despues") == []
    assert schools_found("antes") == [school.pk]


def test_verifying_a_school_rewrites_no_teacher_document(viewer):
    school = SchoolFactory(name="Escuela Verificada", country="ES", is_verified=False)
    make_person("Ver", "Ifiedperson", school=school)
    officer = make_officer(kind=SupportService.Kind.NATIONAL, country="ES")
    with mock.patch.object(services, "search_index_people", wraps=services.search_index_people) as index_people:
        school_services.school_verify(actor=officer, school=school)
    index_people.assert_not_called()
    assert schools_found("verificada") == [school.pk]


def test_renaming_a_school_rewrites_the_documents_of_its_current_teachers_only(viewer):
    school = SchoolFactory(name="Escuela Vieja")
    current = make_person("Now", "Hereperson", school=school)
    pending = make_person("Soon", "Hereperson", school=school, validated=False)
    gone = make_person("Then", "Goneperson")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    EmploymentFactory(
        teacher=gone, school=school, start_date=yesterday - datetime.timedelta(days=300), end_date=yesterday
    )
    refused = make_person("Never", "Goneperson")
    EmploymentFactory(teacher=refused, school=school, validation=Employment.Validation.REJECTED)
    school.name = "Escuela Nueva"
    with mock.patch.object(services, "search_index_people", wraps=services.search_index_people) as index_people:
        school.save()
    assert index_people.call_count == 1
    assert sorted(index_people.call_args.kwargs["user_ids"]) == sorted([current.pk, pending.pk])
    assert found(viewer, "nueva") == [current.pk, pending.pk]


def test_a_login_does_not_rewrite_the_document(viewer, django_assert_num_queries):
    user = make_person("Log", "Inperson")
    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the UPDATE, nothing for the index
        user.save(update_fields=["last_login"])


def test_the_rebuild_command_refills_the_index(viewer, capsys):
    user = make_person("Re", "Buildperson")
    school = SchoolFactory(name="Rebuild Academy")
    get_backend().clear()
    assert found(viewer, "buildperson") == []
    assert schools_found("rebuild") == []
    call_command("search_rebuild", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "people" in out
    assert "schools" in out
    assert " s." in out
    assert found(viewer, "buildperson") == [user.pk]
    assert schools_found("rebuild") == [school.pk]
    # Searching and upkeep still work on the swapped-in tables, typo tolerance included.
    renamed = make_person("Re", "Builtperson")
    assert found(viewer, "builtperson") == [user.pk, renamed.pk]  # one match only: the close name is added
    assert found(viewer, "buildpersen") == [user.pk]  # two slips from "builtperson": not that one


def test_rows_written_without_signals_arrive_with_the_rebuild(viewer):
    from twinning.accounts.models import User

    User.objects.bulk_create([User(email="bulk@example.org", first_name="Bulk", last_name="Loadedperson")])
    bulk = User.objects.get(email="bulk@example.org")
    Profile.objects.bulk_create([Profile(user=bulk)])
    assert found(viewer, "loadedperson") == []
    call_command("search_rebuild")
    assert found(viewer, "loadedperson") == [bulk.pk]


def test_the_index_is_emptied_when_no_user_is_left(viewer):
    make_person("Gho", "Stperson")
    assert not search_clear_if_no_users()
    with connection.cursor() as cursor:  # like flush: the rows go, no signal is sent
        for table in ("profiles_profile", "schools_employment", "account_emailaddress", "accounts_user"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    everyone = ViewerScope(user_id=0, sees_everyone=True)
    backend = get_backend()
    assert backend.fetch_ids(
        backend.people_query(viewer=everyone, terms=[], filters=PeopleFilters(), limit=9, offset=0)
    )
    assert search_clear_if_no_users()
    assert not backend.fetch_ids(
        backend.people_query(viewer=everyone, terms=[], filters=PeopleFilters(), limit=9, offset=0)
    )
