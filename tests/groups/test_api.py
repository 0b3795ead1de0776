"""The groups JSON API: the directory, a group, join and leave, my invitations; refused is a 404 (pupils too)."""

import pytest

from tests.accounts.factories import UserFactory
from tests.groups.factories import add_member, make_group
from twinning.groups import services
from twinning.groups.models import Group, Invitation, Membership

Role = Membership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil(db):
    return UserFactory(is_pupil=True)


@pytest.fixture
def groups(teacher_es):
    open_group = make_group(admin=teacher_es, name="Open maths", kind=Group.Kind.OPEN, topic="maths")
    closed_group = make_group(admin=teacher_es, name="Closed poetry", kind=Group.Kind.CLOSED)
    waiting = Group.objects.create(
        name="Waiting one", description="d", aims="a", topic="maths", language="en", requested_by=teacher_es
    )
    return open_group, closed_group, waiting


def test_directory_lists_approved_groups_with_filters(client, teacher_fr, groups):
    open_group, closed_group, _waiting = groups
    client.force_login(teacher_fr)
    body = client.get("/api/groups/").json()
    assert body["count"] == 2
    assert [g["name"] for g in body["results"]] == ["Closed poetry", "Open maths"]
    assert client.get("/api/groups/", {"kind": "open"}).json()["results"][0]["id"] == open_group.pk
    assert client.get("/api/groups/", {"topic": "maths"}).json()["count"] == 1
    assert client.get("/api/groups/", {"q": "poetry"}).json()["results"][0]["id"] == closed_group.pk
    assert client.get("/api/groups/", {"q": "nothing-like-it"}).json()["count"] == 0


def test_detail_shows_staff_to_readers_only(client, teacher_es, teacher_fr, groups):
    open_group, closed_group, waiting = groups
    client.force_login(teacher_fr)
    data = client.get(f"/api/groups/{open_group.pk}").json()
    assert data["can_join"] is True
    assert data["staff"][0]["user_id"] == teacher_es.pk
    closed = client.get(f"/api/groups/{closed_group.pk}").json()
    assert closed["can_read"] is False
    assert closed["staff"] is None
    assert client.get(f"/api/groups/{waiting.pk}").status_code == 404
    assert client.get("/api/groups/999999").status_code == 404


def test_join_and_leave(client, teacher_fr, groups):
    open_group, closed_group, waiting = groups
    client.force_login(teacher_fr)
    response = client.post(f"/api/groups/{open_group.pk}/join")
    assert response.status_code == 200
    assert response.json()["member_count"] == 2
    assert client.post(f"/api/groups/{open_group.pk}/join").status_code == 400
    assert client.post(f"/api/groups/{closed_group.pk}/join").status_code == 404
    assert client.post(f"/api/groups/{waiting.pk}/join").status_code == 404
    assert not Membership.objects.filter(group=closed_group, user=teacher_fr).exists()
    assert client.post(f"/api/groups/{open_group.pk}/leave").status_code == 204
    assert client.post(f"/api/groups/{open_group.pk}/leave").status_code == 404
    open_group.refresh_from_db()
    assert open_group.member_count == 1


def test_the_only_administrator_cannot_leave(client, teacher_es, groups):
    open_group, _closed, _waiting = groups
    client.force_login(teacher_es)
    response = client.post(f"/api/groups/{open_group.pk}/leave")
    assert response.status_code == 400
    assert Membership.objects.filter(group=open_group, user=teacher_es, role=Role.ADMIN).exists()


def test_pending_teacher_cannot_join(client, pending_teacher_es, groups):
    client.force_login(pending_teacher_es)
    assert client.post(f"/api/groups/{groups[0].pk}/join").status_code == 400
    assert not Membership.objects.filter(user=pending_teacher_es).exists()


def test_my_invitations_accept_and_decline(client, teacher_es, teacher_fr, groups):
    _open, closed_group, _waiting = groups
    other = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    accept_me = services.group_invite(actor=teacher_es, group=closed_group, invitee=teacher_fr)
    decline_me = services.group_invite(actor=teacher_es, group=other, invitee=teacher_fr)
    client.force_login(teacher_fr)
    listed = client.get("/api/groups/invitations/").json()
    assert {row["id"] for row in listed} == {accept_me.pk, decline_me.pk}

    accepted = client.post(f"/api/groups/invitations/{accept_me.pk}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert Membership.objects.filter(group=closed_group, user=teacher_fr).exists()
    assert client.post(f"/api/groups/invitations/{accept_me.pk}/decline").status_code == 400
    assert client.post(f"/api/groups/invitations/{decline_me.pk}/decline").json()["state"] == "declined"
    assert not Membership.objects.filter(group=other, user=teacher_fr).exists()
    assert client.get("/api/groups/invitations/").json() == []
    assert client.get(f"/api/groups/{closed_group.pk}").json()["can_read"] is True


def test_someone_elses_invitation_is_a_404(client, teacher_es, teacher_fr, groups):
    invitation = services.group_invite(actor=teacher_es, group=groups[1], invitee=teacher_fr)
    client.force_login(UserFactory(is_validated=True))
    assert client.post(f"/api/groups/invitations/{invitation.pk}/accept").status_code == 404
    assert client.post(f"/api/groups/invitations/{invitation.pk}/decline").status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING


def test_pupils_get_404_everywhere(client, pupil, teacher_es, groups):
    open_group = groups[0]
    add_member(open_group, UserFactory(is_validated=True))
    client.force_login(pupil)
    for url in ("/api/groups/", f"/api/groups/{open_group.pk}", "/api/groups/invitations/"):
        assert client.get(url).status_code == 404, url
    for url in (f"/api/groups/{open_group.pk}/join", f"/api/groups/{open_group.pk}/leave"):
        assert client.post(url).status_code == 404, url
    assert not Membership.objects.filter(user=pupil).exists()


def test_signed_out_is_refused(client, groups):
    assert client.get("/api/groups/").status_code == 401
    assert client.post(f"/api/groups/{groups[0].pk}/join").status_code == 401
