import datetime

import pytest

from tests.groups.factories import add_member, make_group
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum
from twinning.documents.models import Library
from twinning.groups import services
from twinning.groups.models import Activity, Group, Invitation, Membership
from twinning.network.services import contact_create
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction

Role = Membership.Role
pytestmark = pytest.mark.django_db


def _request(actor, **kw):
    data = {
        "name": "Maths outdoors",
        "description": "Lessons in the school yard.",
        "aims": "Share outdoor activities.",
        "topic": "maths",
        "language": "en",
        "kind": Group.Kind.CLOSED,
        "proposed_moderators": [],
    }
    data.update(kw)
    return services.group_request(actor=actor, **data)


def _kinds(user):
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _progress(user):
    return set(ProgressAction.objects.filter(user=user).values_list("kind", "key"))


def test_request_notifies_central_officers_only(teacher_es, css_officer, nss_officer_es):
    group = _request(teacher_es)
    assert group.status == Group.Status.REQUESTED
    assert group.forum is None
    assert "group_request_waiting" in _kinds(css_officer)
    assert "group_request_waiting" not in _kinds(nss_officer_es)


def test_pending_teacher_cannot_request(pending_teacher_es):
    with pytest.raises(PermissionRefused):
        _request(pending_teacher_es)
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "  "},
        {"name": "x" * 121},
        {"description": ""},
        {"aims": ""},
        {"topic": "astrology"},
        {"language": "xx"},
        {"kind": "secret"},
        {"name": "bad\x00name"},
    ],
)
def test_bad_request_stores_nothing(teacher_es, bad):
    with pytest.raises(DomainError):
        _request(teacher_es, **bad)
    assert not Group.objects.exists()


def test_proposed_moderators_must_be_contacts(teacher_es, teacher_fr):
    with pytest.raises(DomainError):
        _request(teacher_es, proposed_moderators=[teacher_fr])
    assert not Group.objects.exists()


def test_approve_opens_group_with_roles(teacher_es, teacher_fr, css_officer):
    contact_create(first=teacher_es, second=teacher_fr)
    group = _request(teacher_es, proposed_moderators=[teacher_fr])
    services.group_approve(actor=css_officer, group=group)
    group.refresh_from_db()
    assert group.status == Group.Status.APPROVED
    assert group.forum
    assert group.library
    assert group.decided_by == css_officer
    roles = dict(Membership.objects.filter(group=group).values_list("user_id", "role"))
    assert roles == {teacher_es.pk: Role.ADMIN, teacher_fr.pk: Role.MODERATOR}
    assert group.member_count == 2
    assert "group_request_approved" in _kinds(teacher_es)
    assert ("group_moderated", str(group.pk)) in _progress(teacher_es)
    assert ("group_moderated", str(group.pk)) in _progress(teacher_fr)
    with pytest.raises(DomainError):
        services.group_approve(actor=css_officer, group=group)


@pytest.mark.parametrize("officer", ["nss_officer_es", "regional_officer_an", "teacher_fr"])
def test_only_css_decides(request, teacher_es, officer):
    group = _request(teacher_es)
    actor = request.getfixturevalue(officer)
    forums, libraries = Forum.objects.count(), Library.objects.count()
    with pytest.raises(PermissionRefused):
        services.group_approve(actor=actor, group=group)
    with pytest.raises(PermissionRefused):
        services.group_reject(actor=actor, group=group, reason="No.")
    group.refresh_from_db()
    assert group.status == Group.Status.REQUESTED
    assert (Forum.objects.count(), Library.objects.count()) == (forums, libraries)


def test_reject_needs_reason_and_notifies(teacher_es, css_officer):
    group = _request(teacher_es)
    with pytest.raises(DomainError):
        services.group_reject(actor=css_officer, group=group, reason="  ")
    group.refresh_from_db()
    assert group.status == Group.Status.REQUESTED
    services.group_reject(actor=css_officer, group=group, reason="Already exists.")
    group.refresh_from_db()
    assert group.status == Group.Status.REJECTED
    assert group.rejection_reason == "Already exists."
    notice = Notification.objects.get(recipient=teacher_es, kind="group_request_rejected")
    assert notice.params["reason"] == "Already exists."


def test_central_group_created_at_once(css_officer, teacher_es):
    group = services.group_create_central(
        actor=css_officer,
        name="Physics",
        description="d",
        aims="a",
        topic="physics",
        language="en",
        kind=Group.Kind.OPEN,
    )
    assert group.is_central
    assert group.status == Group.Status.APPROVED
    with pytest.raises(PermissionRefused):
        services.group_create_central(
            actor=teacher_es, name="X", description="d", aims="a", topic="physics", language="en", kind="open"
        )


