"""Search never shows a profile the viewer may not see: the index agrees with `visible_profiles`."""

import itertools

import pytest
from django.urls import reverse

from tests.accounts.factories import make_officer
from tests.schools.factories import SchoolFactory
from tests.search.conftest import found, make_person
from twinning.accounts.models import SupportService, User
from twinning.network.models import Block, Contact
from twinning.network.selectors import blocked_either_way_ids
from twinning.profiles.models import Audience, Profile
from twinning.profiles.permissions import visible_profiles

pytestmark = pytest.mark.django_db

VISIBILITIES = [Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS]
RELATIONS = ["stranger", "contact"]
BLOCKS = ["none", "viewer_blocked_owner", "owner_blocked_viewer"]


def _contact(a, b) -> None:
    low, high = sorted([a.pk, b.pk])
    Contact.objects.create(user_low_id=low, user_high_id=high)


@pytest.fixture
def grid(viewer):
    """One teacher for every visibility x relation x validated x available x blocked x active."""
    people = []
    for visibility, relation, validated, available, block, active in itertools.product(
        VISIBILITIES, RELATIONS, [True, False], [True, False], BLOCKS, [True, False]
    ):
        person = make_person(
            "Grid",
            "Gridperson",
            validated=validated,
            is_active=active,
            visibility=visibility,
            available_for_projects=available,
        )
        if relation == "contact":
            _contact(viewer, person)
        if block == "viewer_blocked_owner":
            Block.objects.create(blocker=viewer, blocked=person)
        elif block == "owner_blocked_viewer":
            Block.objects.create(blocker=person, blocked=viewer)
        people.append(person)
    return people


def _expected(viewer, *, partners: bool = False) -> list[int]:
    """What the rule says: `visible_profiles`, minus people blocked either way, filtered the same way."""
    profiles = visible_profiles(viewer).exclude(user_id__in=blocked_either_way_ids(viewer))
    profiles = profiles.filter(user__last_name="Gridperson")
    if partners:
        profiles = profiles.filter(user__is_validated=True, available_for_projects=True)
    return sorted(profiles.values_list("user_id", flat=True))


@pytest.mark.parametrize("partners", [False, True])
def test_search_results_equal_the_visibility_rule_for_a_teacher(viewer, grid, partners):
    expected = _expected(viewer, partners=partners)
    assert found(viewer, "gridperson", partners=partners) == expected
    # The same people when only filters are given (no words).
    assert [pk for pk in found(viewer, partners=partners) if pk in set(expected) | {p.pk for p in grid}] == expected
    # The grid covers both outcomes: some people are shown, some hidden.
    assert 0 < len(expected) < len(grid)


def test_search_results_equal_the_visibility_rule_for_support_staff(grid):
    officer = make_officer(kind=SupportService.Kind.NATIONAL, country="ES")
    expected = _expected(officer)
    assert found(officer, "gridperson") == expected
    assert len(expected) == len(grid)  # staff see everyone, inactive accounts too


def test_contacts_only_profiles_are_found_by_contacts_only(viewer):
    private = make_person("Priv", "Ateperson", visibility=Audience.CONTACTS)
    assert found(viewer, "ateperson") == []
    _contact(viewer, private)
    assert found(viewer, "ateperson") == [private.pk]


@pytest.mark.parametrize("direction", ["viewer_blocks", "owner_blocks"])
def test_blocking_hides_people_from_each_other_both_ways(viewer, direction):
    other = make_person("Blo", "Ckedperson", visibility=Audience.EVERYONE)
    assert found(viewer, "ckedperson") == [other.pk]
    if direction == "viewer_blocks":
        Block.objects.create(blocker=viewer, blocked=other)
    else:
        Block.objects.create(blocker=other, blocked=viewer)
    assert found(viewer, "ckedperson") == []
    assert viewer.pk not in found(other, "viewer zzz")


def test_the_partners_filter_leaves_out_teachers_not_validated_or_not_available(viewer):
    ready = make_person("Ready", "Partnerperson")
    waiting = make_person("Waiting", "Partnerperson", validated=False)
    busy = make_person("Busy", "Partnerperson", available_for_projects=False)
    assert found(viewer, "partnerperson") == [ready.pk, waiting.pk, busy.pk]
    assert found(viewer, "partnerperson", partners=True) == [ready.pk]


def test_inactive_accounts_are_not_found(viewer):
    gone = make_person("Gone", "Awayperson", is_active=False)
    assert found(viewer, "awayperson") == []
    assert gone.pk


def test_a_teacher_finds_themself_whatever_their_visibility(db):
    me = make_person("Self", "Seekerperson", visibility=Audience.CONTACTS)
    assert found(me, "seekerperson") == [me.pk]


def test_a_stale_index_entry_never_shows_a_profile_the_viewer_may_not_see(viewer):
    """Rows changed without signals (QuerySet.update) leave the index behind; the page still
    reads the people through the visibility rule, so nobody hidden appears."""
    hidden = make_person("Sta", "Leperson", visibility=Audience.EVERYONE)
    gone = make_person("Sta", "Leperson")
    assert found(viewer, "leperson") == [hidden.pk, gone.pk]
    Profile.objects.filter(user=hidden).update(visibility=Audience.CONTACTS)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    assert found(viewer, "leperson") == []


@pytest.mark.parametrize("direction", ["viewer_blocks", "owner_blocks"])
def test_the_school_page_hides_people_blocked_either_way(client, viewer, direction):
    school = SchoolFactory(name="Colegio Bloqueo")
    other = make_person("Blo", "Ckedteacher", school=school, visibility=Audience.EVERYONE)
    client.force_login(viewer)
    url = reverse("search:school", args=[school.pk])
    profile_url = reverse("profiles:detail", args=[other.pk])
    assert profile_url in client.get(url).content.decode()
    if direction == "viewer_blocks":
        Block.objects.create(blocker=viewer, blocked=other)
    else:
        Block.objects.create(blocker=other, blocked=viewer)
    assert profile_url not in client.get(url).content.decode()
