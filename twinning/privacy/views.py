"""The user's own privacy pages: download my data, delete my account. Pupils have neither (404)."""

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from twinning.accounts.models import User
from twinning.privacy.selectors import personal_data


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
