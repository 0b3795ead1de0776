"""The one domain error every service raises when a business rule refuses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class DomainError(Exception):
    """A business rule refused an action; `message` is shown to the user as is.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: ValidationError(self.message, code=self.code)})
        return ValidationError(self.message, code=self.code)


class PermissionRefused(DomainError):
    """The acting user may not do this; views answer 404 where the object must stay hidden."""

    def __init__(self, message: str = "", *, code: str = "permission_refused") -> None:
        super().__init__(message or gettext("You are not allowed to do this."), code=code)
