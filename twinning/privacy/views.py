"""The user's own privacy pages: download my data, delete my account. Pupils have neither (404)."""

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.privacy.forms import DeleteAccountForm
from twinning.privacy.selectors import personal_data
from twinning.privacy.services import account_delete, confirmation_word, may_delete_own_account


def _adult(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.is_active or user.is_pupil:
        raise Http404
    return user


def export_filename(now: dt.datetime) -> str:
    """Dated in the user's time zone (the active one), in ASCII whatever the language."""
    return f"twinning-my-data-{timezone.localdate(now):%Y-%m-%d}.json"


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """What the download holds (GET); the download itself, one JSON file (POST)."""
    user = _adult(request)
    if request.method != "POST":
        return render(request, "privacy/export.html")
    now = timezone.now()
    data = personal_data(user=user, now=now)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(now)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """What deleting the account erases and keeps, and the form that does it; then the user is signed out."""
    user = _adult(request)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(
                actor=user,
                password=form.cleaned_data["password"],
                confirmation=form.cleaned_data["confirmation"],
            )
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as error:
            add_service_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for the time you spent with us."))
            return redirect("home")
    context = {
        "form": form,
        "word": confirmation_word(),
        "allowed": may_delete_own_account(user),
        "export_url": reverse("privacy:export"),
    }
    return render(request, "privacy/delete.html", context)
