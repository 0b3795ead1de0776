from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from twinning.accounts.forms import AccountSettingsForm
from twinning.accounts.services import user_update_settings


def _add_errors(form: AccountSettingsForm, error: ValidationError) -> None:
    """Puts a model validation error on the form's fields, or above the form for fields it does not show."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """Names, language and time zone; links to email, password, two-factor, schools and privacy."""
    user = request.user
    if request.method == "POST":
        # Unbound from the signed-in user: a refused change must not linger on request.user.
        form = AccountSettingsForm(request.POST)
        if form.is_valid():
            try:
                user_update_settings(user=user, **form.cleaned_data)
            except ValidationError as error:
                user.refresh_from_db(fields=["first_name", "last_name", "preferred_language", "time_zone"])
                _add_errors(form, error)
            else:
                # The new language applies to this very response, so the confirmation speaks it already.
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
                messages.success(request, _("Your settings are saved."))
                response = redirect("accounts:settings")
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    user.preferred_language,
                    max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
                return response
    else:
        form = AccountSettingsForm(instance=user)
    return render(request, "accounts/settings.html", {"form": form})
