"""Project kits: only the central support service writes and publishes them; founders see published ones."""

import pytest
from django.core.exceptions import ValidationError

from twinning.core.errors import DomainError, PermissionRefused
from twinning.projects import kits
from twinning.projects.models import Kit

GOOD = {
    "title": "Our  town's   trees",
    "summary": "Pupils map and compare the trees around their schools.",
    "activities": "Week 1: introductions.\nWeek 2: tree walks.",
    "subjects": ["biology", "biology", "art"],
    "age_bands": ["7-9"],
    "languages": ["en"],
    "description": "A spring project outdoors.",
    "aims": "Observe, measure, share.",
    "expected_results": "A shared tree atlas.",
}

WRITERS = ["css_officer"]
REFUSED = ["teacher_es", "nss_officer_es", "regional_officer_an", "head_teacher_es"]


def make_kit(css_officer, **changes) -> Kit:
    return kits.kit_create(actor=css_officer, **{**GOOD, **changes})


@pytest.mark.django_db
def test_css_creates_a_kit_with_tidy_values(css_officer):
    kit = make_kit(css_officer)
    assert kit.pk
    assert kit.title == "Our town's trees"
    assert kit.subjects == ["art", "biology"]
    assert kit.created_by == css_officer
    assert kit.is_published is False
    assert kit not in kits.published_kits()


@pytest.mark.parametrize("persona", REFUSED)
def test_other_people_cannot_create_kits(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionRefused):
        kits.kit_create(actor=user, **GOOD)
    assert not Kit.objects.exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_other_people_cannot_update_or_publish(request, persona, css_officer):
    kit = make_kit(css_officer)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionRefused):
        kits.kit_update(actor=user, kit=kit, title="Hijacked")
    with pytest.raises(PermissionRefused):
        kits.kit_set_published(actor=user, kit=kit, published=True)
    kit.refresh_from_db()
    assert kit.title == "Our town's trees"
    assert kit.is_published is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"summary": ""}, "summary"),
        ({"activities": "\n"}, "activities"),
        ({"subjects": []}, "subjects"),
        ({"age_bands": []}, "age_bands"),
        ({"title": "Nul\x00byte"}, "title"),
    ],
)
def test_bad_kits_are_refused_with_the_field_named(css_officer, changes, field):
    with pytest.raises(DomainError) as exc:
        make_kit(css_officer, **changes)
    assert exc.value.field == field
    assert exc.value.message
    assert not Kit.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"subjects": ["astrology"]}, {"languages": ["xx"]}, {"age_bands": ["99-100"]}, {"title": "x" * 201}],
)
def test_unknown_codes_and_too_long_text_are_refused(css_officer, changes):
    with pytest.raises(ValidationError):
        make_kit(css_officer, **changes)
    assert not Kit.objects.exists()


def test_update_changes_content_and_a_refused_update_changes_nothing(css_officer):
    kit = make_kit(css_officer)
    kits.kit_update(actor=css_officer, kit=kit, title="Trees and birds", subjects=["biology"])
    kit.refresh_from_db()
    assert kit.title == "Trees and birds"
    assert kit.subjects == ["biology"]
    with pytest.raises(DomainError):
        kits.kit_update(actor=css_officer, kit=kit, title="", summary="Changed too")
    assert kit.title == "Trees and birds"
    kit.refresh_from_db()
    assert kit.title == "Trees and birds"
    assert kit.summary == GOOD["summary"]


def test_publish_and_unpublish(css_officer):
    kit = make_kit(css_officer)
    with pytest.raises(Kit.DoesNotExist):
        kits.kit_get_published(pk=kit.pk)
    kits.kit_set_published(actor=css_officer, kit=kit, published=True)
    assert list(kits.published_kits()) == [kit]
    assert kits.kit_get_published(pk=kit.pk) == kit
    kits.kit_set_published(actor=css_officer, kit=kit, published=False)
    assert not kits.published_kits().exists()
    with pytest.raises(Kit.DoesNotExist):
        kits.kit_get_published(pk=kit.pk)


@pytest.mark.django_db
def test_absent_kit_is_does_not_exist():
    with pytest.raises(Kit.DoesNotExist):
        kits.kit_get_published(pk=987654)


def test_prefill_turns_activities_into_the_work_process(css_officer):
    kit = make_kit(css_officer)
    data = kits.kit_prefill(kit)
    assert data == {
        "title": "Our town's trees",
        "summary": GOOD["summary"],
        "description": GOOD["description"],
        "aims": GOOD["aims"],
        "work_process": GOOD["activities"],
        "expected_results": GOOD["expected_results"],
        "subjects": ["art", "biology"],
        "age_bands": ["7-9"],
        "languages": ["en"],
    }
