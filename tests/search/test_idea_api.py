"""The project ideas in the JSON API: search with filters, one idea, publish and close; allowed and
refused (pupils 404, signed out 401, held ideas their author's only, closing someone else's idea 404)."""

import json

import pytest

from tests.accounts.factories import UserFactory
from tests.forums.factories import publish
from twinning.forums.models import Idea

pytestmark = pytest.mark.django_db


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _payload(**changes):
    data = {
        "category": "ages-13-15",
        "title": "Robots in the classroom",
        "description": "Build small robots and film them.",
        "age_bands": ["13-15"],
        "subjects": ["computing"],
        "languages": ["en"],
        "countries_wanted": ["FR"],
        "keywords": "robots",
        "availability": "Spring",
    }
    data.update(changes)
    return data


def test_search_with_every_filter(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    publish(teacher_es, title="Poems", description="Poetry", age_bands=["4-6"], keywords="poems")
    client.force_login(teacher_fr)
    params = {
        "q": "weather",
        "category": "ages-10-12",
        "age": "10-12",
        "language": "en",
        "country": "FR",
        "subject": "biology",
    }
    body = client.get("/api/ideas/", params).json()
    assert [item["id"] for item in body["items"]] == [idea.pk]
    assert body["items"][0]["category"] == "ages-10-12"
    for name, other in [("age", "16-19"), ("language", "de"), ("country", "DE"), ("subject", "art")]:
        assert client.get("/api/ideas/", {**params, name: other}).json()["items"] == []


def test_bad_filters_are_refused(client, teacher_fr):
    client.force_login(teacher_fr)
    response = client.get("/api/ideas/", {"age": "99-100"})
    assert response.status_code == 400
    assert response.json()["field"] == "age"
    assert client.get("/api/ideas/", {"q": "a\x00b"}).status_code in (400, 422)


def test_closed_ideas_only_on_request(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    client.force_login(teacher_es)
    assert _post(client, f"/api/ideas/{idea.pk}/close").status_code == 200
    client.force_login(teacher_fr)
    assert client.get("/api/ideas/").json()["items"] == []
    assert [item["id"] for item in client.get("/api/ideas/", {"closed": "true"}).json()["items"]] == [idea.pk]


def test_one_idea_for_readers(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    client.force_login(teacher_fr)
    body = client.get(f"/api/ideas/{idea.pk}").json()
    assert body["title"] == idea.title
    assert body["replies"] == 0
    assert body["is_mine"] is False
    assert client.get("/api/ideas/999999").status_code == 404


def test_held_ideas_are_their_authors_only(client, pending_teacher_es, teacher_fr):
    idea = publish(pending_teacher_es)
    client.force_login(pending_teacher_es)
    assert client.get(f"/api/ideas/{idea.pk}").json()["held"] is True
    assert [item["id"] for item in client.get("/api/ideas/").json()["items"]] == [idea.pk]
    client.force_login(teacher_fr)
    assert client.get(f"/api/ideas/{idea.pk}").status_code == 404
    assert client.get("/api/ideas/").json()["items"] == []


def test_pupils_get_404_and_signed_out_401(client, teacher_es):
    idea = publish(teacher_es)
    assert client.get("/api/ideas/").status_code == 401
    assert client.get(f"/api/ideas/{idea.pk}").status_code == 401
    assert _post(client, "/api/ideas/", _payload()).status_code == 401
    client.force_login(UserFactory(is_pupil=True, is_validated=True))
    assert client.get("/api/ideas/").status_code == 404
    assert client.get(f"/api/ideas/{idea.pk}").status_code == 404
    assert _post(client, "/api/ideas/", _payload()).status_code == 404
    assert _post(client, f"/api/ideas/{idea.pk}/close").status_code == 404
    assert Idea.objects.count() == 1


def test_publish(client, teacher_es):
    client.force_login(teacher_es)
    response = _post(client, "/api/ideas/", _payload())
    assert response.status_code == 201
    body = response.json()
    assert body["is_mine"] is True
    assert body["held"] is False
    assert Idea.objects.get(pk=body["id"]).author == teacher_es


def test_a_national_idea_published_through_the_api_wants_the_authors_country(client, teacher_es):
    client.force_login(teacher_es)
    body = _post(client, "/api/ideas/", _payload(category="national-projects", countries_wanted=["FR"])).json()
    assert body["countries_wanted"] == ["ES"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "nowhere"}, "category"),
        ({"title": ""}, "title"),
        ({"age_bands": []}, "age_bands"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client, teacher_es, changes, field):
    client.force_login(teacher_es)
    response = _post(client, "/api/ideas/", _payload(**changes))
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Idea.objects.exists()


def test_nul_characters_are_refused(client, teacher_es):
    client.force_login(teacher_es)
    assert _post(client, "/api/ideas/", _payload(title="a\x00b")).status_code == 422
    assert not Idea.objects.exists()


def test_only_the_author_closes_once(client, teacher_es, teacher_fr, css_officer):
    idea = publish(teacher_es)
    for other in (teacher_fr, css_officer):
        client.force_login(other)
        assert _post(client, f"/api/ideas/{idea.pk}/close").status_code == 404
    client.force_login(teacher_es)
    response = _post(client, f"/api/ideas/{idea.pk}/close")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert _post(client, f"/api/ideas/{idea.pk}/close").status_code == 400
