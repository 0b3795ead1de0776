"""Groups for tests: approved through the services, so they have their forum, library and administrator."""

from tests.accounts.factories import UserFactory
from twinning.accounts.models import User
from twinning.groups.models import Group, Membership
from twinning.groups.services import _add_member, _open_spaces

_counter = {"n": 0}


def make_group(
    *, admin: User | None = None, kind: str = Group.Kind.OPEN, name: str = "", topic: str = "biology", **kw: object
) -> Group:
    """An approved group with `admin` (a fresh validated teacher by default) as its administrator."""
    _counter["n"] += 1
    admin = admin or UserFactory(is_validated=True)
    group = Group.objects.create(
        name=name or f"Group {_counter['n']}",
        description="A place to share ideas about teaching.",
        aims="Exchange lesson plans.",
        topic=topic,
        language="en",
        kind=kind,
        requested_by=admin,
        **kw,
    )
    _open_spaces(group, actor=admin)
    return group


def add_member(group: Group, user: User, role: str = Membership.Role.MEMBER) -> None:
    _add_member(group, user, role)
