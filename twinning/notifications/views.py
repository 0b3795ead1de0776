"""My notifications: the list, opening one, marking all read, and the email preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.notifications.emails import is_local_path
from twinning.notifications.forms import PreferencesForm
from twinning.notifications.kinds import Delivery
from twinning.notifications.permissions import visible_notifications
from twinning.notifications.selectors import deliveries_for, has_unread, notification_page
from twinning.notifications.services import notification_mark_read, notifications_mark_all_read, preferences_update


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = notification_page(user=user, number=request.GET.get("page"))
    # Asked of the whole list, not this page: older unread notifications may sit on a later page.
    context = {"page": page, "has_unread": has_unread(user=user)}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = visible_notifications(request.user).filter(pk=notification_id).first()  # type: ignore[arg-type]
    if notification is None:
        raise Http404
    notification_mark_read(actor=request.user, notification=notification)  # type: ignore[arg-type]
    if is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    changed = notifications_mark_all_read(actor=request.user)  # type: ignore[arg-type]
    if changed:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = deliveries_for(user=request.user)  # type: ignore[arg-type]
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            preferences_update(actor=request.user, choices=form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your email preferences are saved."))
            return redirect("notifications:preferences")
    context = {"form": form, "deliveries": Delivery.choices}
    return render(request, "notifications/preferences.html", context)
