"""Reads of the partner-finding forums, with what each page shows loaded once."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.discussions.models import Post, Report
from twinning.discussions.selectors import open_reports
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import Viewer, visible_ideas
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employment_q, current_employments


def categories() -> QuerySet[Category]:
    """Every forum in the operator's order (closed ones are shown as such), with its open ideas counted."""
    return Category.objects.order_by("position", "name", "pk")


def open_categories() -> QuerySet[Category]:
    """The forums taking new ideas, for the publish form."""
    return categories().filter(is_active=True)


def category_ideas(
    *, viewer: Viewer, category: Category, include_closed: bool = False, countries: list[str] | None = None
) -> QuerySet[Idea]:
    """The ideas of one forum the viewer may read, newest first; open ones only unless asked; with
    `countries`, only those of authors who teach there now (a national forum shows the reader's own
    country first: its ideas look for partners in their author's country)."""
    ideas = visible_ideas(viewer).filter(category=category)
    if not include_closed:
        ideas = ideas.filter(status=Idea.Status.OPEN)
    if countries:
        teaches_there = (
            Employment.objects.filter(teacher_id=OuterRef("author_id"), school__country__in=countries)
            .filter(current_employment_q())
            .exclude(validation=Employment.Validation.REJECTED)
        )
        ideas = ideas.filter(Exists(teaches_there))
    return ideas.select_related("author", "thread").order_by("-created_at", "-pk")


def idea_get(*, viewer: Viewer, pk: int) -> Idea:
    """One idea the viewer may read, with its forum, author and thread; `Idea.DoesNotExist` otherwise."""
    return visible_ideas(viewer).select_related("category", "author", "thread").get(pk=pk)


def my_ideas(*, user: User) -> QuerySet[Idea]:
    """The author's own ideas, newest first (held ones included: the page marks them)."""
    return Idea.objects.filter(author=user).select_related("category", "thread").order_by("-created_at", "-pk")


def author_schools(*, author: User) -> list[Employment]:
    """Where the author teaches now (the idea page names the schools and their countries)."""
    return list(current_employments(user=author).exclude(validation=Employment.Validation.REJECTED))


def reports_for_officer(*, officer: User) -> QuerySet[Report]:
    """Open reports of replies in the partner-finding forums that a support officer handles, oldest first:
    the central service sees them all, a national or regional service those whose reply author teaches
    in its scope now. Reports of an idea itself (its thread's first message) come in the same queue.
    Each row carries `idea_id`, the idea the post belongs to, and `is_idea`, whether the post is the
    idea itself rather than a reply."""
    scope = support_scope(officer)
    if scope.is_empty:
        return Report.objects.none()
    reports = open_reports(forums=list(Category.objects.values_list("forum_id", flat=True)))
    if not scope.central:
        in_scope = (
            Employment.objects.filter(teacher_id=OuterRef("post__author_id"))
            .filter(current_employment_q())
            .filter(scope.filter("school__country", "school__region"))
        )
        reports = reports.filter(Exists(in_scope))
    idea = Idea.objects.filter(thread_id=OuterRef("post__thread_id")).values("pk")[:1]
    opening = Post.objects.filter(thread_id=OuterRef("post__thread_id")).order_by("created_at", "pk").values("pk")[:1]
    return reports.annotate(
        idea_id=Subquery(idea),
        is_idea=ExpressionWrapper(Q(post_id=Subquery(opening)), output_field=BooleanField()),
    )


def report_for_officer(*, officer: User, pk: int) -> Report:
    """One open report the officer handles; `Report.DoesNotExist` otherwise (pages answer 404)."""
    return reports_for_officer(officer=officer).get(pk=pk)
