"""Changes in the partner-finding forums: the operator's forums, publishing, editing and closing ideas,
and the support service's answers to reports (hiding a reply or a whole idea).

An idea's public replies are a thread of its forum's `discussions` forum,
opened with the idea itself as its first message; the idea keeps the thread's
title and first message in step when it is edited, and closing the idea
closes the thread to replies. Reporting the idea is reporting that first
message; hiding it hides the thread, and with it the idea (see
`permissions.visible_ideas`): every hide or show of an idea goes through
`idea_set_hidden` or `forum_report_resolve` here, which keep the forum's
counter and tell the copies (`signals.idea_hidden_changed`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import SupportService, User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum, Post, Report, Thread
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import (
    forum_create,
    notify_report,
    post_report,
    post_set_hidden,
    report_resolve,
    thread_set_locked,
    thread_start,
    thread_unfollow,
)
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import (
    author_schools_in_scope,
    can_change_idea,
    can_moderate_replies,
    can_publish_idea,
    can_report_idea,
    can_view_idea,
    idea_access,
)
from twinning.forums.signals import idea_hidden_changed
from twinning.notifications.services import notify
from twinning.progress.services import progress_record
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employments

REPLIES_PURPOSE = "idea_replies"
# The owner's decision for the author's own thread: they open it and close it; replies come
# through the forum pages with each reader's access.
_AUTHOR_OPENS = ForumAccess(can_read=True, can_start_thread=True, can_reply=False, can_moderate=False)
_OWNER_CLOSES = ForumAccess(can_read=True, can_start_thread=False, can_reply=False, can_moderate=True)
# The forums' decision for a support officer acting in their scope (the forums have no moderators of their own).
OFFICER_MODERATES = ForumAccess(can_read=True, can_start_thread=False, can_reply=False, can_moderate=True)

IDEA_FIELDS = (
    "title",
    "description",
    "age_bands",
    "subjects",
    "languages",
    "countries_wanted",
    "keywords",
    "availability",
)


def category_create(
    *,
    name: str,
    slug: str,
    kind: str = Category.Kind.OTHER,
    age_band: str = "",
    country: str = "",
    description: str = "",
    position: int = 0,
    is_active: bool = True,
) -> Category:
    """A new partner-finding forum, with the engine's forum that will hold its ideas' replies."""
    category = Category(
        name=name,
        slug=slug,
        kind=kind,
        age_band=age_band,
        country=country,
        description=description,
        position=position,
        is_active=is_active,
    )
    category.full_clean(exclude=["forum"])
    with transaction.atomic():
        category.forum = forum_create(purpose=REPLIES_PURPOSE)
        category.save()
    return category


def _clean_text(value: str) -> str:
    return value.replace("\x00", "").strip()


def _check_fields(idea: Idea) -> None:
    """Title and description are required (the model says so), and an idea must say which pupils and
    which languages it is for, so that a search with filters can find it."""
    errors: dict[str, list[str]] = {}
    if not idea.age_bands:
        errors["age_bands"] = [_("Choose at least one age of pupils.")]
    if not idea.languages:
        errors["languages"] = [_("Choose at least one language.")]
    try:
        idea.full_clean(exclude=["thread", "author", "category"])
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _open_category(category: Category) -> Category:
    if not category.is_active:
        raise DomainError(_("This forum takes no new ideas: choose another one."), field="category")
    return category


def author_countries(author: User) -> list[str]:
    """The countries of the schools where the author teaches now (not refused), in a stable order."""
    rows = current_employments(user=author).exclude(validation=Employment.Validation.REJECTED)
    return sorted(set(rows.values_list("school__country", flat=True)))


def _national_countries(author: User, category: Category) -> list[str]:
    """An idea in a national forum looks for partners in its author's own country: the forum's country
    when the operator set one (the author must teach there), else the countries of the author's schools."""
    countries = author_countries(author)
    if category.country:
        if category.country not in countries:
            raise DomainError(
                _("This national forum is for teachers of another country: choose another forum."), field="category"
            )
        return [category.country]
    if not countries:
        raise DomainError(
            _("Ideas in a national forum look for partners in your own country: add your school first."),
            field="category",
        )
    return countries


def _assign(idea: Idea, fields: dict[str, object]) -> None:
    for name in IDEA_FIELDS:
        value = fields[name]
        if isinstance(value, str):
            value = _clean_text(value)
        elif isinstance(value, list | tuple):
            value = list(dict.fromkeys(value))
        setattr(idea, name, value)


