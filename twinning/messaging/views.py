"""Message pages: the inbox, writing a new message, a conversation with its reply form, leaving it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.messaging.forms import NewConversationForm, ReplyForm
from twinning.messaging.models import ConversationMember
from twinning.messaging.permissions import message_refusal, reply_refusal
from twinning.messaging.selectors import (
    inbox_of,
    members_of,
    membership_for,
    messageable_contacts,
    messages_of,
    visible_users,
)
from twinning.messaging.services import (
    conversation_leave,
    conversation_mark_read,
    conversation_mark_unread,
    conversation_start,
    message_send,
)

INBOX_PER_PAGE = 30
MESSAGES_PER_PAGE = 50


def _membership_or_404(request: HttpRequest, conversation_id: int) -> ConversationMember:
    membership = membership_for(user=request.user, conversation_id=conversation_id)
    if membership is None:
        raise Http404
    return membership


def _ids(values: list[str], most: int) -> list[int]:
    ids = []
    for value in values[:most]:
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


@login_required
@require_http_methods(["GET", "HEAD"])
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox_of(user=request.user), INBOX_PER_PAGE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return render(request, "messaging/inbox.html", {"page": page, "memberships": page.object_list})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    prefilled = visible_users(viewer=actor, ids=_ids(request.GET.getlist("to"), settings.MESSAGING_MAX_RECIPIENTS))
    refusals = []
    people = []
    for person in prefilled:
        refusal = message_refusal(actor, person)
        if refusal is None:
            people.append(person)
        else:
            refusals.append(refusal.message)
    chosen_ids = [person.pk for person in people]
    people += [contact for contact in messageable_contacts(user=actor) if contact.pk not in chosen_ids]

    form = NewConversationForm(request.POST or None, people=people, initial={"recipients": chosen_ids})
    if request.method == "POST" and form.is_valid():
        by_id = {person.pk: person for person in people}
        try:
            conversation = conversation_start(
                actor=actor,
                recipients=[by_id[pk] for pk in form.cleaned_data["recipients"]],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("messaging:conversation", conversation_id=conversation.pk)
    context = {
        "form": form,
        "people": people,
        "refusals": refusals,
        "max_recipients": settings.MESSAGING_MAX_RECIPIENTS,
    }
    return render(request, "messaging/new.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = _membership_or_404(request, conversation_id)
    the_conversation = membership.conversation
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_send(actor=request.user, conversation=the_conversation, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except DomainError as error:
            add_service_error(form, error)
        else:
            return redirect(reverse("messaging:conversation", args=[conversation_id]) + "#latest")
    elif request.method != "POST" and membership.unread_count:
        conversation_mark_read(actor=request.user, conversation=the_conversation)  # type: ignore[arg-type]

    paginator = Paginator(messages_of(conversation_id=conversation_id), MESSAGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    members = members_of(conversation_id=conversation_id)
    others = [m for m in members if m.user_id != request.user.pk and m.left_at is None]
    refusal = reply_refusal(request.user, others)
    context = {
        "conversation": the_conversation,
        "membership": membership,
        "page": page,
        "messages_page": page.object_list,
        "others": [m for m in members if m.user_id != request.user.pk],
        "form": form,
        "refusal": refusal,
    }
    return render(request, "messaging/conversation.html", context)


@login_required
@require_POST
def mark_unread(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = _membership_or_404(request, conversation_id)
    conversation_mark_unread(actor=request.user, conversation=membership.conversation)  # type: ignore[arg-type]
    messages.success(request, _("The conversation is marked as unread."))
    return redirect("messaging:inbox")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = _membership_or_404(request, conversation_id)
    if request.method == "POST":
        conversation_leave(actor=request.user, conversation=membership.conversation)  # type: ignore[arg-type]
        messages.success(request, _("You have left the conversation."))
        return redirect("messaging:inbox")
    return render(request, "messaging/leave.html", {"conversation": membership.conversation})
