"""The "invite teachers" picker shared by groups and events: the POST that invites one teacher, and the page of
candidates (contacts, or teachers found by name) with its search and paging. The owner's view checks who may
invite, gives its own invite service and candidates, and renders `profiles/_invite_picker.html`."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused

CANDIDATES_PAGE_SIZE = 30


def invite_from_post(request: HttpRequest, invite: Callable[[User], object]) -> bool:
    """Invite the teacher named by the POSTed `invitee` with the owner's service `invite(invitee)`; say how it
    went in a message. True when invited (the caller redirects); a refused permission is a 404."""
    try:
        invitee_pk = int(request.POST.get("invitee", ""))
    except ValueError:
        invitee_pk = 0
    invitee = User.objects.filter(pk=invitee_pk).first()
    if invitee is None:
        messages.error(request, _("Choose a teacher to invite."))
        return False
    try:
        invite(invitee)
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, _("%(name)s is invited.") % {"name": invitee.full_name})
    return True


def candidates_context(request: HttpRequest, candidates: Callable[[str], QuerySet[User]]) -> dict[str, Any]:
    """`name`, `page` (of `candidates(name)`) and `query` (the search without its page) for the picker."""
    name = request.GET.get("name", "")[:100]
    page = Paginator(candidates(name), CANDIDATES_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"name": name, "page": page, "query": query.urlencode()}
