"""Reports of replies in the partner-finding forums, for the support officers of the reply author's scope.

The forums have no moderators of their own: members report a reply, and the
officers hide it (it disappears for everyone but moderators) or dismiss the
report here. A report outside the officer's scope is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.errors import DomainError
from twinning.discussions.models import Report
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import report_resolve
from twinning.forums.selectors import report_for_officer, reports_for_officer
from twinning.support.views import QUEUE_PAGE_SIZE, _scope_label, support_staff_required

# The forums' decision for an officer acting on a report in their scope.
_OFFICER = ForumAccess(can_read=True, can_start_thread=False, can_reply=False, can_moderate=True)


@support_staff_required
def reports(request: HttpRequest) -> HttpResponse:
    """Open reports of forum replies in the officer's scope, oldest first."""
    page = Paginator(reports_for_officer(officer=request.user), QUEUE_PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(request, "support/forum_reports.html", {"page": page, "tab": "reports", **_scope_label(request)})


@support_staff_required
@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide the reported reply (`hide=1`) or dismiss the report."""
    try:
        report = report_for_officer(officer=request.user, pk=pk)  # type: ignore[arg-type]
    except Report.DoesNotExist as missing:
        raise Http404 from missing
    hide = request.POST.get("hide") == "1"
    try:
        report_resolve(actor=request.user, report=report, access=_OFFICER, hide=hide)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reply is hidden.") if hide else _("The report is dismissed."))
    return redirect("support:reports")