@transaction.atomic
def idea_publish(
    *,
    actor: User,
    category: Category,
    title: str,
    description: str,
    age_bands: list[str],
    subjects: list[str],
    languages: list[str],
    countries_wanted: list[str],
    keywords: str = "",
    availability: str = "",
) -> Idea:
    """Any teacher publishes a project idea in an open forum. It opens its replies thread and counts once
    for the author's progress ("Wrote a project idea"). A teacher not validated yet may publish: the idea
    is held (visible to them only) until their validation."""
    if not can_publish_idea(actor):
        raise PermissionRefused()
    _open_category(category)
    idea = Idea(category=category, author=actor)
    _assign(idea, locals())
    if category.is_national:
        idea.countries_wanted = _national_countries(actor, category)
    _check_fields(idea)
    idea.thread = thread_start(
        actor=actor, forum=category.forum, access=_AUTHOR_OPENS, title=idea.title, body=idea.description
    )
    # The author hears of replies as "idea_reply" (right away); following the thread too would tell twice.
    thread_unfollow(actor=actor, thread=idea.thread)
    idea.save()
    Category.objects.filter(pk=category.pk).update(idea_count=F("idea_count") + 1)
    progress_record(user=actor, kind="idea_written", key=str(idea.pk))
    return idea


def _opening_post(thread_id: int) -> Post | None:
    return Post.objects.filter(thread_id=thread_id).select_related("thread").order_by("created_at", "pk").first()


def opening_post_id(thread_id: int) -> int | None:
    """The first message of an idea's thread: the idea itself (its title and text)."""
    return Post.objects.filter(thread_id=thread_id).order_by("created_at", "pk").values_list("pk", flat=True).first()


def _lock_open(idea: Idea) -> bool:
    """Locks the idea's row and says whether it is open and not hidden (its counter counts it then)."""
    rows = Idea.objects.select_for_update(of=("self",)).filter(
        pk=idea.pk, status=Idea.Status.OPEN, thread__is_hidden=False
    )
    return rows.exists()


@transaction.atomic
def idea_update(
    *,
    actor: User,
    idea: Idea,
    category: Category,
    title: str,
    description: str,
    age_bands: list[str],
    subjects: list[str],
    languages: list[str],
    countries_wanted: list[str],
    keywords: str = "",
    availability: str = "",
) -> Idea:
    """The author changes their open idea, its forum included (the replies move with it); the replies
    thread keeps the idea's title and text as its opening message."""
    if not can_change_idea(actor, idea):
        raise PermissionRefused()
    moving = category.pk != idea.category_id
    if moving:
        _open_category(category)
    _assign(idea, locals())
    if category.is_national:
        idea.countries_wanted = _national_countries(actor, category)
    _check_fields(idea)
    old_category_id = idea.category_id
    # The row is locked while it is checked and written, so an edit racing a close cannot reopen it
    # (nor move the idea while an officer hides it: `idea_set_hidden` locks the same row).
    if not _lock_open(idea):
        raise DomainError(_("This idea is closed or hidden: it can no longer be changed."), code="closed")
    idea.category = category
    idea.save(update_fields=[*IDEA_FIELDS, "category", "updated_at"])
    Thread.objects.filter(pk=idea.thread_id).update(title=idea.title, forum_id=category.forum_id)
    opening = _opening_post(idea.thread_id)
    if opening is not None and opening.body != idea.description:
        Post.objects.filter(pk=opening.pk).update(body=idea.description, edited_at=timezone.now())
    if moving:
        old = Category.objects.select_related("forum").get(pk=old_category_id)
        Forum.objects.filter(pk=old.forum_id, thread_count__gt=0).update(thread_count=F("thread_count") - 1)
        Forum.objects.filter(pk=category.forum_id).update(thread_count=F("thread_count") + 1)
        Category.objects.filter(pk=old.pk, idea_count__gt=0).update(idea_count=F("idea_count") - 1)
        Category.objects.filter(pk=category.pk).update(idea_count=F("idea_count") + 1)
    return idea


@transaction.atomic
def idea_close(*, actor: User, idea: Idea) -> Idea:
    """The author closes their idea when partners are found: it stays readable, marked "Partners found",
    and its thread takes no new replies. Closing twice is refused."""
    if not (actor.is_authenticated and idea.author_id == actor.pk):
        raise PermissionRefused()
    # The row is locked while it is checked, then saved (not QuerySet.update) so that the copies kept
    # by signals on saves, the search index, see the idea closed.
    if not _lock_open(idea):
        raise DomainError(_("This idea is already closed, or hidden by the support service."), code="closed")
    idea.status = Idea.Status.CLOSED
    idea.closed_at = timezone.now()
    idea.save(update_fields=["status", "closed_at", "updated_at"])
    Category.objects.filter(pk=idea.category_id, idea_count__gt=0).update(idea_count=F("idea_count") - 1)
    thread_set_locked(actor=actor, thread=idea.thread, access=_OWNER_CLOSES, locked=True)
    return idea


