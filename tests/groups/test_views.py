"""The permission matrix of groups (open/closed x role x action), mentions, activities and query-count guards."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.groups.factories import add_member, make_group
from twinning.discussions.models import Post, Thread
from twinning.groups import services
from twinning.groups.models import Group, Invitation, Membership
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction

Role = Membership.Role
pytestmark = pytest.mark.django_db

ROLES = ["non_member", "invited", "member", "moderator", "admin", "css"]


@pytest.fixture
def world(teacher_es, css_officer):
    """One group of each kind with a person in every role, and a thread and activity in each."""
    people = {
        "admin": teacher_es,
        "moderator": UserFactory(is_validated=True),
        "member": UserFactory(is_validated=True),
        "invited": UserFactory(is_validated=True),
        "non_member": UserFactory(is_validated=True),
        "css": css_officer,
    }
    groups = {}
    for kind in (Group.Kind.OPEN, Group.Kind.CLOSED):
        group = make_group(admin=teacher_es, kind=kind)
        add_member(group, people["moderator"], Role.MODERATOR)
        add_member(group, people["member"])
        Invitation.objects.create(group=group, invitee=people["invited"], invited_by=teacher_es)
        day = datetime.date.today()
        services.activity_create(
            actor=teacher_es, group=group, title="Week one", description="Say hello.", starts_on=day, ends_on=day
        )
        groups[kind] = group
    return people, groups


def _thread(group):
    return Thread.objects.filter(forum=group.forum).first()


READ_URLS = [
    ("groups:discussions:threads", False),
    ("groups:documents:documents", False),
    ("groups:activities", False),
    ("groups:members", False),
    ("groups:discussions:thread", True),
]


def _can_read(kind, role):
    return kind == Group.Kind.OPEN or role in ("member", "moderator", "admin")


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(client, world, kind, role):
    people, groups = world
    group = groups[kind]
    client.force_login(people[role])
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200
    expected = 200 if _can_read(kind, role) else 404
    for name, with_thread in READ_URLS:
        kwargs = {"pk": group.pk}
        if with_thread:
            kwargs["thread_pk"] = _thread(group).pk
        assert client.get(reverse(name, kwargs=kwargs)).status_code == expected, name
    activity = group.activities.first()
    assert client.get(reverse("groups:activity", args=[group.pk, activity.pk])).status_code == expected
    about = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert ("Say hello" in about) is False  # activities are not on About
    assert ("Exchange lesson plans" in about) == _can_read(kind, role)


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(client, world, kind, role):
    people, groups = world
    group = groups[kind]
    client.force_login(people[role])
    thread = _thread(group)
    before = Post.objects.count()
    response = client.post(
        reverse("groups:discussions:reply", kwargs={"pk": group.pk, "thread_pk": thread.pk}), {"body": "Hi all"}
    )
    may_post = role in ("member", "moderator", "admin")
    if may_post:
        assert response.status_code == 302
        assert Post.objects.count() == before + 1
    else:
        assert response.status_code == 404 if not _can_read(kind, role) else response.status_code in (302, 403, 404)
        assert Post.objects.count() == before


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_join_matrix(client, world, kind, role):
    people, groups = world
    group = groups[kind]
    user = people[role]
    client.force_login(user)
    was_member = Membership.objects.filter(group=group, user=user).exists()
    response = client.post(reverse("groups:join", args=[group.pk]))
    is_member = Membership.objects.filter(group=group, user=user).exists()
    if (kind == Group.Kind.OPEN and not was_member) or was_member:
        assert response.status_code == 302
        assert is_member
    else:
        assert response.status_code == 404
        assert not is_member


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_leave_matrix(client, world, kind, role):
    people, groups = world
    group = groups[kind]
    user = people[role]
    client.force_login(user)
    response = client.post(reverse("groups:leave", args=[group.pk]))
    still = Membership.objects.filter(group=group, user=user).exists()
    if role in ("member", "moderator"):
        assert response.status_code == 302
        assert not still
    elif role == "admin":
        assert response.status_code == 302
        assert still
    else:
        assert response.status_code == 404
        assert not still


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_invite_matrix(client, world, kind, role):
    people, groups = world
    group = groups[kind]
    client.force_login(people[role])
    newcomer = UserFactory(is_validated=True)
    get = client.get(reverse("groups:invite", args=[group.pk]))
    post = client.post(reverse("groups:invite", args=[group.pk]), {"invitee": newcomer.pk})
    invited = Invitation.objects.filter(group=group, invitee=newcomer).exists()
    if role in ("moderator", "admin"):
        assert get.status_code == 200
        assert post.status_code == 302
        assert invited
    else:
        assert get.status_code == 404
        assert post.status_code == 404
        assert not invited


@pytest.mark.parametrize("kind", [Group.Kind.OPEN, Group.Kind.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_moderate_matrix(client, world, kind, role):
    """Pin a thread, hide a post, remove a member: moderators and administrators only."""
    people, groups = world
    group = groups[kind]
    client.force_login(people[role])
    thread = _thread(group)
    pin = client.post(
        reverse("groups:discussions:thread_pin", kwargs={"pk": group.pk, "thread_pk": thread.pk}), {"pinned": "1"}
    )
    victim = UserFactory(is_validated=True)
    add_member(group, victim)
    remove = client.post(reverse("groups:member_remove", args=[group.pk, victim.pk]))
    thread.refresh_from_db()
    removed = not Membership.objects.filter(group=group, user=victim).exists()
    if role in ("moderator", "admin"):
        assert pin.status_code == 302
        assert thread.is_pinned
        assert remove.status_code == 302
        assert removed
    else:
        assert pin.status_code == 404
        assert not thread.is_pinned
        assert remove.status_code == 404
        assert not removed


@pytest.mark.parametrize("role", ROLES)
def test_approve_matrix(client, world, role):
    people, _groups = world
    requester = UserFactory(is_validated=True)
    group = services.group_request(
        actor=requester, name="New", description="d", aims="a", topic="art", language="en", kind="open"
    )
    client.force_login(people[role])
    response = client.post(reverse("support:group_approve", args=[group.pk]))
    group.refresh_from_db()
    if role == "css":
        assert response.status_code == 302
        assert group.status == Group.Status.APPROVED
    else:
        assert response.status_code == 404
        assert group.status == Group.Status.REQUESTED


def test_invitation_accept_through_pages(client, world):
    people, groups = world
    group = groups[Group.Kind.CLOSED]
    invitation = Invitation.objects.get(group=group, invitee=people["invited"])
    client.force_login(people["member"])
    assert client.post(reverse("groups:invitation_accept", args=[invitation.pk])).status_code == 404
    client.force_login(people["invited"])
    page = client.get(reverse("groups:invitations"))
    assert group.name in page.content.decode()
    assert client.post(reverse("groups:invitation_accept", args=[invitation.pk])).status_code == 302
    assert Membership.objects.filter(group=group, user=people["invited"]).exists()
    assert client.get(reverse("groups:members", args=[group.pk])).status_code == 200


def test_requested_group_is_hidden(client, teacher_es, teacher_fr):
    group = services.group_request(
        actor=teacher_es, name="Soon", description="d", aims="a", topic="art", language="en", kind="open"
    )
    client.force_login(teacher_fr)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 404
    client.force_login(teacher_es)
    assert "Soon" in client.get(reverse("groups:mine")).content.decode()


def test_mention_and_activity_progress(client, world):
    people, groups = world
    group = groups[Group.Kind.CLOSED]
    member, moderator, outsider = people["member"], people["moderator"], people["non_member"]
    activity = group.activities.first()
    client.force_login(member)
    body = f"Thanks @{moderator.first_name} {moderator.last_name} and @{outsider.first_name} {outsider.last_name}!"
    response = client.post(
        reverse("groups:discussions:reply", kwargs={"pk": group.pk, "thread_pk": activity.thread_id}), {"body": body}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=moderator, kind="mention").count() == 1
    assert not Notification.objects.filter(recipient=outsider, kind="mention").exists()
    assert ProgressAction.objects.filter(user=member, kind="group_activity_joined", key=str(activity.pk)).exists()


def test_request_form_bad_input_stores_nothing(client, teacher_es):
    client.force_login(teacher_es)
    response = client.post(reverse("groups:request"), {"name": "", "description": "d", "aims": "a"})
    assert response.status_code == 200
    assert not Group.objects.exists()
    response = client.post(
        reverse("groups:request"),
        {"name": "Art club", "description": "d", "aims": "a", "topic": "art", "language": "en", "kind": "closed"},
    )
    assert response.status_code == 302
    assert Group.objects.get().status == Group.Status.REQUESTED


def test_pending_teacher_cannot_open_request_form(client, pending_teacher_es):
    client.force_login(pending_teacher_es)
    assert client.get(reverse("groups:request")).status_code == 404


def test_directory_search_and_filters(client, teacher_es):
    make_group(name="Robots in class", topic="computing")
    make_group(name="Poetry circle", topic="art", kind=Group.Kind.CLOSED)
    client.force_login(teacher_es)

    def names(**params):
        page = client.get(reverse("groups:index"), params)
        return {g.name for g in page.context["page"].object_list}

    assert names(q="robots") == {"Robots in class"}
    assert names(topic="art") == {"Poetry circle"}
    assert names(kind="closed") == {"Poetry circle"}
    assert names(language="fr") == set()


def _count(client, url):
    client.get(url)  # the first request of a session writes once (last seen, session)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_directory_query_count(client, teacher_es):
    make_group(admin=teacher_es)
    client.force_login(teacher_es)
    url = reverse("groups:index")
    one = _count(client, url)
    for _ in range(29):
        make_group()
    assert _count(client, url) == one


def test_discussions_query_count(client, teacher_es):
    group = make_group(admin=teacher_es)
    client.force_login(teacher_es)
    url = reverse("groups:discussions:threads", args=[group.pk])
    client.post(reverse("groups:discussions:thread_new", args=[group.pk]), {"title": "First", "body": "Hello"})
    one = _count(client, url)
    for n in range(29):
        client.post(reverse("groups:discussions:thread_new", args=[group.pk]), {"title": f"T{n}", "body": "Hello"})
    assert Thread.objects.filter(forum=group.forum).count() == 30
    assert _count(client, url) == one
