"""Withdrawing invitations, the group's history, member_count after a sequence of moves, the invite picker's pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.groups.factories import add_member, make_group
from twinning.core.errors import DomainError, PermissionRefused
from twinning.groups import services
from twinning.groups.models import Group, GroupLogEntry, Invitation, Membership
from twinning.network.services import contact_create
from twinning.notifications.models import Notification

Role = Membership.Role
Action = GroupLogEntry.Action
pytestmark = pytest.mark.django_db


def _unread_invitation_notices(user):
    return Notification.objects.filter(recipient=user, kind="group_invitation", read_at__isnull=True).count()


def _actions(group):
    return list(GroupLogEntry.objects.filter(group=group).order_by("pk").values_list("action", flat=True))


# --- withdrawing an invitation -----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MODERATOR])
def test_admins_and_moderators_withdraw_a_pending_invitation(teacher_es, teacher_fr, role):
    group = make_group(kind=Group.Kind.CLOSED)
    staff = UserFactory(is_validated=True)
    add_member(group, staff, role)
    invitation = services.group_invite(actor=staff, group=group, invitee=teacher_fr)
    assert _unread_invitation_notices(teacher_fr) == 1

    services.invitation_withdraw(actor=staff, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN
    assert invitation.decided_at is not None
    assert _unread_invitation_notices(teacher_fr) == 0
    with pytest.raises(DomainError):
        services.invitation_accept(actor=teacher_fr, invitation=invitation)
    assert not Membership.objects.filter(group=group, user=teacher_fr).exists()
    assert GroupLogEntry.objects.filter(group=group, action=Action.WITHDRAWN, actor=staff).exists()


def test_a_withdrawn_invitee_can_be_invited_again(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    first = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_withdraw(actor=teacher_es, invitation=first)
    again = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    assert again.state == Invitation.State.PENDING
    assert _unread_invitation_notices(teacher_fr) == 1


def test_withdrawing_keeps_the_notice_of_another_invitation_from_the_same_person(teacher_es, teacher_fr):
    one = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    two = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    invitation = services.group_invite(actor=teacher_es, group=one, invitee=teacher_fr)
    services.group_invite(actor=teacher_es, group=two, invitee=teacher_fr)
    services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    assert _unread_invitation_notices(teacher_fr) == 2  # the other one still waits


@pytest.mark.parametrize("who", ["member", "invitee", "outsider", "css"])
def test_others_cannot_withdraw(teacher_es, teacher_fr, css_officer, who):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    member = UserFactory(is_validated=True)
    add_member(group, member)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    actor = {"member": member, "invitee": teacher_fr, "outsider": UserFactory(is_validated=True), "css": css_officer}[
        who
    ]
    with pytest.raises(PermissionRefused):
        services.invitation_withdraw(actor=actor, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING


@pytest.mark.parametrize("state", [Invitation.State.ACCEPTED, Invitation.State.DECLINED])
def test_an_answered_invitation_cannot_be_withdrawn(teacher_es, teacher_fr, state):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    answer = services.invitation_accept if state == Invitation.State.ACCEPTED else services.invitation_decline
    answer(actor=teacher_fr, invitation=invitation)
    with pytest.raises(DomainError):
        services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == state


def test_withdraw_page_allowed_and_refused(client, teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    member = UserFactory(is_validated=True)
    add_member(group, member)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    url = reverse("groups:invitation_withdraw", kwargs={"pk": group.pk, "invitation_pk": invitation.pk})

    client.force_login(member)
    assert client.post(url).status_code == 404
    client.force_login(teacher_fr)
    assert client.post(url).status_code == 404
    other = make_group(admin=teacher_es)
    client.force_login(teacher_es)
    wrong_group = reverse("groups:invitation_withdraw", kwargs={"pk": other.pk, "invitation_pk": invitation.pk})
    assert client.post(wrong_group).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING

    page = client.get(reverse("groups:invite", kwargs={"pk": group.pk}))
    assert url in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN
    assert url not in client.get(reverse("groups:invite", kwargs={"pk": group.pk})).content.decode()


# --- history -----------------------------------------------------------------------------


def test_every_transition_writes_the_history(teacher_es, teacher_fr, css_officer):
    group = services.group_request(
        actor=teacher_es,
        name="Poetry",
        description="Poems.",
        aims="Read.",
        topic="biology",
        language="en",
        kind=Group.Kind.OPEN,
    )
    group = services.group_approve(actor=css_officer, group=group)
    joiner = UserFactory(is_validated=True)
    services.group_join(actor=joiner, group=group)
    services.member_set_role(actor=teacher_es, group=group, user=joiner, role=Role.MODERATOR)
    services.member_set_role(actor=teacher_es, group=group, user=joiner, role=Role.MEMBER)
    day = datetime.date.today()
    services.activity_create(
        actor=teacher_es, group=group, title="Haiku week", description="Write one.", starts_on=day, ends_on=day
    )
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_decline(actor=teacher_fr, invitation=invitation)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_accept(actor=teacher_fr, invitation=invitation)
    services.member_remove(actor=teacher_es, group=group, user=teacher_fr)
    services.group_leave(actor=joiner, group=group)

    assert _actions(group) == [
        Action.REQUESTED,
        Action.APPROVED,
        Action.JOINED,
        Action.ROLE_CHANGED,
        Action.ROLE_CHANGED,
        Action.ACTIVITY_CREATED,
        Action.INVITED,
        Action.DECLINED,
        Action.INVITED,
        Action.WITHDRAWN,
        Action.INVITED,
        Action.ACCEPTED,
        Action.REMOVED,
        Action.LEFT,
    ]
    approved = GroupLogEntry.objects.get(group=group, action=Action.APPROVED)
    assert approved.actor == css_officer
    removed = GroupLogEntry.objects.get(group=group, action=Action.REMOVED)
    assert removed.actor == teacher_es
    assert removed.detail == teacher_fr.full_name


def test_rejection_and_central_creation_are_recorded(teacher_es, css_officer):
    group = services.group_request(
        actor=teacher_es, name="No", description="d", aims="a", topic="biology", language="en", kind="open"
    )
    services.group_reject(actor=css_officer, group=group, reason="Already exists.")
    assert _actions(group) == [Action.REQUESTED, Action.REJECTED]
    assert GroupLogEntry.objects.get(group=group, action=Action.REJECTED).detail == "Already exists."
    central = services.group_create_central(
        actor=css_officer, name="Central", description="d", aims="a", topic="biology", language="en", kind="open"
    )
    assert _actions(central) == [Action.CREATED]


def test_refused_transitions_write_nothing(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es)
    add_member(group, teacher_fr)
    before = _actions(group)
    with pytest.raises(DomainError):
        services.group_join(actor=teacher_fr, group=group)
    with pytest.raises(DomainError):
        services.group_leave(actor=teacher_es, group=group)  # the only administrator
    with pytest.raises(PermissionRefused):
        services.member_remove(actor=teacher_fr, group=group, user=teacher_es)
    assert _actions(group) == before


def test_history_page_for_administrators_only(client, teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    moderator = UserFactory(is_validated=True)
    add_member(group, moderator, Role.MODERATOR)
    add_member(group, teacher_fr)
    services.member_remove(actor=moderator, group=group, user=teacher_fr)
    url = reverse("groups:history", kwargs={"pk": group.pk})
    for user in (moderator, teacher_fr, UserFactory(is_validated=True)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(teacher_es)
    members = client.get(reverse("groups:members", kwargs={"pk": group.pk})).content.decode()
    assert url in members
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "removed a member" in body
    assert teacher_fr.full_name in body
    assert moderator.full_name in body


def test_history_page_query_count_does_not_grow(client, teacher_es):
    group = make_group(admin=teacher_es)
    url = reverse("groups:history", kwargs={"pk": group.pk})
    client.force_login(teacher_es)
    services.group_invite(actor=teacher_es, group=group, invitee=UserFactory(is_validated=True))
    client.get(url)  # the session's first page does a little more once
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(6):
        services.group_invite(actor=teacher_es, group=group, invitee=UserFactory(is_validated=True))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


# --- member_count ------------------------------------------------------------------------


def test_member_count_stays_right_through_a_sequence(teacher_es, teacher_fr, css_officer):
    group = make_group(admin=teacher_es, kind=Group.Kind.OPEN)
    people = [UserFactory(is_validated=True) for _ in range(4)]
    for person in people:
        services.group_join(actor=person, group=group)
    with pytest.raises(DomainError):
        services.group_join(actor=people[0], group=group)
    services.group_leave(actor=people[0], group=group)
    services.member_set_role(actor=teacher_es, group=group, user=people[1], role=Role.MODERATOR)
    services.member_remove(actor=teacher_es, group=group, user=people[1])
    services.member_remove(actor=teacher_es, group=group, user=people[2])
    with pytest.raises(DomainError):
        services.member_remove(actor=teacher_es, group=group, user=people[2])
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_accept(actor=teacher_fr, invitation=invitation)
    with pytest.raises(DomainError):
        services.invitation_accept(actor=teacher_fr, invitation=invitation)
    services.group_join(actor=css_officer, group=group)
    services.group_leave(actor=people[3], group=group)
    group.refresh_from_db()
    assert group.member_count == Membership.objects.filter(group=group).count() == 3


# --- the invite picker -------------------------------------------------------------------


def test_invite_picker_pages_through_every_contact(client, teacher_es):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    contacts = [UserFactory(is_validated=True, last_name=f"Contact{n:02d}") for n in range(35)]
    for contact in contacts:
        contact_create(first=teacher_es, second=contact)
    client.force_login(teacher_es)
    url = reverse("groups:invite", kwargs={"pk": group.pk})
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Contact00" in first
    assert "Contact34" not in first
    assert "Contact34" in second
    assert "page=2" in first
    shown = [c for c in contacts if c.last_name in first or c.last_name in second]
    assert len(shown) == 35


def test_invite_picker_paging_keeps_the_name_searched(client, teacher_es):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    for n in range(32):
        UserFactory(is_validated=True, first_name="Zoltan", last_name=f"Nagy{n:02d}")
    client.force_login(teacher_es)
    url = reverse("groups:invite", kwargs={"pk": group.pk})
    first = client.get(url, {"name": "zoltan"}).content.decode()
    assert "name=zoltan&amp;page=2" in first
    second = client.get(url, {"name": "zoltan", "page": 2}).content.decode()
    assert "Nagy31" in second


# --- who can be invited ------------------------------------------------------------------


def test_a_teacher_not_validated_yet_cannot_be_invited(client, teacher_es, pending_teacher_es):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    with pytest.raises(DomainError):
        services.group_invite(actor=teacher_es, group=group, invitee=pending_teacher_es)
    contact_create(first=teacher_es, second=pending_teacher_es)
    client.force_login(teacher_es)
    page = client.get(reverse("groups:invite", kwargs={"pk": group.pk})).content.decode()
    assert pending_teacher_es.full_name not in page
    assert not Invitation.objects.exists()


def test_a_profile_hidden_from_the_inviter_cannot_be_invited_by_its_id(client, teacher_es, teacher_fr):
    from twinning.profiles.models import Audience, Profile

    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    Profile.objects.update_or_create(user=teacher_fr, defaults={"visibility": Audience.CONTACTS})
    client.force_login(teacher_es)
    url = reverse("groups:invite", kwargs={"pk": group.pk})
    assert teacher_fr.full_name not in client.get(url, {"name": teacher_fr.last_name}).content.decode()
    client.post(url, {"invitee": teacher_fr.pk})
    assert not Invitation.objects.exists()
    contact_create(first=teacher_es, second=teacher_fr)  # a contact sees the profile and can be invited
    client.post(url, {"invitee": teacher_fr.pk})
    assert Invitation.objects.filter(group=group, invitee=teacher_fr, state=Invitation.State.PENDING).exists()


def test_the_groups_page_links_its_help_article(client, teacher_es):
    client.force_login(teacher_es)
    help_url = reverse("help:article", kwargs={"slug": "groups"})
    assert help_url in client.get(reverse("groups:index")).content.decode()
    article = client.get(help_url)
    assert article.status_code == 200
    assert "Open and closed groups" in article.content.decode()


# --- blocked teachers in the picker ------------------------------------------------------


@pytest.mark.parametrize("direction", ["inviter_blocked", "inviter_was_blocked"])
def test_invite_picker_leaves_out_teachers_blocked_either_way(teacher_es, teacher_fr, direction):
    from twinning.groups.selectors import invite_candidates
    from twinning.network.services import block_create

    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    contact_create(first=teacher_es, second=teacher_fr)
    other = UserFactory(is_validated=True, first_name=teacher_fr.first_name, last_name=teacher_fr.last_name)
    contact_create(first=teacher_es, second=other)
    assert teacher_fr in invite_candidates(actor=teacher_es, group=group)
    if direction == "inviter_blocked":
        block_create(actor=teacher_es, blocked=teacher_fr)
    else:
        block_create(actor=teacher_fr, blocked=teacher_es)
    assert list(invite_candidates(actor=teacher_es, group=group)) == [other]
    assert teacher_fr not in invite_candidates(actor=teacher_es, group=group, name=teacher_fr.last_name)
    assert other in invite_candidates(actor=teacher_es, group=group, name=teacher_fr.last_name)
    with pytest.raises(DomainError):  # the service agrees
        services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)


def test_invite_picker_query_count_does_not_grow_with_blocks(client, teacher_es):
    from twinning.network.services import block_create

    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    contact_create(first=teacher_es, second=UserFactory(is_validated=True))
    blocked = UserFactory(is_validated=True)
    contact_create(first=teacher_es, second=blocked)
    block_create(actor=teacher_es, blocked=blocked)
    client.force_login(teacher_es)
    url = reverse("groups:invite", kwargs={"pk": group.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        contact = UserFactory(is_validated=True)
        contact_create(first=teacher_es, second=contact)
        other = UserFactory(is_validated=True)
        contact_create(first=teacher_es, second=other)
        block_create(actor=other, blocked=teacher_es)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert blocked.full_name not in page


# --- joining an open group with an invitation waiting -----------------------------------


def test_joining_an_open_group_closes_the_pending_invitation_to_it(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.OPEN)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    assert _unread_invitation_notices(teacher_fr) == 1
    services.group_join(actor=teacher_fr, group=group)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.decided_at is not None
    assert _unread_invitation_notices(teacher_fr) == 0
    group.refresh_from_db()
    assert group.member_count == 2


def test_joining_one_group_leaves_other_invitations_and_other_people_alone(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.OPEN)
    other_group = make_group(admin=teacher_es, kind=Group.Kind.OPEN)
    someone = UserFactory(is_validated=True)
    contact_create(first=teacher_es, second=someone)
    mine = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    elsewhere = services.group_invite(actor=teacher_es, group=other_group, invitee=teacher_fr)
    theirs = services.group_invite(actor=teacher_es, group=group, invitee=someone)
    services.group_join(actor=teacher_fr, group=group)
    for invitation in (mine, elsewhere, theirs):
        invitation.refresh_from_db()
    assert mine.state == Invitation.State.ACCEPTED
    assert elsewhere.state == theirs.state == Invitation.State.PENDING
    assert elsewhere.decided_at is None
    # teacher_es still has another invitation waiting for teacher_fr: their notices stay unread
    assert _unread_invitation_notices(teacher_fr) == 2
    assert _unread_invitation_notices(someone) == 1


def test_joining_without_an_invitation_changes_no_invitation(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.OPEN)
    declined = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    services.invitation_decline(actor=teacher_fr, invitation=declined)
    services.group_join(actor=teacher_fr, group=group)
    declined.refresh_from_db()
    assert declined.state == Invitation.State.DECLINED