def test_join_leave_counts_and_progress(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es)
    services.group_join(actor=teacher_fr, group=group)
    group.refresh_from_db()
    assert group.member_count == 2
    assert ("group_joined", str(group.pk)) in _progress(teacher_fr)
    with pytest.raises(DomainError):
        services.group_join(actor=teacher_fr, group=group)
    group.refresh_from_db()
    assert group.member_count == 2
    services.group_leave(actor=teacher_fr, group=group)
    group.refresh_from_db()
    assert group.member_count == 1


def test_last_admin_cannot_leave(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es)
    with pytest.raises(DomainError):
        services.group_leave(actor=teacher_es, group=group)
    add_member(group, teacher_fr)
    services.member_set_role(actor=teacher_es, group=group, user=teacher_fr, role=Role.ADMIN)
    services.group_leave(actor=teacher_es, group=group)
    assert not Membership.objects.filter(group=group, user=teacher_es).exists()


def test_closed_group_join_refused(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    with pytest.raises(PermissionRefused):
        services.group_join(actor=teacher_fr, group=group)
    assert not Membership.objects.filter(group=group, user=teacher_fr).exists()


def test_pending_teacher_cannot_join(teacher_es, pending_teacher_es):
    group = make_group(admin=teacher_es)
    with pytest.raises(DomainError):
        services.group_join(actor=pending_teacher_es, group=group)
    assert not Membership.objects.filter(user=pending_teacher_es).exists()


def test_invitation_lifecycle(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    assert "group_invitation" in _kinds(teacher_fr)
    with pytest.raises(DomainError):
        services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    assert Invitation.objects.count() == 1
    services.invitation_accept(actor=teacher_fr, invitation=invitation)
    group.refresh_from_db()
    assert group.member_count == 2
    assert ("group_joined", str(group.pk)) in _progress(teacher_fr)
    with pytest.raises(DomainError):
        services.invitation_decline(actor=teacher_fr, invitation=invitation)


def test_member_cannot_invite_and_stranger_cannot_answer(teacher_es, teacher_fr, head_teacher_es):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED)
    add_member(group, teacher_fr)
    with pytest.raises(PermissionRefused):
        services.group_invite(actor=teacher_fr, group=group, invitee=head_teacher_es)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=head_teacher_es)
    with pytest.raises(PermissionRefused):
        services.invitation_accept(actor=teacher_fr, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING


def test_roles_and_removals(teacher_es, teacher_fr, head_teacher_es):
    group = make_group(admin=teacher_es)
    add_member(group, teacher_fr)
    add_member(group, head_teacher_es)
    with pytest.raises(PermissionRefused):
        services.member_set_role(actor=teacher_fr, group=group, user=head_teacher_es, role=Role.MODERATOR)
    services.member_set_role(actor=teacher_es, group=group, user=teacher_fr, role=Role.MODERATOR)
    assert "group_moderator" in _kinds(teacher_fr)
    assert ("group_moderated", str(group.pk)) in _progress(teacher_fr)
    with pytest.raises(DomainError):
        services.member_set_role(actor=teacher_es, group=group, user=teacher_es, role=Role.MEMBER)
    # a moderator removes a member but not an administrator
    with pytest.raises(PermissionRefused):
        services.member_remove(actor=teacher_fr, group=group, user=teacher_es)
    services.member_remove(actor=teacher_fr, group=group, user=head_teacher_es)
    group.refresh_from_db()
    assert group.member_count == 2
    services.member_remove(actor=teacher_es, group=group, user=teacher_fr)
    group.refresh_from_db()
    assert group.member_count == 1


def test_activity_create_and_progress(teacher_es, teacher_fr):
    group = make_group(admin=teacher_es)
    add_member(group, teacher_fr)
    day = datetime.date(2030, 1, 1)
    with pytest.raises(PermissionRefused):
        services.activity_create(actor=teacher_fr, group=group, title="T", description="D", starts_on=day, ends_on=day)
    with pytest.raises(DomainError):
        services.activity_create(
            actor=teacher_es,
            group=group,
            title="T",
            description="D",
            starts_on=day,
            ends_on=day - datetime.timedelta(1),
        )
    with pytest.raises(DomainError):
        services.activity_create(actor=teacher_es, group=group, title="", description="D", starts_on=day, ends_on=day)
    assert not Activity.objects.exists()
    activity = services.activity_create(
        actor=teacher_es, group=group, title="Photo week", description="Post a photo.", starts_on=day, ends_on=day
    )
    assert activity.thread.forum_id == group.forum_id
    assert ("group_activity_run", str(activity.pk)) in _progress(teacher_es)
