"""The pupils' own login and logout: a login name and a password, rate limited per login name and per address."""

from django.contrib.auth import login, logout
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.twinspace.forms import PupilLoginForm
from twinning.twinspace.models import Pupil

FAILURES_ALLOWED = 10
FAILURE_WINDOW = 15 * 60


def _keys(request: HttpRequest, login_name: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "")
    return [f"pupil-login:name:{login_name.lower()}", f"pupil-login:ip:{address}"]


def _too_many(keys: list[str]) -> bool:
    return any((cache.get(key) or 0) >= FAILURES_ALLOWED for key in keys)


def _count_failure(keys: list[str]) -> None:
    for key in keys:
        if cache.add(key, 1, FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_WINDOW)


def pupil_authenticate(*, login_name: str, password: str) -> User | None:
    """The active pupil with this login name and password, or None (the same work either way: timing tells nothing)."""
    pupil = Pupil.objects.select_related("user").filter(login__iexact=login_name.strip()).first()
    if pupil is None:
        make_password(password)
        return None
    user = pupil.user
    if user.is_pupil and user.is_active and user.check_password(password):
        return user
    return None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def pupil_login(request: HttpRequest) -> HttpResponse:
    """Pupils sign in here, never at the teachers' login; they land on their TwinSpaces."""
    if request.user.is_authenticated and getattr(request.user, "is_pupil", False):
        return redirect("twinspace:mine")
    form = PupilLoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        keys = _keys(request, form.cleaned_data["login"])
        if _too_many(keys):
            add_service_error(
                form, DomainError(_("Too many wrong attempts. Ask your teacher, or try again in 15 minutes."))
            )
            status = 429
        else:
            user = pupil_authenticate(login_name=form.cleaned_data["login"], password=form.cleaned_data["password"])
            if user is None:
                _count_failure(keys)
                add_service_error(
                    form, DomainError(_("This login name and password do not match. Check them with your teacher."))
                )
                status = 400
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("twinspace:mine")
    return render(request, "twinspace/pupil_login.html", {"form": form}, status=status)


@require_POST
def pupil_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("pupils:login")
