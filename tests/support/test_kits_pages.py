"""Project kit pages in Support: the central support service only; everyone else gets a 404."""

import pytest
from django.urls import reverse

from twinning.projects import kits
from twinning.projects.models import Kit

PERSONAS = ["css_officer", "nss_officer_es", "regional_officer_an", "teacher_es"]
FORM = {
    "title": "Weather diaries",
    "summary": "Pupils keep a weather diary and compare it with their partners'.",
    "description": "",
    "aims": "Read and compare data.",
    "activities": "Measure every morning; share a chart each week.",
    "expected_results": "A joint climate chart.",
    "subjects": ["geography", "maths"],
    "age_bands": ["10-12"],
    "languages": ["en", "fr"],
}


@pytest.fixture
def kit(css_officer) -> Kit:
    return kits.kit_create(
        actor=css_officer,
        title="Existing kit",
        summary="Already there.",
        activities="Things to do.",
        subjects=["art"],
        age_bands=["7-9"],
    )


def _allowed(persona: str) -> bool:
    return persona == "css_officer"


@pytest.mark.parametrize("persona", PERSONAS)
def test_kit_list_and_forms_are_for_the_css_only(client, request, persona, kit):
    client.force_login(request.getfixturevalue(persona))
    expected = 200 if _allowed(persona) else 404
    assert client.get(reverse("support:kits")).status_code == expected
    assert client.get(reverse("support:kit_create")).status_code == expected
    assert client.get(reverse("support:kit_edit", args=[kit.pk])).status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_a_kit(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("support:kit_create"), FORM)
    if _allowed(persona):
        assert response.status_code == 302
        kit = Kit.objects.get()
        assert kit.title == "Weather diaries"
        assert kit.subjects == ["geography", "maths"]
        assert kit.is_published is False
    else:
        assert response.status_code == 404
        assert not Kit.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_a_kit(client, request, persona, kit):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("support:kit_edit", args=[kit.pk]), {**FORM, "title": "Renamed kit"})
    kit.refresh_from_db()
    if _allowed(persona):
        assert response.status_code == 302
        assert kit.title == "Renamed kit"
    else:
        assert response.status_code == 404
        assert kit.title == "Existing kit"


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_and_unpublishing(client, request, persona, kit):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("support:kit_publish", args=[kit.pk])
    response = client.post(url, {"published": "1"})
    kit.refresh_from_db()
    if not _allowed(persona):
        assert response.status_code == 404
        assert kit.is_published is False
        return
    assert response.status_code == 302
    assert kit.is_published is True
    assert list(kits.published_kits()) == [kit]
    client.post(url, {"published": "0"})
    kit.refresh_from_db()
    assert kit.is_published is False


def test_save_and_publish_at_once(client, css_officer):
    client.force_login(css_officer)
    client.post(reverse("support:kit_create"), {**FORM, "publish": "1"})
    assert Kit.objects.get().is_published is True


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"activities": ""},
        {"subjects": []},
        {"age_bands": []},
        {"subjects": ["astrology"]},
        {"summary": "x" * 501},
        {"title": "Nul\x00char"},
    ],
)
def test_bad_kits_are_refused_with_nothing_stored(client, css_officer, changes):
    client.force_login(css_officer)
    response = client.post(reverse("support:kit_create"), {**FORM, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Kit.objects.exists()


def test_a_refused_edit_changes_nothing(client, css_officer, kit):
    client.force_login(css_officer)
    response = client.post(reverse("support:kit_edit", args=[kit.pk]), {**FORM, "title": "", "summary": "Changed"})
    assert response.status_code == 200
    kit.refresh_from_db()
    assert kit.title == "Existing kit"
    assert kit.summary == "Already there."


def test_unknown_kit_is_404(client, css_officer):
    client.force_login(css_officer)
    assert client.get(reverse("support:kit_edit", args=[987654])).status_code == 404
    assert client.post(reverse("support:kit_publish", args=[987654]), {"published": "1"}).status_code == 404


def test_the_kits_tab_shows_for_the_css_only(client, css_officer, nss_officer_es):
    client.force_login(css_officer)
    assert reverse("support:kits") in client.get(reverse("support:index")).content.decode()
    client.force_login(nss_officer_es)
    assert reverse("support:kits") not in client.get(reverse("support:index")).content.decode()
