"""Profile services: owner only, clean input, progress recorded once."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from tests.profiles.factories import image_bytes, profile_of, upload
from twinning.core.errors import DomainError, PermissionRefused
from twinning.profiles.models import Audience, Profile
from twinning.profiles.services import (
    interests_normalise,
    profile_ensure,
    profile_remove_photo,
    profile_set_photo,
    profile_update,
    profile_update_privacy,
)
from twinning.progress.models import ProgressAction


def _update(profile, actor=None, **changes):
    values = {
        "about": profile.about,
        "subjects": profile.subjects,
        "languages": profile.languages,
        "age_bands": profile.age_bands,
        "interests": profile.interests,
        "available_for_projects": profile.available_for_projects,
        "available_for_plus": profile.available_for_plus,
    }
    values.update(changes)
    return profile_update(actor=actor or profile.user, profile=profile, **values)


def _progress(user, kind):
    return ProgressAction.objects.filter(user=user, kind=kind).count()


@pytest.mark.django_db
def test_profile_ensure_creates_once():
    user = UserFactory(with_profile=False)
    first = profile_ensure(user=user)
    second = profile_ensure(user=user)
    assert first.pk == second.pk
    assert Profile.objects.filter(user=user).count() == 1
    assert first.visibility == Audience.MEMBERS


@pytest.mark.django_db
def test_profile_update_saves_everything(teacher_es):
    profile = profile_of(teacher_es)
    _update(
        profile,
        about="  I teach history in Seville.  ",
        subjects=["history", "geography"],
        languages=["es", "en"],
        age_bands=["13-15"],
        interests="Robotics, climate , ROBOTICS,  outdoor   learning",
        available_for_projects=False,
        available_for_plus=True,
    )
    profile = Profile.objects.get(pk=profile.pk)
    assert profile.about == "I teach history in Seville."
    assert profile.subjects == ["history", "geography"]
    assert profile.languages == ["es", "en"]
    assert profile.age_bands == ["13-15"]
    assert profile.interests == ["robotics", "climate", "outdoor learning"]
    assert profile.available_for_projects is False
    assert profile.available_for_plus is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        (" , ,", []),
        ("Art,art, ART ", ["art"]),
        (["  Space  Travel ", "space travel", "maths"], ["space travel", "maths"]),
        (",".join(f"k{i}" for i in range(20)), [f"k{i}" for i in range(20)]),
        ("x" * 40, ["x" * 40]),
    ],
)
def test_interests_normalise(raw, expected):
    assert interests_normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [(",".join(f"k{i}" for i in range(21)), "too_many"), ("fine, " + "x" * 41, "too_long")],
)
def test_interests_refused_with_a_clear_message(raw, code):
    with pytest.raises(DomainError) as error:
        interests_normalise(raw)
    assert error.value.code == code
    assert error.value.field == "interests"
    assert "20" in error.value.message or "40" in error.value.message


@pytest.mark.django_db
def test_profile_update_refuses_bad_input_and_changes_nothing(teacher_es):
    profile = profile_of(teacher_es, about="Before", subjects=["art"])
    with pytest.raises(ValidationError):
        _update(profile, about="After", subjects=["astrology"])
    assert profile.about == "Before"
    with pytest.raises(DomainError):
        _update(profile, about="After", interests=["x" * 41])
    stored = Profile.objects.get(pk=profile.pk)
    assert stored.about == "Before"
    assert stored.subjects == ["art"]
    assert _progress(teacher_es, "about_written") == 0


@pytest.mark.django_db
def test_only_the_owner_may_change_a_profile(teacher_es, teacher_fr, nss_officer_es):
    profile = profile_of(teacher_es, about="Mine", visibility=Audience.MEMBERS)
    for actor in (teacher_fr, nss_officer_es):
        with pytest.raises(PermissionRefused):
            _update(profile, actor=actor, about="Hijacked")
        with pytest.raises(PermissionRefused):
            profile_update_privacy(
                actor=actor,
                profile=profile,
                visibility=Audience.EVERYONE,
                hide_from_search_engines=False,
                email_visibility=Audience.MEMBERS,
                messages_from=Audience.MEMBERS,
            )
        with pytest.raises(PermissionRefused):
            profile_set_photo(actor=actor, profile=profile, upload=upload(image_bytes()))
        with pytest.raises(PermissionRefused):
            profile_remove_photo(actor=actor, profile=profile)
    stored = Profile.objects.get(pk=profile.pk)
    assert stored.about == "Mine"
    assert stored.visibility == Audience.MEMBERS
    assert not stored.photo


@pytest.mark.django_db
def test_privacy_update(teacher_es):
    profile = profile_of(teacher_es)
    profile_update_privacy(
        actor=teacher_es,
        profile=profile,
        visibility=Audience.EVERYONE,
        hide_from_search_engines=False,
        email_visibility=Audience.NOBODY,
        messages_from=Audience.CONTACTS,
    )
    stored = Profile.objects.get(pk=profile.pk)
    assert (stored.visibility, stored.hide_from_search_engines) == (Audience.EVERYONE, False)
    assert (stored.email_visibility, stored.messages_from) == (Audience.NOBODY, Audience.CONTACTS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("visibility", Audience.NOBODY), ("email_visibility", Audience.EVERYONE), ("messages_from", "aliens")],
)
def test_privacy_refuses_values_outside_the_choices(teacher_es, field, value):
    profile = profile_of(teacher_es)
    values = {
        "visibility": Audience.MEMBERS,
        "hide_from_search_engines": True,
        "email_visibility": Audience.CONTACTS,
        "messages_from": Audience.MEMBERS,
        field: value,
    }
    with pytest.raises(ValidationError):
        profile_update_privacy(actor=teacher_es, profile=profile, **values)
    stored = Profile.objects.get(pk=profile.pk)
    assert getattr(stored, field) != value
    assert getattr(profile, field) != value


@pytest.mark.django_db
def test_about_written_recorded_once_and_only_when_not_empty(teacher_es):
    profile = profile_of(teacher_es)
    _update(profile, about="   ")
    assert _progress(teacher_es, "about_written") == 0
    _update(profile, about="Hello")
    _update(profile, about="Hello again")
    _update(profile, about="")
    _update(profile, about="Back")
    assert _progress(teacher_es, "about_written") == 1


@pytest.mark.django_db
def test_photo_added_recorded_once(teacher_es):
    profile = profile_of(teacher_es)
    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes(color=(1, 2, 3))))
    assert _progress(teacher_es, "photo_added") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("photo_last", [True, False])
def test_profile_complete_recorded_when_it_becomes_complete(teacher_es, photo_last):
    profile = profile_of(teacher_es)
    if not photo_last:
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
        assert _progress(teacher_es, "profile_complete") == 0
    _update(profile, about="Hi", subjects=["art"], languages=["es"])
    assert _progress(teacher_es, "profile_complete") == 0
    _update(profile, age_bands=["7-9"])
    assert _progress(teacher_es, "profile_complete") == (0 if photo_last else 1)
    if photo_last:
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    assert Profile.objects.get(pk=profile.pk).is_complete
    assert _progress(teacher_es, "profile_complete") == 1
    _update(profile, about="Still complete")
    assert _progress(teacher_es, "profile_complete") == 1
