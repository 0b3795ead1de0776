"""The central support service's group pages: the queue of group requests, approve, reject, create a group.

Only the central support service decides groups: every page here is a 404 for
anyone else, national and regional officers included.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.groups import selectors, services
from twinning.groups.forms import GroupRejectForm, GroupRequestForm
from twinning.groups.permissions import is_central_officer
from twinning.support.views import QUEUE_PAGE_SIZE, _scope_label, support_staff_required


def _central_only(request: HttpRequest) -> None:
    if not is_central_officer(request.user):  # type: ignore[arg-type]
        raise Http404


@support_staff_required
@require_http_methods(["GET", "HEAD"])
def group_queue(request: HttpRequest) -> HttpResponse:
    """Group requests waiting for a decision, oldest first, with the days each has waited."""
    _central_only(request)
    page = Paginator(selectors.request_queue(officer=request.user), QUEUE_PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    now = timezone.now()
    for group in page.object_list:
        group.days_waited = (now - group.created_at).days
    return render(request, "support/groups.html", {"page": page, "tab": "groups", **_scope_label(request)})


@support_staff_required
@require_POST
def group_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _central_only(request)
    group = get_object_or_404(selectors.request_queue(officer=request.user), pk=pk)  # type: ignore[arg-type]
    try:
        services.group_approve(actor=request.user, group=group)  # type: ignore[arg-type]
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(name)s” is approved and open.") % {"name": group.name})
    return redirect("support:groups")


@support_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_reject(request: HttpRequest, pk: int) -> HttpResponse:
    _central_only(request)
    group = get_object_or_404(selectors.request_queue(officer=request.user), pk=pk)  # type: ignore[arg-type]
    form = GroupRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_reject(actor=request.user, group=group, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is not approved; the teacher is told why.") % {"name": group.name})
            return redirect("support:groups")
    return render(request, "support/group_reject.html", {"form": form, "group": group})


@support_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    """The central support service opens a group of its own (approved at once, marked as run by it)."""
    _central_only(request)
    form = GroupRequestForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create_central(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is open.") % {"name": group.name})
            return redirect("groups:detail", pk=group.pk)
    return render(request, "support/group_form.html", {"form": form})
