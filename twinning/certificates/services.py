"""Issuing certificates and checking their codes.

A certificate row is written the first time its holder downloads it, once the
condition of its kind holds (see `selectors`); every later download prints the
same row. The unique constraint on (kind, holder, subject) keeps it one row
when two downloads arrive at the same moment.
"""

import re

from django.conf import settings
from django.db import IntegrityError, transaction

from twinning.accounts.models import User
from twinning.certificates.models import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS, Certificate
from twinning.certificates.selectors import eligible_subject
from twinning.core.errors import PermissionRefused

CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
_SEPARATORS = re.compile(r"[\s\-]+")
_WELL_FORMED = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
CODE_INPUT_MAX = 64
"""Longer input is not a code, however it is spaced: refused before any work."""
_LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _language_of(user: User) -> str:
    language = user.preferred_language
    return language if language in _LANGUAGE_CODES else settings.LANGUAGE_CODE


def certificate_issue(*, user: User, kind: str, subject_id: int) -> Certificate:
    """The user's certificate of `kind` for the event, course or project `subject_id`, issued now when it
    does not exist yet.

    Refused (`PermissionRefused`) unless the condition holds: an event attended,
    a learning event completed, a closed project taken part in. A new
    certificate records the holder's name as it is now, the subject's title
    and dates, and the holder's preferred language, which the PDF is printed in.
    """
    subject = eligible_subject(user=user, kind=kind, subject_id=subject_id)
    if subject is None:
        raise PermissionRefused()
    existing = Certificate.objects.filter(kind=kind, holder_id=user.pk, subject_id=subject_id).first()
    if existing is not None:
        return existing
    certificate = Certificate(
        kind=kind,
        holder=user,
        subject_id=subject_id,
        holder_name=user.full_name or user.get_short_name(),
        title=subject.title,
        starts_on=subject.starts_on,
        ends_on=subject.ends_on,
        language=_language_of(user),
    )
    certificate.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # the same download a moment earlier, in another request
        return Certificate.objects.get(kind=kind, holder_id=user.pk, subject_id=subject_id)
    return certificate


def normalise_code(code: str) -> str | None:
    """`code` written the way certificates print it (`K7QD-XM2P-9RTA-HC4W`), accepting lower case, spaces
    and missing dashes; None when it cannot be a certificate code."""
    if len(code) > CODE_INPUT_MAX:
        return None
    compact = _SEPARATORS.sub("", code.strip().upper())
    if not _WELL_FORMED.fullmatch(compact):
        return None
    return "-".join(compact[i : i + CODE_GROUP_LENGTH] for i in range(0, CODE_LENGTH, CODE_GROUP_LENGTH))


def verify(code: str) -> Certificate | None:
    """The certificate with this code, or None. A malformed code is refused without asking the database."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    return Certificate.objects.filter(code=normalised).first()
