"""A TwinSpace with one member of each role, for any app's tests.

space = make_twinspace()
space.twinspace, space.teacher_admin, space.teacher, space.visitor, space.pupil_admin, space.pupil
PUPIL_PASSWORD logs any pupil made here in at the pupils' login (login name: `space.pupil.pupil.login`).
"""

from dataclasses import dataclass

from tests.accounts.factories import UserFactory
from twinning.accounts.models import User
from twinning.twinspace.models import Membership, Pupil, Role, TwinSpace
from twinning.twinspace.services import twinspace_create, twinspace_member_add

PUPIL_PASSWORD = "pupil-Pass-2345"


@dataclass
class SpaceCast:
    twinspace: TwinSpace
    teacher_admin: User
    teacher: User
    visitor: User
    pupil_admin: User
    pupil: User


def make_pupil(twinspace: TwinSpace, nickname: str, *, role: Role = Role.PUPIL, created_by: User | None = None) -> User:
    """A pupil account in `twinspace` with the password PUPIL_PASSWORD (bare: no permission check)."""
    user = User(email=f"{nickname.lower()}-{twinspace.pk}@pupils.invalid", first_name=nickname, is_pupil=True)
    user.set_password(PUPIL_PASSWORD)
    user.save()
    Pupil.objects.create(
        user=user,
        twinspace=twinspace,
        nickname=nickname,
        login=f"{nickname.lower()}-{twinspace.pk}",
        created_by=created_by,
    )
    Membership.objects.create(twinspace=twinspace, user=user, role=role)
    return user


def make_twinspace(
    *, title: str = "Rivers of Europe", teacher_admin: User | None = None, teacher: User | None = None
) -> SpaceCast:
    """A TwinSpace with a teacher administrator, a teacher member, a visitor, a pupil administrator and a pupil."""
    admin = teacher_admin or UserFactory(is_validated=True)
    member = teacher or UserFactory(is_validated=True)
    visitor = UserFactory(is_validated=True)
    twinspace = twinspace_create(title=title, administrators=[admin])
    twinspace_member_add(twinspace=twinspace, user=member, role=Role.TEACHER)
    twinspace_member_add(twinspace=twinspace, user=visitor, role=Role.VISITOR)
    pupil_admin = make_pupil(twinspace, f"Ana{twinspace.pk}", role=Role.PUPIL_ADMIN, created_by=admin)
    pupil = make_pupil(twinspace, f"Leo{twinspace.pk}", created_by=admin)
    return SpaceCast(
        twinspace=twinspace, teacher_admin=admin, teacher=member, visitor=visitor, pupil_admin=pupil_admin, pupil=pupil
    )
