"""Reads of the partner-finding forums, with what each page shows loaded once."""

from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import Viewer, visible_ideas
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employments


def categories() -> QuerySet[Category]:
    """Every forum in the operator's order (closed ones are shown as such), with its open ideas counted."""
    return Category.objects.order_by("position", "name", "pk")


def open_categories() -> QuerySet[Category]:
    """The forums taking new ideas, for the publish form."""
    return categories().filter(is_active=True)


def category_ideas(*, viewer: Viewer, category: Category, include_closed: bool = False) -> QuerySet[Idea]:
    """The ideas of one forum the viewer may read, newest first; open ones only unless asked."""
    ideas = visible_ideas(viewer).filter(category=category)
    if not include_closed:
        ideas = ideas.filter(status=Idea.Status.OPEN)
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