def idea_url(idea: Idea) -> str:
    return reverse("forums:idea", kwargs={"pk": idea.pk})


def idea_reply_notify(*, idea: Idea, post: Post) -> None:
    """A reply to an idea tells its author (not when they answer themselves, nor when they could not
    read it any more)."""
    author = idea.author
    if post.author_id == author.pk or not can_view_idea(author, idea):
        return
    notify(
        recipient=author,
        kind="idea_reply",
        actor=post.author,
        url=f"{idea_url(idea)}#post-{post.pk}",
        params={"idea": idea.title},
    )


def central_officers() -> list[User]:
    """Reports of replies and ideas go to the support queue (`support:reports`); the central service hears
    of them."""
    return list(User.objects.filter(support_services__kind=SupportService.Kind.CENTRAL, is_active=True).distinct())


def idea_report(*, actor: User, idea: Idea, reason: str) -> Report:
    """Any reader but its author reports an idea to the support service, with a reason: the engine's report
    of the idea's opening message (once per member), shown in `support:reports` and told to the central
    service ("post_reported")."""
    if not can_report_idea(actor, idea):
        raise PermissionRefused()
    opening = _opening_post(idea.thread_id)
    if opening is None:
        raise PermissionRefused()
    report = post_report(actor=actor, post=opening, access=idea_access(actor, idea).replies(), reason=reason)
    notify_report(report=report, moderators=central_officers(), url=reverse("support:reports"))
    return report


def _hidden_now(idea: Idea) -> bool:
    return Thread.objects.filter(pk=idea.thread_id, is_hidden=True).exists()


def _after_hiding(idea: Idea, *, was_hidden: bool) -> None:
    """After the idea's opening post was hidden or shown (its row locked by the caller): the forum counts
    open ideas that are not hidden, and the copies hear of the change."""
    hidden = _hidden_now(idea)
    idea.thread.is_hidden = hidden
    if hidden == was_hidden:
        return
    if idea.status == Idea.Status.OPEN:
        counter = Category.objects.filter(pk=idea.category_id)
        if hidden:
            counter.filter(idea_count__gt=0).update(idea_count=F("idea_count") - 1)
        else:
            counter.update(idea_count=F("idea_count") + 1)
    idea_hidden_changed.send(sender=Idea, idea=idea)


def _locked_idea(pk: int) -> Idea:
    return Idea.objects.select_for_update(of=("self",)).select_related("thread", "author").get(pk=pk)


@transaction.atomic
def idea_set_hidden(*, actor: User, idea: Idea, hidden: bool) -> Idea:
    """A support officer whose scope covers the idea's author hides the idea (its opening post, and with
    it the thread: nobody but its author and those officers sees it any more) or shows it again.
    Doing it twice changes nothing."""
    if not can_moderate_replies(actor, idea):
        raise PermissionRefused()
    locked = _locked_idea(idea.pk)
    was_hidden = locked.thread.is_hidden
    opening = _opening_post(locked.thread_id)
    if opening is not None:
        post_set_hidden(actor=actor, post=opening, access=OFFICER_MODERATES, hidden=hidden)
    _after_hiding(locked, was_hidden=was_hidden)
    idea.thread.is_hidden = locked.thread.is_hidden
    return idea


def idea_of_report(report: Report) -> Idea | None:
    """The idea whose thread holds the reported post (None for a post elsewhere)."""
    return Idea.objects.filter(thread_id=report.post.thread_id).first()


@transaction.atomic
def forum_report_resolve(*, actor: User, report: Report, hide: bool) -> Report:
    """A support officer answers a report of a reply or of an idea (its opening post) in the partner-finding
    forums: hide it (a hidden idea disappears for everyone but its author and the officers in scope) or
    dismiss the report. The officer's scope must cover the post's author; pages fetch the report through
    `selectors.report_for_officer`, which says the same."""
    if not (actor.is_authenticated and author_schools_in_scope(actor, report.post.author_id or 0)):
        raise PermissionRefused()
    idea = idea_of_report(report)
    opens_idea = idea is not None and opening_post_id(idea.thread_id) == report.post_id
    if not (hide and opens_idea):
        return report_resolve(actor=actor, report=report, access=OFFICER_MODERATES, hide=hide)
    assert idea is not None
    locked = _locked_idea(idea.pk)
    was_hidden = locked.thread.is_hidden
    report = report_resolve(actor=actor, report=report, access=OFFICER_MODERATES, hide=True)
    _after_hiding(locked, was_hidden=was_hidden)
    return report
