"""My notifications: the list, opening one, marking all read, and the email preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.notifications.emails import is_local_path
from twinning.notifications.forms import PreferencesForm
from twinning.notifications.kinds import Delivery
from twinning.notifications.permissions import visible_notifications
from twinning.notifications.selectors import deliveries_for, notification_page
from twinning.notifications.services import notification_mark_read, notifications_mark_all_read, preferences_update


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notification_page(user=request.user, number=request.GET.get("page"))  # type: ignore[arg-type]
    has_unread = any(n.is_unread for n in page.object_list)
    return render(request, "notifications/list.html", {"page": page, "has_unread": has_unread})


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
