"""Reports in the partner-finding forums (replies, and project ideas themselves), for the support
officers of the post author's scope.

The forums have no moderators of their own: members report a reply or an
idea, and the officers hide it (it disappears for everyone but moderators; a
hidden idea stays visible to its author, marked) or dismiss the report here.
A report outside the officer's scope is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Report
from twinning.forums.selectors import report_for_officer, reports_for_officer
from twinning.forums.services import forum_report_resolve
from twinning.support.views import QUEUE_PAGE_SIZE, _scope_label, support_staff_required


@support_staff_required
def reports(request: HttpRequest) -> HttpResponse:
    """Open reports of forum replies and ideas in the officer's scope, oldest first."""
    page = Paginator(reports_for_officer(officer=request.user), QUEUE_PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(request, "support/forum_reports.html", {"page": page, "tab": "reports", **_scope_label(request)})


@support_staff_required
@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide the reported reply or idea (`hide=1`) or dismiss the report."""
    try:
        report = report_for_officer(officer=request.user, pk=pk)  # type: ignore[arg-type]
    except Report.DoesNotExist as missing:
        raise Http404 from missing
    hide = request.POST.get("hide") == "1"
    try:
        forum_report_resolve(actor=request.user, report=report, hide=hide)  # type: ignore[arg-type]
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if not hide:
            messages.success(request, _("The report is dismissed."))
        elif report.is_idea:  # type: ignore[attr-defined]
            messages.success(request, _("The idea is hidden: only its author and the support officers see it."))
        else:
            messages.success(request, _("The reply is hidden."))
    return redirect("support:reports")
