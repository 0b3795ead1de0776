"""Who sees a profile and its email address: page, API and querysets must agree."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from twinning.profiles.models import Audience, Profile
from twinning.profiles.permissions import (
    can_see_email,
    can_view_profile,
    email_visible_profiles,
    visible_profiles,
)

VIEWERS = ["anonymous", "member", "contact", "staff", "owner"]


@pytest.fixture
def viewers(teacher_es, teacher_fr, contact_of_es, nss_officer_fr):
    return {
        "anonymous": None,
        "member": teacher_fr,
        "contact": contact_of_es,
        "staff": nss_officer_fr,
        "owner": teacher_es,
    }


def _client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _viewer(user):
    return user if user is not None else AnonymousUser()


VISIBILITY_MATRIX = [
    (Audience.EVERYONE, {"anonymous": True, "member": True, "contact": True, "staff": True, "owner": True}),
    (Audience.MEMBERS, {"anonymous": False, "member": True, "contact": True, "staff": True, "owner": True}),
    (Audience.CONTACTS, {"anonymous": False, "member": False, "contact": True, "staff": True, "owner": True}),
]
VISIBILITY_CASES = [(vis, who, expected[who]) for vis, expected in VISIBILITY_MATRIX for who in VIEWERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("visibility", "who", "allowed"), VISIBILITY_CASES)
def test_profile_visibility_matrix(client, viewers, teacher_es, visibility, who, allowed):
    profile = profile_of(teacher_es, visibility=visibility)
    user = viewers[who]
    viewer = _viewer(user)
    _client_as(client, user)

    page = client.get(reverse("profiles:detail", args=[teacher_es.pk]))
    api = client.get(f"/api/profiles/{teacher_es.pk}")

    assert (page.status_code == 200) is allowed
    assert page.status_code in (200, 404)
    assert (api.status_code == 200) is allowed
    assert api.status_code in (200, 404)
    assert can_view_profile(viewer, profile) is allowed
    assert visible_profiles(viewer).filter(pk=profile.pk).exists() is allowed
    if allowed:
        assert api.json()["user_id"] == teacher_es.pk


EMAIL_MATRIX = [
    (Audience.MEMBERS, {"anonymous": False, "member": True, "contact": True, "staff": True, "owner": True}),
    (Audience.CONTACTS, {"anonymous": False, "member": False, "contact": True, "staff": True, "owner": True}),
    (Audience.NOBODY, {"anonymous": False, "member": False, "contact": False, "staff": True, "owner": True}),
]
EMAIL_CASES = [(vis, who, expected[who]) for vis, expected in EMAIL_MATRIX for who in VIEWERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("email_visibility", "who", "allowed"), EMAIL_CASES)
def test_email_visibility_matrix(client, viewers, teacher_es, email_visibility, who, allowed):
    profile = profile_of(teacher_es, visibility=Audience.EVERYONE, email_visibility=email_visibility)
    user = viewers[who]
    viewer = _viewer(user)
    _client_as(client, user)

    page = client.get(reverse("profiles:detail", args=[teacher_es.pk]))
    api = client.get(f"/api/profiles/{teacher_es.pk}").json()

    assert page.status_code == 200
    assert (teacher_es.email in page.content.decode()) is allowed
    assert (api["email"] == teacher_es.email) is allowed
    if not allowed:
        assert api["email"] is None
    assert can_see_email(viewer, profile) is allowed
    assert email_visible_profiles(viewer).filter(pk=profile.pk).exists() is allowed


@pytest.mark.django_db
def test_email_never_shown_where_the_profile_itself_is_hidden(teacher_es, teacher_fr):
    profile = profile_of(teacher_es, visibility=Audience.CONTACTS, email_visibility=Audience.MEMBERS)
    assert not can_see_email(teacher_fr, profile)
    assert not email_visible_profiles(teacher_fr).filter(pk=profile.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "allowed"), [("anonymous", False), ("member", False), ("contact", False), ("staff", True)]
)
def test_inactive_owner_profile_is_hidden_except_from_staff(client, viewers, teacher_es, who, allowed):
    profile = profile_of(teacher_es, visibility=Audience.EVERYONE)
    teacher_es.is_active = False
    teacher_es.save()
    user = viewers[who]
    _client_as(client, user)

    assert (client.get(reverse("profiles:detail", args=[teacher_es.pk])).status_code == 200) is allowed
    assert (client.get(f"/api/profiles/{teacher_es.pk}").status_code == 200) is allowed
    profile.refresh_from_db()
    assert can_view_profile(_viewer(user), profile) is allowed
    assert visible_profiles(_viewer(user)).filter(pk=profile.pk).exists() is allowed


@pytest.mark.django_db
def test_a_user_without_profile_is_not_found(client, teacher_fr):
    staffless = UserFactory(with_profile=False)
    client.force_login(teacher_fr)
    assert client.get(reverse("profiles:detail", args=[staffless.pk])).status_code == 404
    assert client.get(f"/api/profiles/{staffless.pk}").status_code == 404
    assert client.get(reverse("profiles:detail", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_refused_looks_exactly_like_missing(client, teacher_es):
    profile_of(teacher_es, visibility=Audience.MEMBERS)
    refused = client.get(reverse("profiles:detail", args=[teacher_es.pk]))
    missing = client.get(reverse("profiles:detail", args=[999_999]))
    assert refused.status_code == missing.status_code == 404
    assert [t.name for t in refused.templates] == [t.name for t in missing.templates]
    assert teacher_es.last_name not in refused.content.decode()
    api_refused = client.get(f"/api/profiles/{teacher_es.pk}")
    api_missing = client.get("/api/profiles/999999")
    assert api_refused.status_code == api_missing.status_code == 404
    assert api_refused.json() == api_missing.json()


@pytest.mark.django_db
def test_own_profile_is_created_when_missing(client):
    user = UserFactory(with_profile=False)
    client.force_login(user)
    assert client.get(reverse("profiles:detail", args=[user.pk])).status_code == 200
    assert Profile.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_visible_profiles_over_many_owners_agrees_with_the_check(teacher_es, teacher_fr, contact_of_es, nss_officer_es):
    """Contacts stored either way round (low/high) are found by the queryset."""
    others = []
    for visibility in Audience.values:
        if visibility == Audience.NOBODY:
            continue
        for _ in range(2):
            other = UserFactory()
            profile_of(other, visibility=visibility)
            others.append(other)
    from twinning.network.services import contact_create

    contact_create(first=contact_of_es, second=others[-1])
    contact_create(first=others[-2], second=contact_of_es)
    for viewer in [AnonymousUser(), teacher_es, teacher_fr, contact_of_es, nss_officer_es]:
        expected = {p.pk for p in Profile.objects.select_related("user") if can_view_profile(viewer, p)}
        assert set(visible_profiles(viewer).values_list("pk", flat=True)) == expected


# Blocks: someone the owner blocked sees the profile only when it is public to everyone.

BLOCK_MATRIX = [
    (Audience.EVERYONE, {"blocked_by_owner": True, "blocker_of_owner": True, "staff_blocked_by_owner": True}),
    (Audience.MEMBERS, {"blocked_by_owner": False, "blocker_of_owner": True, "staff_blocked_by_owner": True}),
    (Audience.CONTACTS, {"blocked_by_owner": False, "blocker_of_owner": False, "staff_blocked_by_owner": True}),
]
BLOCK_CASES = [(vis, who, expected[who]) for vis, expected in BLOCK_MATRIX for who in expected]


@pytest.mark.django_db
@pytest.mark.parametrize(("visibility", "who", "allowed"), BLOCK_CASES)
def test_profile_visibility_under_a_block(client, teacher_es, teacher_fr, nss_officer_fr, visibility, who, allowed):
    from twinning.network.models import Block

    profile = profile_of(teacher_es, visibility=visibility)
    if who == "blocked_by_owner":
        viewer = teacher_fr
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    elif who == "blocker_of_owner":
        viewer = teacher_fr
        Block.objects.create(blocker=teacher_fr, blocked=teacher_es)
    else:
        viewer = nss_officer_fr
        Block.objects.create(blocker=teacher_es, blocked=nss_officer_fr)
    client.force_login(viewer)

    page = client.get(reverse("profiles:detail", args=[teacher_es.pk]))
    api = client.get(f"/api/profiles/{teacher_es.pk}")

    assert page.status_code == (200 if allowed else 404)
    assert api.status_code == (200 if allowed else 404)
    assert can_view_profile(viewer, profile) is allowed
    assert visible_profiles(viewer).filter(pk=profile.pk).exists() is allowed
    # The owner still sees their own profile whoever they blocked.
    assert can_view_profile(teacher_es, profile)
    assert visible_profiles(teacher_es).filter(pk=profile.pk).exists()


@pytest.mark.django_db
def test_a_block_by_another_owner_hides_nothing_else(teacher_es, teacher_fr):
    from twinning.network.models import Block

    other = UserFactory()
    profile = profile_of(other, visibility=Audience.MEMBERS)
    Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    assert can_view_profile(teacher_fr, profile)
    assert visible_profiles(teacher_fr).filter(pk=profile.pk).exists()


@pytest.mark.django_db
def test_visible_profiles_under_blocks_agrees_with_the_check(teacher_es, teacher_fr):
    """Owners of every visibility, blocking the viewer or blocked by them: the queryset and the check agree."""
    from twinning.network.models import Block

    for visibility in [Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS]:
        for relation in ["blocks_viewer", "blocked_by_viewer", "none"]:
            owner = UserFactory()
            profile_of(owner, visibility=visibility)
            if relation == "blocks_viewer":
                Block.objects.create(blocker=owner, blocked=teacher_fr)
            elif relation == "blocked_by_viewer":
                Block.objects.create(blocker=teacher_fr, blocked=owner)
    for viewer in [teacher_es, teacher_fr]:
        expected = {p.pk for p in Profile.objects.select_related("user") if can_view_profile(viewer, p)}
        assert set(visible_profiles(viewer).values_list("pk", flat=True)) == expected
    hidden = Profile.objects.filter(user__blocks_made__blocked=teacher_fr).exclude(visibility=Audience.EVERYONE)
    assert hidden.count() == 2
    assert not visible_profiles(teacher_fr).filter(pk__in=hidden).exists()
