"""Helpers for the search tests: people with schools, and a search as a viewer sees it."""

import pytest

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.schools.models import Employment
from twinning.search.backends.base import PeopleFilters, SchoolFilters
from twinning.search.selectors import people_search, school_search


def make_person(
    first_name: str = "Ana",
    last_name: str = "Pérez",
    *,
    school=None,
    country: str = "ES",
    region: str = "",
    validated: bool = True,
    is_active: bool = True,
    **profile,
):
    """A teacher with a current school and a profile (`profile` fields saved on it)."""
    school = school or SchoolFactory(country=country, region=region)
    user = UserFactory(first_name=first_name, last_name=last_name, is_validated=validated, is_active=is_active)
    EmploymentFactory(
        teacher=user,
        school=school,
        validation=Employment.Validation.VALIDATED if validated else Employment.Validation.PENDING,
    )
    profile_of(user, **profile)
    return user


def found(viewer, q: str = "", **filters) -> list[int]:
    """Ids of the people `viewer` finds (every page)."""
    ids: list[int] = []
    page = 1
    while True:
        result = people_search(viewer=viewer, query=q, filters=PeopleFilters(**filters), page=page)
        ids += [person.user.pk for person in result.items]
        if not result.has_next:
            return ids
        page += 1


def schools_found(q: str = "", **filters) -> list[int]:
    return [school.pk for school in school_search(query=q, filters=SchoolFilters(**filters)).items]


@pytest.fixture
def viewer(db):
    return UserFactory(first_name="Viewer", last_name="Zzz")
