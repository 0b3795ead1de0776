"""The support back office for projects: the approval queue of the officer's scope, and project kits.

The queue lists the regional and national steps waiting in the officer's
scope; a step outside that scope is a 404. Kits belong to the central support
service: every kit page is a 404 for anyone else.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.projects import kits, selectors, services
from twinning.projects.kits import KIT_FIELDS
from twinning.projects.models import ApprovalStep, Kit
from twinning.support.forms import KitForm, StepApproveForm, StepRejectForm
from twinning.support.views import _scope_label, support_staff_required

PROJECT_QUEUE_PAGE_SIZE = 30
KIT_PAGE_SIZE = 50


def scope_steps(officer: User) -> QuerySet[ApprovalStep]:
    """Regional and national steps of the officer's scope, in any state.

    Decisions fetch through it so that a step outside the scope is a 404,
    while a step of the scope that someone already decided reaches the
    service, which says so.
    """
    return ApprovalStep.objects.filter(selectors.step_scope_q(officer))


@support_staff_required
def project_queue(request: HttpRequest) -> HttpResponse:
    """Regional and national approval steps waiting in the officer's scope, oldest first."""
    page = Paginator(selectors.step_queue(officer=request.user), PROJECT_QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(step, (now - step.created_at).days) for step in page.object_list]
    return render(
        request,
        "support/projects.html",
        {
            "page": page,
            "rows": rows,
            "tab": "projects",
            "approve_form": StepApproveForm(),
            **_scope_label(request, projects_waiting=page.paginator.count),
        },
    )


@support_staff_required
@require_POST
def step_approve(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(scope_steps(request.user).select_related("project"), pk=pk)
    form = StepApproveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("support:projects")
    try:
        services.step_approve(actor=request.user, step=step, comment=form.cleaned_data["comment"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You approved “%(project)s”.") % {"project": step.project.title})
    return redirect("support:projects")


@support_staff_required
@require_http_methods(["GET", "POST"])
def step_reject(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(
        scope_steps(request.user).select_related("project", "partner__teacher", "school"),
        pk=pk,
    )
    form = StepRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_reject(actor=request.user, step=step, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("You did not approve “%(project)s”; the founders are told why.") % {"project": step.project.title},
            )
            return redirect("support:projects")
    return render(request, "support/step_reject.html", {"form": form, "step": step})


# --- project kits (central support service only) ---------------------------------------


def _central_only(request: HttpRequest) -> None:
    if not kits.can_manage_kits(request.user):
        raise Http404


@support_staff_required
def kit_list(request: HttpRequest) -> HttpResponse:
    """Every kit, published or not, newest change first."""
    _central_only(request)
    page = Paginator(kits.all_kits(), KIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/kits.html", {"page": page, "tab": "kits", **_scope_label(request)})


@support_staff_required
@require_http_methods(["GET", "POST"])
def kit_create(request: HttpRequest) -> HttpResponse:
    _central_only(request)
    form = KitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kit = kits.kit_create(
                actor=request.user,
                **form.cleaned_data,
                is_published=request.POST.get("publish") == "1",
            )
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The kit “%(title)s” is saved.") % {"title": kit.title})
            return redirect("support:kits")
    return render(request, "support/kit_form.html", {"form": form, "kit": None})


@support_staff_required
@require_http_methods(["GET", "POST"])
def kit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _central_only(request)
    kit = get_object_or_404(Kit, pk=pk)
    # The form validates a copy, so a refused change never touches the kit shown next to it.
    form = KitForm(request.POST or None, initial=model_to_dict(kit, fields=KIT_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            kits.kit_update(actor=request.user, kit=kit, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The kit “%(title)s” is saved.") % {"title": kit.title})
            return redirect("support:kits")
    return render(request, "support/kit_form.html", {"form": form, "kit": kit})


@support_staff_required
@require_POST
def kit_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _central_only(request)
    kit = get_object_or_404(Kit, pk=pk)
    published = request.POST.get("published") == "1"
    kits.kit_set_published(actor=request.user, kit=kit, published=published)
    if published:
        messages.success(request, _("“%(title)s” is published: founders can start from it.") % {"title": kit.title})
    else:
        messages.success(request, _("“%(title)s” is no longer shown to founders.") % {"title": kit.title})
    return redirect("support:kits")
