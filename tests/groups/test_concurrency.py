"""Simultaneous group transitions: two joins at once make one membership, two approvals at once one group.

A join relies on the unique (group, user) membership row: the second insert
fails, `_add_member` reports that no row was made, `member_count` moves once and
the second caller is told they are already a member. An approval locks the
request row (`select_for_update` in `_claim_request`) and re-reads its status,
so the second officer sees it decided. Each test slows the read that comes
before the write, as a loaded server might.

Checked by hand once, on PostgreSQL: with `_claim_request` reading the row
without `select_for_update`, `test_two_officers_approving_at_once_approve_once`
fails (both officers approve: two forums); with `_add_member` taking an existing
row for a new one, `test_two_joins_at_once_make_one_membership` fails (two joins). On
SQLite the IMMEDIATE transactions already run one after the other.
"""

import time

import pytest

from tests.concurrency import needs_concurrent_connections, run_together
from tests.groups.factories import make_group
from twinning.core.errors import DomainError
from twinning.discussions.models import Forum
from twinning.groups import services
from twinning.groups.models import Group, GroupLogEntry, Membership


def _user(pk):
    from twinning.accounts.models import User

    return User.objects.get(pk=pk)


@pytest.fixture
def slow_reads(monkeypatch):
    """Joins pause after reading the user's access; approvals after reading the request."""
    access, claim = services.group_access, services._claim_request

    def access_then_pause(user, group):
        result = access(user, group)
        time.sleep(0.5)
        return result

    def claim_then_pause(group):
        result = claim(group)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "group_access", access_then_pause)
    monkeypatch.setattr(services, "_claim_request", claim_then_pause)


@pytest.mark.django_db(transaction=True)
def test_two_joins_at_once_make_one_membership(teacher_es, teacher_fr, slow_reads):
    needs_concurrent_connections()
    group = make_group(admin=teacher_es)

    def join():
        return services.group_join(actor=_user(teacher_fr.pk), group=Group.objects.get(pk=group.pk))

    results = run_together(join, join)

    assert sum(isinstance(r, Membership) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 1, results
    group.refresh_from_db()
    assert Membership.objects.filter(group=group).count() == 2
    assert group.member_count == 2
    assert GroupLogEntry.objects.filter(group=group, action=GroupLogEntry.Action.JOINED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_approving_at_once_approve_once(teacher_es, css_officer, slow_reads):
    needs_concurrent_connections()
    from tests.accounts.factories import make_officer
    from twinning.accounts.models import SupportService

    second_officer = make_officer(kind=SupportService.Kind.CENTRAL)
    group = services.group_request(
        actor=teacher_es, name="Race", description="d", aims="a", topic="biology", language="en", kind="open"
    )
    forums_before = Forum.objects.count()

    def approve(officer_pk):
        return lambda: services.group_approve(actor=_user(officer_pk), group=Group.objects.get(pk=group.pk))

    results = run_together(approve(css_officer.pk), approve(second_officer.pk))

    assert sum(isinstance(r, Group) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 1, results
    group.refresh_from_db()
    assert group.status == Group.Status.APPROVED
    assert Forum.objects.count() == forums_before + 1
    assert GroupLogEntry.objects.filter(group=group, action=GroupLogEntry.Action.APPROVED).count() == 1
    assert group.member_count == Membership.objects.filter(group=group).count() == 1
