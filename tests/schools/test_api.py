"""The schools JSON API uses the same selectors as the pages and shows public fields only."""

from tests.schools.factories import SchoolFactory


def test_list_filters_by_name_and_country(client, db):
    SchoolFactory(name="Liceo Galileo", country="IT", head_teacher_email="preside@liceo.example.org")
    SchoolFactory(name="Lycée Galilée", country="FR")
    response = client.get("/api/schools/", {"q": "galil", "country": "IT"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "Liceo Galileo"
    assert "head_teacher_email" not in item
    assert "preside@liceo.example.org" not in response.content.decode()


def test_list_is_paginated(client, db):
    for n in range(60):
        SchoolFactory(name=f"School {n:02d}", country="PT")
    body = client.get("/api/schools/", {"country": "PT"}).json()
    assert body["count"] == 60
    assert len(body["items"]) == 50
    assert len(client.get("/api/schools/", {"country": "PT", "page": 2}).json()["items"]) == 10


def test_detail_and_unknown_school(client, db):
    school = SchoolFactory(name="Escola Básica", country="PT")
    response = client.get(f"/api/schools/{school.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Escola Básica"
    assert client.get("/api/schools/987654").status_code == 404
    assert client.get(f"/api/schools/{2**70}").status_code == 404


def test_bad_parameters_are_refused_not_crashing(client, db):
    assert client.get("/api/schools/", {"page": 0}).status_code == 422
    assert client.get("/api/schools/", {"country": "SPAIN"}).status_code == 422
    assert client.get("/api/schools/", {"q": "a\x00b"}).status_code == 200
