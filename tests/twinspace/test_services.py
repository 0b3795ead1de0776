import pytest

from tests.accounts.factories import UserFactory
from tests.twinspace.factories import make_pupil, make_twinspace
from twinning.core.errors import DomainError, PermissionRefused
from twinning.twinspace.models import Membership, Role, TwinSpace
from twinning.twinspace.selectors import role_of
from twinning.twinspace.services import (
    twinspace_close,
    twinspace_create,
    twinspace_member_add,
    twinspace_member_remove,
    twinspace_set_title,
)

pytestmark = pytest.mark.django_db


def test_create_makes_engines_and_admins(teacher_es, teacher_fr):
    ts = twinspace_create(title="  Rivers   of Europe ", administrators=[teacher_es, teacher_fr, teacher_es])
    assert ts.title == "Rivers of Europe"
    assert ts.forum_id
    assert ts.materials_id
    assert ts.forum_id != ts.teachers_board_id
    assert role_of(user=teacher_es, twinspace=ts) == Role.TEACHER_ADMIN
    assert role_of(user=teacher_fr, twinspace=ts) == Role.TEACHER_ADMIN
    assert Membership.objects.filter(twinspace=ts).count() == 2


def test_create_refuses_no_admin_or_blank_title(teacher_es):
    with pytest.raises(DomainError):
        twinspace_create(title="x", administrators=[])
    with pytest.raises(DomainError):
        twinspace_create(title="   ", administrators=[teacher_es])
    assert not TwinSpace.objects.exists()


def test_member_add_changes_role_of_existing(teacher_es, teacher_fr):
    ts = twinspace_create(title="T", administrators=[teacher_es])
    twinspace_member_add(twinspace=ts, user=teacher_fr, role=Role.VISITOR)
    twinspace_member_add(twinspace=ts, user=teacher_fr, role=Role.TEACHER)
    assert role_of(user=teacher_fr, twinspace=ts) == Role.TEACHER
    assert Membership.objects.filter(twinspace=ts, user=teacher_fr).count() == 1


def test_roles_fit_the_account(teacher_es, teacher_fr):
    ts = twinspace_create(title="T", administrators=[teacher_es])
    pupil = make_pupil(ts, "Zoe")
    with pytest.raises(DomainError):
        twinspace_member_add(twinspace=ts, user=pupil, role=Role.TEACHER_ADMIN)
    with pytest.raises(DomainError):
        twinspace_member_add(twinspace=ts, user=teacher_fr, role=Role.PUPIL)
    assert role_of(user=teacher_fr, twinspace=ts) is None


def test_last_teacher_admin_cannot_be_demoted_or_removed(teacher_es, teacher_fr):
    ts = twinspace_create(title="T", administrators=[teacher_es])
    with pytest.raises(DomainError):
        twinspace_member_add(twinspace=ts, user=teacher_es, role=Role.TEACHER)
    with pytest.raises(DomainError):
        twinspace_member_remove(twinspace=ts, user=teacher_es)
    twinspace_member_add(twinspace=ts, user=teacher_fr, role=Role.TEACHER_ADMIN)
    twinspace_member_remove(twinspace=ts, user=teacher_es)
    assert role_of(user=teacher_es, twinspace=ts) is None


def test_member_add_with_actor_checks_admin():
    cast = make_twinspace()
    other = UserFactory(is_validated=True)
    for actor in (cast.teacher, cast.visitor, cast.pupil_admin, UserFactory()):
        with pytest.raises(PermissionRefused):
            twinspace_member_add(twinspace=cast.twinspace, user=other, role=Role.VISITOR, actor=actor)
    twinspace_member_add(twinspace=cast.twinspace, user=other, role=Role.VISITOR, actor=cast.teacher_admin)
    assert role_of(user=other, twinspace=cast.twinspace) == Role.VISITOR


def test_set_title_and_close(teacher_es):
    ts = twinspace_create(title="T", administrators=[teacher_es])
    twinspace_set_title(twinspace=ts, title="New")
    twinspace_close(twinspace=ts)
    twinspace_close(twinspace=ts)
    ts.refresh_from_db()
    assert ts.title == "New"
    assert ts.is_closed


def test_remove_absent_member_is_quiet(teacher_es, teacher_fr):
    ts = twinspace_create(title="T", administrators=[teacher_es])
    twinspace_member_remove(twinspace=ts, user=teacher_fr)
