"""Professional development pages: for now the self-learning modules, their steps and the check at the end.

Only signed-in adults see them; pupils, and anyone asking for an unpublished
module or a step that does not exist, get a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.learning import selectors, services
from twinning.learning.forms import CheckForm
from twinning.learning.permissions import can_learn

read_page = require_http_methods(["GET", "HEAD"])
form_page = require_http_methods(["GET", "HEAD", "POST"])


def _learner(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not can_learn(user):
        raise Http404
    return user


@login_required
@read_page
def index(request: HttpRequest) -> HttpResponse:
    """Professional development: the published self-learning modules, each with my status."""
    user = _learner(request)
    modules = list(selectors.modules_with_status(user=user))
    rows = [(module, selectors.status_of(module)) for module in modules]
    return render(request, "learning/index.html", {"rows": rows})


@login_required
@read_page
def module(request: HttpRequest, pk: int) -> HttpResponse:
    """A module's summary, its steps, and where I stand: start, continue, or completed."""
    user = _learner(request)
    item = selectors.published_module(pk)
    context = {
        "module": item,
        "steps": selectors.module_steps(item),
        "last_step": selectors.last_step_of(user=user, module=item),
        "completion": selectors.completion_of(user=user, module=item),
        "has_check": item.questions.exists(),
    }
    return render(request, "learning/module.html", context)


@login_required
@read_page
def step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One step of a module (numbered from 1), with previous and next; opening it is remembered."""
    user = _learner(request)
    item = selectors.published_module(pk)
    steps = selectors.module_steps(item)
    if not 1 <= number <= len(steps):
        raise Http404
    services.step_visit(user=user, module=item, number=number)
    context = {
        "module": item,
        "step": steps[number - 1],
        "number": number,
        "total": len(steps),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(steps) else None,
    }
    return render(request, "learning/step.html", context)


@login_required
@form_page
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions at the end of a module; passing records the completion."""
    user = _learner(request)
    item = selectors.published_module(pk)
    questions = selectors.module_questions(item)
    if not questions:
        raise Http404
    form = CheckForm(request.POST or None, questions=questions)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_submit(user=user, module=item, answers=form.answers())
        except PermissionRefused as exc:
            raise Http404 from exc
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            if result.passed:
                messages.success(
                    request,
                    _("Well done: you completed “%(title)s” with %(score)d%% right answers.")
                    % {"title": item.title, "score": result.score},
                )
                return redirect("learning:module", pk=item.pk)
    context = {
        "module": item,
        "form": form,
        "result": result,
        "pass_percent": services.PASS_PERCENT,
        "completion": selectors.completion_of(user=user, module=item),
    }
    return render(request, "learning/check.html", context)
