"""Pupil accounts: made in bulk by a TwinSpace's teacher administrators, with generated passwords.

A pupil is the minimum about a child: a nickname shown inside the TwinSpace,
a login name and a password. The account's email is a random `.invalid`
address (no mail can reach it; the column is unique and required). Passwords
are generated with `secrets`, stored hashed, and shown to the teacher once.
"""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.twinspace.models import Membership, Pupil, Role, TwinSpace
from twinning.twinspace.permissions import space_access
from twinning.twinspace.services import twinspace_member_add

MAX_PUPILS_AT_ONCE = 40
NICKNAME_MAX = 40
# No 0/O, 1/l/I: the teacher copies these from a sheet of paper to a pupil.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet
PASSWORD_LENGTH = 10
LOGIN_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class PupilCredentials:
    """What the teacher prints once: the nickname, the login name and the password in clear."""

    pupil: Pupil
    nickname: str
    login: str
    password: str


def generate_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))


def _login_for(nickname: str) -> str:
    base = slugify(nickname)[:30] or "pupil"
    for _attempt in range(20):
        login = f"{base}-{''.join(secrets.choice(LOGIN_SUFFIX_ALPHABET) for _i in range(5))}"
        if not Pupil.objects.filter(login=login).exists():
            return login
    raise DomainError(_("Could not make a free login name. Please try again."))  # pragma: no cover


def parse_nicknames(text: str) -> list[str]:
    """The nicknames of a textarea, one per line, blank lines skipped; refuses the whole list with the line numbers.

    Refused: more than 40 names, a name longer than 40 characters, the same name twice.
    """
    lines = [(number, " ".join(line.split())) for number, line in enumerate((text or "").splitlines(), start=1)]
    lines = [(number, name) for number, name in lines if name]
    if not lines:
        raise DomainError(_("Write one nickname per line."), field="nicknames")
    if len(lines) > MAX_PUPILS_AT_ONCE:
        raise DomainError(
            _("You can add at most %(max)d pupils at once; this list has %(count)d.")
            % {"max": MAX_PUPILS_AT_ONCE, "count": len(lines)},
            field="nicknames",
        )
    errors = []
    seen: dict[str, int] = {}
    for number, name in lines:
        if len(name) > NICKNAME_MAX:
            errors.append(
                _("Line %(line)d: a nickname can be at most %(max)d characters long.")
                % {"line": number, "max": NICKNAME_MAX}
            )
        key = name.casefold()
        if key in seen:
            errors.append(
                _("Line %(line)d: “%(name)s” is already on line %(first)d.")
                % {"line": number, "name": name, "first": seen[key]}
            )
        else:
            seen[key] = number
    if errors:
        raise DomainError(" ".join(errors), field="nicknames")
    return [name for _number, name in lines]


def _require_pupil_manager(actor: User, twinspace: TwinSpace) -> None:
    access = space_access(actor, twinspace)
    if not access.can_read:
        raise PermissionRefused()
    if twinspace.is_closed:
        raise DomainError(_("This TwinSpace is closed: it can be read but no longer changed."))
    if not access.can_manage_pupils:
        raise PermissionRefused()


@transaction.atomic
def pupils_create(*, actor: User, twinspace: TwinSpace, nicknames: str) -> list[PupilCredentials]:
    """Makes one pupil account per line of `nicknames` (teacher administrators only); all or nothing.

    Nicknames are unique inside the TwinSpace (any case); a line already used
    there is refused with its line number and nothing is made.
    """
    _require_pupil_manager(actor, twinspace)
    names = parse_nicknames(nicknames)
    # Locks the TwinSpace row so two teachers adding the same nickname at once do not both pass the check.
    TwinSpace.objects.select_for_update().filter(pk=twinspace.pk).values_list("pk", flat=True).first()
    taken = {
        name.casefold() for name in Pupil.objects.filter(twinspace_id=twinspace.pk).values_list("nickname", flat=True)
    }
    clashes = [
        _("Line %(line)d: a pupil called “%(name)s” already exists in this TwinSpace.") % {"line": index, "name": name}
        for index, name in enumerate(names, start=1)
        if name.casefold() in taken
    ]
    if clashes:
        raise DomainError(" ".join(clashes), field="nicknames")
    made = []
    for name in names:
        password = generate_password()
        user = User(
            email=f"{secrets.token_hex(12)}@pupils.invalid",
            first_name=name,
            last_name="",
            is_pupil=True,
            preferred_language=actor.preferred_language,
            time_zone=actor.time_zone,
        )
        user.set_password(password)
        user.save()
        pupil = Pupil.objects.create(
            user=user, twinspace=twinspace, nickname=name, login=_login_for(name), created_by=actor
        )
        Membership.objects.create(twinspace=twinspace, user=user, role=Role.PUPIL, added_by=actor)
        made.append(PupilCredentials(pupil=pupil, nickname=name, login=pupil.login, password=password))
    return made


def _pupil_in(twinspace: TwinSpace, pupil_user: User) -> Membership:
    membership = (
        Membership.objects.select_related("user")
        .filter(twinspace_id=twinspace.pk, user_id=pupil_user.pk, user__is_pupil=True)
        .first()
    )
    if membership is None:
        raise PermissionRefused()
    return membership


@transaction.atomic
def pupil_reset_password(*, actor: User, twinspace: TwinSpace, pupil_user: User) -> PupilCredentials:
    """Gives a pupil of this TwinSpace a new generated password (teacher administrators); the old one stops working."""
    _require_pupil_manager(actor, twinspace)
    _pupil_in(twinspace, pupil_user)
    pupil = Pupil.objects.select_related("user").get(user_id=pupil_user.pk)
    password = generate_password()
    pupil.user.set_password(password)
    pupil.user.save(update_fields=["password"])
    return PupilCredentials(pupil=pupil, nickname=pupil.nickname, login=pupil.login, password=password)


@transaction.atomic
def pupil_set_role(*, actor: User, twinspace: TwinSpace, pupil_user: User, role: Role) -> Membership:
    """Makes a pupil a pupil administrator or back (teacher administrators)."""
    _pupil_in(twinspace, pupil_user)
    return twinspace_member_add(twinspace=twinspace, user=pupil_user, role=role, actor=actor)


@transaction.atomic
def pupil_remove(*, actor: User, twinspace: TwinSpace, pupil_user: User) -> None:
    """Removes a pupil from this TwinSpace; the account is deleted when it belongs to no other TwinSpace.

    What the pupil wrote stays, without an author.
    """
    _require_pupil_manager(actor, twinspace)
    membership = _pupil_in(twinspace, pupil_user)
    membership.delete()
    if not Membership.objects.filter(user_id=pupil_user.pk).exists():
        User.objects.filter(pk=pupil_user.pk, is_pupil=True).delete()
