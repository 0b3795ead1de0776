"""The back office of support services: the queues of the officer's own scope.

Everything here is a 404 for anyone who is not support staff, and any row
outside the officer's scope is a 404 too (it is fetched through the scope).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.permissions import is_support_staff, support_scope
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.projects.kits import can_manage_kits
from twinning.projects.selectors import step_queue
from twinning.schools import selectors, services
from twinning.schools.forms import RejectForm

QUEUE_PAGE_SIZE = 50


def support_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_support_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _scope_label(request: HttpRequest, *, projects_waiting: int | None = None) -> dict[str, object]:
    """The officer's scope for the page header and the tabs' counts (a page that already counted
    the project queue passes its count instead of counting again)."""
    from twinning.core.vocabularies import COUNTRY_NAMES, REGION_NAMES

    scope = support_scope(request.user)
    return {
        "scope_central": scope.central,
        "scope_countries": sorted(str(COUNTRY_NAMES.get(c, c)) for c in scope.countries),
        "scope_regions": sorted(str(REGION_NAMES.get(r, r)) for r in scope.regions),
        "projects_waiting": step_queue(officer=request.user).count() if projects_waiting is None else projects_waiting,
        "manages_kits": can_manage_kits(request.user),
    }


@support_staff_required
def index(request: HttpRequest) -> HttpResponse:
    """Teachers waiting for validation in the officer's scope, oldest first."""
    page = Paginator(selectors.validation_queue(officer=request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "support/index.html", {"page": page, "tab": "teachers", **_scope_label(request)})


@support_staff_required
def schools_queue(request: HttpRequest) -> HttpResponse:
    """Schools registered in the officer's scope and not verified yet."""
    page = Paginator(selectors.unverified_schools(officer=request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "support/schools.html", {"page": page, "tab": "schools", **_scope_label(request)})


@support_staff_required
@require_POST
def employment_validate(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(selectors.validation_queue(officer=request.user), pk=pk)
    try:
        services.employment_validate(actor=request.user, employment=employment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(teacher)s is validated at %(school)s.")
            % {"teacher": employment.teacher.full_name, "school": employment.school.name},
        )
    return redirect("support:index")


@support_staff_required
@require_http_methods(["GET", "POST"])
def employment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(selectors.validation_queue(officer=request.user), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_reject(actor=request.user, employment=employment, note=form.cleaned_data["note"])
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(teacher)s was marked as not confirmed at %(school)s.")
                % {"teacher": employment.teacher.full_name, "school": employment.school.name},
            )
            return redirect("support:index")
    return render(request, "support/reject.html", {"form": form, "employment": employment})


@support_staff_required
@require_POST
def school_verify(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(selectors.unverified_schools(officer=request.user), pk=pk)
    try:
        services.school_verify(actor=request.user, school=school)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(school)s is verified.") % {"school": school.name})
    return redirect("support:schools")
