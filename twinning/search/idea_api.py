"""Project ideas of the partner-finding forums in the JSON API: search, one idea, publish, close.

The same selectors, services and rules as the pages: the search is `idea_search` (its filters checked
by the search page's form), one idea is read through `forums.permissions.visible_ideas` (a held idea
is its author's only; an idea one may not read is a 404, as for one that does not exist), publishing
and closing are `forums.services.idea_publish` / `idea_close`. Pupils get a 404 for every route,
signed-out callers a 401. Mounted at `/api/ideas/`.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from twinning.core.api import check_id
from twinning.core.errors import DomainError
from twinning.forums import services as forum_services
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import is_held, is_hidden_idea, visible_ideas
from twinning.projects.api import (
    ERRORS,
    Detail,
    FieldError,
    ValidationErrors,
    _no_nul,
    _service_error,
    teacher_auth,
)
from twinning.search import selectors
from twinning.search.forms import IdeaSearchForm, page_number

router = Router(tags=["ideas"], auth=teacher_auth)


class IdeaQuery(Schema):
    q: str = Field("", max_length=100, description="Words of the title, description or keywords.")
    category: str = Field("", max_length=60, description="A forum's address (slug).")
    age: str = Field("", max_length=10, description="A pupils' age band code.")
    language: str = Field("", max_length=10, description="A language code.")
    country: str = Field("", max_length=2, description="A partner country wanted (ISO code).")
    subject: str = Field("", max_length=40, description="A subject code.")
    closed: bool = Field(False, description="Include the ideas whose authors have found partners.")
    page: int = Field(1, ge=1, le=500)

    _nul = field_validator("q", "category", "age", "language", "country", "subject")(_no_nul)


class IdeaSummary(Schema):
    id: int
    title: str
    category: str
    status: str
    held: bool
    hidden: bool = Field(description="Hidden by the support service: only its author and officers in scope read it.")
    author_id: int
    author_name: str
    age_bands: list[str]
    subjects: list[str]
    languages: list[str]
    countries_wanted: list[str]
    created_at: datetime


class IdeaPage(Schema):
    items: list[IdeaSummary]
    page: int
    has_next: bool


class IdeaOut(IdeaSummary):
    description: str
    keywords: str
    availability: str
    closed_at: datetime | None
    replies: int
    is_mine: bool


class IdeaIn(Schema):
    category: str = Field(max_length=60, description="The forum's address (slug).")
    title: str = Field(max_length=200)
    description: str = Field(max_length=10_000)
    age_bands: list[str] = Field(max_length=20)
    subjects: list[str] = Field(default_factory=list, max_length=50)
    languages: list[str] = Field(max_length=50)
    countries_wanted: list[str] = Field(default_factory=list, max_length=100)
    keywords: str = Field("", max_length=300)
    availability: str = Field("", max_length=200)

    _nul = field_validator(
        "category",
        "title",
        "description",
        "age_bands",
        "subjects",
        "languages",
        "countries_wanted",
        "keywords",
        "availability",
    )(_no_nul)


def _summary(idea: Idea) -> dict[str, Any]:
    return {
        "id": idea.pk,
        "title": idea.title,
        "category": idea.category.slug,
        "status": idea.status,
        "held": is_held(idea),
        "hidden": is_hidden_idea(idea),
        "author_id": idea.author_id,
        "author_name": idea.author.full_name,
        "age_bands": list(idea.age_bands),
        "subjects": list(idea.subjects),
        "languages": list(idea.languages),
        "countries_wanted": list(idea.countries_wanted),
        "created_at": idea.created_at,
    }


def _detail(request: HttpRequest, idea: Idea) -> dict[str, Any]:
    return {
        **_summary(idea),
        "description": idea.description,
        "keywords": idea.keywords,
        "availability": idea.availability,
        "closed_at": idea.closed_at,
        # The thread's first message is the idea itself.
        "replies": max(idea.thread.post_count - 1, 0),
        "is_mine": idea.author_id == request.user.pk,
    }


def _visible_idea(request: HttpRequest, idea_id: int) -> Idea:
    idea = (
        visible_ideas(request.user).select_related("category", "author", "thread").filter(pk=check_id(idea_id)).first()
    )
    if idea is None:
        raise Http404
    return idea


@router.get(
    "/",
    response={200: IdeaPage, 400: FieldError, 401: Detail, 404: Detail, 422: ValidationErrors},
    summary="Search the project ideas",
    description="Keywords (beginnings of words, accents ignored) and filters, newest first, 20 a page; open "
    "ideas only unless `closed`. Held ideas, and ideas hidden by the support service, are found by their "
    "author only.",
)
def idea_list(request: HttpRequest, query: Query[IdeaQuery]) -> Status:
    data = query.dict()
    form = IdeaSearchForm({key: value for key, value in data.items() if key != "closed" or value})
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        first = next(iter(errors))
        return Status(400, {"detail": errors[first][0], "field": first, "errors": errors})
    results = selectors.idea_search(
        viewer=request.user,  # type: ignore[arg-type]
        query=form.cleaned_data["q"],
        filters=form.filters(),
        page=page_number(str(data["page"])),
    )
    items = [_summary(hit.idea) for hit in results.items]
    return Status(200, {"items": items, "page": results.number, "has_next": results.has_next})


@router.get(
    "/{int:idea_id}",
    response={200: IdeaOut, 401: Detail, 404: Detail},
    summary="One project idea",
    description="404 when the caller may not read it (a held idea of someone else, an idea hidden by the support "
    "service), as for one that does not exist.",
)
def idea_detail(request: HttpRequest, idea_id: int) -> Status:
    return Status(200, _detail(request, _visible_idea(request, idea_id)))


@router.post(
    "/",
    response={201: IdeaOut, **ERRORS},
    summary="Publish a project idea",
    description="In an open forum. The idea of a teacher not validated yet is held (visible to them only) until "
    "their validation. In a national forum the partner countries are the author's own.",
)
def idea_publish(request: HttpRequest, payload: IdeaIn) -> Status:
    data = payload.dict()
    category = Category.objects.filter(slug=data.pop("category")).first()
    if category is None:
        return Status(400, {"detail": "There is no forum with this address.", "field": "category", "errors": {}})
    try:
        idea = forum_services.idea_publish(actor=request.user, category=category, **data)  # type: ignore[arg-type]
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(201, _detail(request, _visible_idea(request, idea.pk)))


@router.post(
    "/{int:idea_id}/close",
    response={200: IdeaOut, **ERRORS},
    summary="Close my idea: partners found",
    description="The author only (anyone else: 404). The idea stays readable and takes no new replies; closing "
    "twice is a 400.",
)
def idea_close(request: HttpRequest, idea_id: int) -> Status:
    idea = _visible_idea(request, idea_id)
    if idea.author_id != request.user.pk:
        raise Http404
    try:
        forum_services.idea_close(actor=request.user, idea=idea)  # type: ignore[arg-type]
    except (DomainError, ValidationError) as exc:
        return _service_error(exc)
    return Status(200, _detail(request, _visible_idea(request, idea.pk)))
