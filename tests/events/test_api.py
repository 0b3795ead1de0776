"""The events JSON API: the same rules as the pages, allowed and refused (a private event not for me is a
404, pupils 404 everywhere, signed out 401, broken rules 400, malformed parameters 422)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event, make_teacher
from twinning.events import services
from twinning.events.models import Event, Registration
from twinning.network.services import contact_create

pytestmark = pytest.mark.django_db
BASE = "/api/events/"


def test_list_shows_visible_upcoming_events_with_filters(client, teacher_es, teacher_fr):
    workshop = make_event(organiser=teacher_es, title="Workshop on climate")
    training = make_event(organiser=teacher_es, kind=Event.Kind.TRAINING, language="fr")
    hidden = make_event(organiser=teacher_es, visibility=Event.Visibility.PRIVATE)
    face = make_event(organiser=teacher_es, format=Event.Format.FACE_TO_FACE, place="Sevilla")
    past = make_event(organiser=teacher_es)
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2), ends_at=timezone.now() - dt.timedelta(days=1)
    )
    client.force_login(teacher_fr)
    body = client.get(BASE).json()
    assert [row["id"] for row in body["results"]] == [workshop.pk, training.pk, face.pk]
    assert hidden.pk not in [row["id"] for row in body["results"]]
    first = body["results"][0]
    assert first["title"] == "Workshop on climate"
    assert first["registration"] == "open"
    assert first["can_register"] is True
    assert first["my_place"] is None
    assert [r["id"] for r in client.get(BASE, {"kind": "training"}).json()["results"]] == [training.pk]
    assert [r["id"] for r in client.get(BASE, {"language": "fr"}).json()["results"]] == [training.pk]
    assert [r["id"] for r in client.get(BASE, {"format": "face_to_face"}).json()["results"]] == [face.pk]
    later = (timezone.now() + dt.timedelta(days=30)).date().isoformat()
    assert client.get(BASE, {"date_from": later}).json()["results"] == []
    services.register(actor=teacher_fr, event=training)
    mine = client.get(BASE, {"mine": "true"}).json()["results"]
    assert [row["id"] for row in mine] == [training.pk]
    assert mine[0]["my_place"]["state"] == "registered"


def test_the_list_counts_queries_independently_of_its_length(client, teacher_es, teacher_fr):
    client.force_login(teacher_fr)
    services.register(actor=teacher_fr, event=make_event(organiser=teacher_es))
    client.get(BASE)  # the session's first read is not the list's
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(BASE).json()["results"]) == 1
    for _ in range(6):
        services.register(actor=teacher_fr, event=make_event(organiser=make_teacher()))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(BASE).json()["results"]) == 7
    assert len(many) == len(one)


@pytest.mark.parametrize(
    "params", [{"kind": "party"}, {"format": "hybrid"}, {"date_from": "soon"}, {"page": "x"}, {"mine": "perhaps"}]
)
def test_malformed_filters_are_422(client, teacher_fr, params):
    client.force_login(teacher_fr)
    assert client.get(BASE, params).status_code == 422


def test_private_event_is_404_unless_invited(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PRIVATE)
    client.force_login(teacher_fr)
    assert client.get(f"{BASE}{event.pk}").status_code == 404
    assert client.post(f"{BASE}{event.pk}/register").status_code == 404
    assert not Registration.objects.filter(event=event).exists()
    invited = make_teacher()
    contact_create(first=teacher_es, second=invited)
    services.event_invite(actor=teacher_es, event=event, invitee=invited)
    client.force_login(invited)
    assert client.get(f"{BASE}{event.pk}").json()["visibility"] == "private"
    assert client.post(f"{BASE}{event.pk}/register").json()["my_place"]["state"] == "registered"


def test_missing_and_huge_ids_are_404(client, teacher_fr):
    client.force_login(teacher_fr)
    assert client.get(f"{BASE}999999").status_code == 404
    assert client.get(f"{BASE}{2**70}").status_code == 404


def test_pupils_get_404_and_signed_out_401(client, teacher_es):
    event = make_event(organiser=teacher_es)
    assert client.get(BASE).status_code == 401
    assert client.post(f"{BASE}{event.pk}/register").status_code == 401
    client.force_login(UserFactory(is_pupil=True, is_validated=True))
    for response in (
        client.get(BASE),
        client.get(f"{BASE}{event.pk}"),
        client.post(f"{BASE}{event.pk}/register"),
        client.post(f"{BASE}{event.pk}/registration/cancel"),
    ):
        assert response.status_code == 404
    assert not Registration.objects.filter(event=event).exists()


def test_register_then_cancel_through_the_api(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_fr)
    assert client.post(f"{BASE}{event.pk}/registration/cancel").status_code == 404
    body = client.post(f"{BASE}{event.pk}/register").json()
    assert body["my_place"]["state"] == "registered"
    assert body["places_left"] == event.capacity - 1
    again = client.post(f"{BASE}{event.pk}/register")
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"
    body = client.post(f"{BASE}{event.pk}/registration/cancel").json()
    assert body["my_place"] is None
    assert body["places_left"] == event.capacity
    assert client.get(f"{BASE}{event.pk}/registration/cancel").status_code == 405


def test_the_capacity_rule_holds_through_the_api_with_the_line_and_an_offer(client, teacher_es):
    event = make_event(organiser=teacher_es, capacity=2)
    teachers = [make_teacher() for _ in range(4)]
    states = []
    for teacher in teachers:
        client.force_login(teacher)
        states.append(client.post(f"{BASE}{event.pk}/register").json()["my_place"])
    assert [place["state"] for place in states] == ["registered", "registered", "waiting", "waiting"]
    assert [place["position"] for place in states[2:]] == [1, 2]
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (2, 2)

    client.force_login(teachers[3])
    assert client.post(f"{BASE}{event.pk}/registration/accept").status_code == 404  # nothing offered
    client.force_login(teachers[0])
    client.post(f"{BASE}{event.pk}/registration/cancel")
    client.force_login(teachers[2])
    offered = client.get(f"{BASE}{event.pk}").json()
    assert offered["my_place"]["state"] == "offered"
    assert offered["places_left"] == 0  # the seat is held for the offer
    client.force_login(teachers[3])
    assert client.post(f"{BASE}{event.pk}/registration/accept").status_code == 404
    client.force_login(teachers[2])
    assert client.post(f"{BASE}{event.pk}/registration/accept").json()["my_place"]["state"] == "registered"
    event.refresh_from_db()
    assert event.seats_taken == 2
    assert Registration.objects.filter(event=event, state="registered").count() == 2


def test_broken_rules_are_400_with_their_code(client, teacher_es, teacher_fr, pending_teacher_es):
    soon = make_event(
        organiser=teacher_es,
        registration_opens_at=timezone.now() + dt.timedelta(days=1),
        registration_closes_at=timezone.now() + dt.timedelta(days=2),
    )
    client.force_login(teacher_fr)
    refused = client.post(f"{BASE}{soon.pk}/register")
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_open"
    client.force_login(teacher_es)
    assert client.post(f"{BASE}{soon.pk}/register").json()["code"] == "organiser"
    client.force_login(pending_teacher_es)
    assert client.get(f"{BASE}{soon.pk}").json()["can_register"] is False
    assert client.post(f"{BASE}{soon.pk}/register").json()["code"] == "not_validated"
    assert not Registration.objects.filter(event=soon).exists()


def test_an_expired_offer_is_400(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, capacity=1)
    holder = make_teacher()
    services.register(actor=holder, event=event)
    services.register(actor=teacher_fr, event=event)
    services.registration_cancel(actor=holder, registration=Registration.objects.get(event=event, user=holder))
    Registration.objects.filter(event=event, user=teacher_fr).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(teacher_fr)
    response = client.post(f"{BASE}{event.pk}/registration/accept")
    assert response.status_code == 400
    assert response.json()["code"] == "offer_gone"
