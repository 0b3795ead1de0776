"""Search pages: people (name or school, and the advanced filters), schools, and a school's teachers.

The people and school pages need a signed-in member: search is how members
find each other, not a directory of teachers for the whole internet. The
project search is open to visitors too, who find public projects only; pupils
have no search at all. The project-idea search (partner-finding forums) is for
signed-in teachers, like the forums.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from twinning.forums.models import Category
from twinning.forums.services import author_countries
from twinning.schools.models import School
from twinning.search import selectors
from twinning.search.forms import IdeaSearchForm, PeopleSearchForm, ProjectSearchForm, SchoolSearchForm, page_number


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


@login_required
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    results = None
    if form.has_search:
        results = selectors.people_search(
            viewer=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            page=page_number(request.GET.get("page")),
        )
    context = {"form": form, "results": results, "query": _query_without_page(request)}
    return render(request, "search/people.html", context)


@login_required
@require_safe
def schools(request: HttpRequest) -> HttpResponse:
    form = SchoolSearchForm(request.GET or None)
    results = None
    if form.has_search:
        results = selectors.school_search(
            query=form.cleaned_data["q"], filters=form.filters(), page=page_number(request.GET.get("page"))
        )
    context = {"form": form, "results": results, "query": _query_without_page(request)}
    return render(request, "search/schools.html", context)


@login_required
@require_safe
def school(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    teachers = selectors.school_teachers(viewer=request.user, school=school, page=request.GET.get("page"))
    context = {"school": school, "teachers": teachers, "query": ""}
    return render(request, "search/school.html", context)


@require_safe
def projects(request: HttpRequest) -> HttpResponse:
    """Projects by keywords and filters; with nothing typed, the newest the viewer may see."""
    if getattr(request.user, "is_pupil", False):
        raise Http404
    member = request.user.is_authenticated
    form = ProjectSearchForm(request.GET, member=member)
    results = None
    if form.is_valid():
        results = selectors.project_search(
            viewer=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            page=page_number(request.GET.get("page")),
        )
    context = {"form": form, "results": results, "query": _query_without_page(request), "member": member}
    return render(request, "search/projects.html", context)


def national_country_default(request: HttpRequest) -> QueryDict:
    """The search's parameters; in a national forum, whose ideas look for partners in their author's
    own country, the partner-country filter starts at the reader's country (the forum's when the
    operator set one) unless the reader chose one ("Any country" included)."""
    data = request.GET
    slug = data.get("category", "")
    if not slug or "country" in data or not request.user.is_authenticated:
        return data
    category = Category.objects.filter(slug=slug, kind=Category.Kind.NATIONAL).first()
    if category is None:
        return data
    countries = [category.country] if category.country else author_countries(request.user)  # type: ignore[arg-type]
    if not countries:
        return data
    data = data.copy()
    data["country"] = countries[0]
    return data


@login_required
@require_safe
def ideas(request: HttpRequest) -> HttpResponse:
    """Project ideas of the partner-finding forums by keywords and filters; with nothing typed, the
    newest open ideas."""
    if getattr(request.user, "is_pupil", False):
        raise Http404
    form = IdeaSearchForm(national_country_default(request))
    results = None
    if form.is_valid():
        results = selectors.idea_search(
            viewer=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            page=page_number(request.GET.get("page")),
        )
    context = {"form": form, "results": results, "query": _query_without_page(request)}
    return render(request, "search/ideas.html", context)
