"""Pages of the schools app: find, register and join schools, the school history,
and the head teacher's one-click confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.schools import selectors, services
from twinning.schools.forms import (
    EmploymentAddForm,
    EmploymentEndForm,
    SchoolRegisterForm,
    SchoolSearchForm,
)
from twinning.schools.models import School
from twinning.schools.permissions import employments_changeable_by

PAGE_SIZE = 20


def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    return render(request, "schools/detail.html", {"school": school})


@login_required
def school_find(request: HttpRequest) -> HttpResponse:
    """Step one of "Add a school": search by name and country, then pick one or register it."""
    form = SchoolSearchForm(request.GET or None)
    page = None
    if form.has_query:
        schools = selectors.school_search(q=form.cleaned_data["q"], country=form.cleaned_data["country"])
        page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode() + "&" if query else ""}
    return render(request, "schools/find.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def employment_add(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    form = EmploymentAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_add(actor=request.user, school=school, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("School added. You are waiting for validation at this school."))
            return redirect("schools:mine")
    return render(request, "schools/employment_add.html", {"form": form, "school": school})


@login_required
@require_http_methods(["GET", "POST"])
def school_register(request: HttpRequest) -> HttpResponse:
    form = SchoolRegisterForm(request.POST or None, initial={"name": request.GET.get("name", "")[:255]})
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_register(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(school)s is registered and added to your school history. Its support service will verify it.")
                % {"school": school.name},
            )
            return redirect("schools:mine")
    return render(request, "schools/register.html", {"form": form})


@login_required
def my_schools(request: HttpRequest) -> HttpResponse:
    rows = [(row, selectors.employment_waiting_for(row)) for row in selectors.employment_history(user=request.user)]
    return render(request, "schools/mine.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def employment_end(request: HttpRequest, pk: int) -> HttpResponse:
    """ "I left this school": a confirmation page with the last day, then the row gets its end date."""
    employment = get_object_or_404(
        employments_changeable_by(request.user).select_related("school").filter(end_date__isnull=True), pk=pk
    )
    form = EmploymentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_end(actor=request.user, employment=employment, end_date=form.cleaned_data["end_date"])
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your school history now shows that you left %(school)s.") % {"school": employment.school.name},
            )
            return redirect("schools:mine")
    return render(request, "schools/employment_end.html", {"form": form, "employment": employment})


@login_required
@require_POST
def employment_resend_link(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(employments_changeable_by(request.user).select_related("school", "teacher"), pk=pk)
    try:
        services.employment_resend_head_teacher_link(actor=request.user, employment=employment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new link is on its way to your head teacher."))
    return redirect("schools:mine")


@require_http_methods(["GET", "POST"])
def head_teacher_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The head teacher's one-click page. GET only shows the question (mail scanners
    open links); the answer is a POST. Unusable links change nothing."""
    try:
        employment = services.head_teacher_link_employment(token=token)
    except services.LinkError as exc:
        status = 410 if exc.code in {"expired", "used"} else 400
        return render(request, "schools/head_teacher_link_error.html", {"error": exc}, status=status)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in {"yes", "no"}:
            return render(request, "schools/head_teacher_confirm.html", {"employment": employment}, status=400)
        try:
            employment = services.employment_confirm_by_head_teacher(token=token, confirm=answer == "yes")
        except services.LinkError as exc:
            return render(request, "schools/head_teacher_link_error.html", {"error": exc}, status=410)
        return render(request, "schools/head_teacher_done.html", {"employment": employment})
    return render(request, "schools/head_teacher_confirm.html", {"employment": employment})
