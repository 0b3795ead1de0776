"""Teachers' project pages: the Projects tab, founding, inviting, the project page and its actions,
the head teacher's confirmation, and the kits founders start from.

A project is fetched through `visible_projects`: one the viewer may not see is
a 404, like one that does not exist. Pages that change a project also need
the matching permission (404 otherwise); the services check again and decide.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.core.http import safe_next
from twinning.projects.forms import (
    FoundProjectForm,
    ImageForm,
    InviteForm,
    KitFilterForm,
    MainImageForm,
    ProjectForm,
    ProjectSearchForm,
    ReasonForm,
    StepDecisionForm,
)
from twinning.projects.kits import kit_get_published, kit_prefill, published_kits
from twinning.projects.models import ApprovalStep, Kit, Partner, Project, ProjectImage
from twinning.projects.page_selectors import (
    kits_matching,
    live_row,
    project_images,
    waiting_steps_by_project,
)
from twinning.projects.permissions import can_manage_project, is_member, visible_projects
from twinning.projects.selectors import (
    MY_GROUPS,
    head_teacher_steps,
    invitable_contacts,
    invitation_refusals,
    invitee_for,
    my_project_rows,
    project_invitations,
    project_log,
    project_partners,
    project_pipeline,
)
from twinning.projects.services import (
    InvitationRefused,
    cofounder_invite,
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    partner_invite,
    partner_leave,
    partner_remove,
    project_close,
    project_delete_draft,
    project_found,
    project_image_add,
    project_image_remove,
    project_image_set,
    project_update,
    step_approve,
    step_decide_by_head_teacher_link,
    step_for_head_teacher_token,
    step_reject,
)

KITS_PER_PAGE = 20
PROJECTS_PER_PAGE = 20
CONTACTS_PER_PAGE = 50

Status = Project.Status


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in teachers only: a pupil's account never reaches a project page (404, as if it did not exist)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "is_pupil", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _visible_project_or_404(request: HttpRequest, pk: int) -> Project:
    project = visible_projects(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if project is None:
        raise Http404
    return project


def _managed_project_or_404(request: HttpRequest, pk: int) -> Project:
    """A project the viewer founded or administers; any other is a 404."""
    project = _visible_project_or_404(request, pk)
    if not can_manage_project(request.user, project):  # type: ignore[arg-type]
        raise Http404
    return project


def _done(request: HttpRequest, text: str, target: str, *args: Any) -> HttpResponse:
    messages.success(request, text)
    return redirect(target, *args)


# The Projects tab


@teacher_required
@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    """My projects in three groups, each paged on its own (`?pending=2`, `?open=3`, `?closed=4`), so
    the page reads a fixed number of rows whatever the number of projects."""
    user = _user(request)
    sources: dict[str, QuerySet] = {group: my_project_rows(user=user, group=group) for group in MY_GROUPS}
    sources["confirm"] = head_teacher_steps(user=user)
    pages = {}
    for group, rows_qs in sources.items():
        page = Paginator(rows_qs, PROJECTS_PER_PAGE).get_page(request.GET.get(group))
        query = request.GET.copy()
        query.pop(group, None)
        page.query = f"{query.urlencode()}&" if query else ""  # type: ignore[attr-defined]
        page.param = group  # type: ignore[attr-defined]
        pages[group] = page
    rows = {group: [(row.project, row) for row in pages[group].object_list] for group in MY_GROUPS}
    waiting = waiting_steps_by_project(project_ids=[project.pk for project, _row in rows["pending"]])
    context = {
        "pending": [(project, row, waiting.get(project.pk, [])) for project, row in rows["pending"]],
        "open": rows["open"],
        "closed": rows["closed"],
        "pages": pages,
        "to_confirm": list(pages["confirm"].object_list),
        "search_form": ProjectSearchForm(),
    }
    return render(request, "projects/index.html", context)


# Founding a project, from scratch or from a kit


def _kit_or_none(pk: Any) -> Kit | None:
    try:
        return kit_get_published(pk=int(pk))
    except (Kit.DoesNotExist, TypeError, ValueError):
        return None


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FoundProjectForm(request.POST, request.FILES)
        kit = _kit_or_none(request.POST.get("kit"))
        if form.is_valid():
            try:
                project = project_found(
                    actor=_user(request),
                    **form.project_fields(),
                    kit=kit,
                    image=form.cleaned_data.get("image"),
                )
            except (DomainError, ValidationError) as error:
                add_service_error(form, error)
            else:
                return _done(
                    request,
                    _("Your project is saved as a draft. Now choose your co-founder among your contacts."),
                    "projects:invite",
                    project.pk,
                )
    else:
        kit = _kit_or_none(request.GET.get("kit"))
        initial: dict[str, Any] = kit_prefill(kit) if kit else {}
        if kit:
            initial["kit"] = kit.pk
        form = FoundProjectForm(initial=initial)
    return render(request, "projects/create.html", {"form": form, "kit": kit})


@teacher_required
@require_http_methods(["GET", "HEAD"])
def kits(request: HttpRequest) -> HttpResponse:
    filters = KitFilterForm(request.GET or None)
    subject = age = ""
    if filters.is_valid():
        subject, age = filters.cleaned_data["subject"], filters.cleaned_data["age"]
    rows = kits_matching(published_kits(), subject=subject, age=age)
    page = Paginator(rows, KITS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": f"{query.urlencode()}&" if query else ""}
    return render(request, "projects/kits.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD"])
def kit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _kit_or_none(pk)
    if found is None:
        raise Http404
    return render(request, "projects/kit.html", {"kit": found})


# The project page


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members, invitees and the people a step waits for see the whole project; anyone else who may
    see it (a public, approved project) sees its public part only."""
    if getattr(request.user, "is_pupil", False):
        raise Http404
    project = _visible_project_or_404(request, pk)
    user = request.user
    mine = live_row(user=user, project=project)
    to_confirm = list(head_teacher_steps(user=user).filter(project=project)) if user.is_authenticated else []  # type: ignore[arg-type]
    public_only = (
        mine is None and not to_confirm and project.is_public and project.status in (Status.OPEN, Status.CLOSED)
    )
    partners = list(project_partners(project=project))
    context: dict[str, Any] = {"project": project, "partners": partners, "public_only": public_only}
    if not public_only:
        manage = user.is_authenticated and can_manage_project(user, project)  # type: ignore[arg-type]
        member = mine is not None and mine.state == Partner.State.ACTIVE
        context |= {
            "mine": mine,
            "member": member,
            "manage": manage,
            "to_confirm": to_confirm,
            "invited": list(project_invitations(project=project)),
            "pipeline": project_pipeline(project=project),
            "log": project_log(project=project) if member or manage else [],
            "images": list(project_images(project=project)),
        }
    return render(request, "projects/detail.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project_or_404(request, pk)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        try:
            project_update(actor=_user(request), project=project, **form.project_fields())
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
            project.refresh_from_db()
        else:
            return _done(request, _("The project's information is saved."), "projects:detail", project.pk)
    return render(request, "projects/edit.html", {"form": form, "project": project})


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def images(request: HttpRequest, pk: int) -> HttpResponse:
    """The main image (replace it) and the gallery (add with a caption); the service checks every file."""
    project = _managed_project_or_404(request, pk)
    target = request.POST.get("target") if request.method == "POST" else None
    posted = (request.POST, request.FILES)
    main_form = MainImageForm(*posted, prefix="main") if target == "main" else MainImageForm(prefix="main")
    gallery_form = ImageForm(*posted, prefix="gallery") if target == "gallery" else ImageForm(prefix="gallery")
    if target == "main" and main_form.is_valid():
        try:
            project_image_set(actor=_user(request), project=project, upload=main_form.cleaned_data["image"])
        except (DomainError, ValidationError) as error:
            add_service_error(main_form, error)
        else:
            return _done(request, _("The project's image is changed."), "projects:images", project.pk)
    elif target == "gallery" and gallery_form.is_valid():
        try:
            project_image_add(
                actor=_user(request),
                project=project,
                upload=gallery_form.cleaned_data["image"],
                caption=gallery_form.cleaned_data["caption"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(gallery_form, error)
        else:
            return _done(request, _("The image is added to the gallery."), "projects:images", project.pk)
    context = {
        "project": project,
        "main_form": main_form,
        "gallery_form": gallery_form,
        "target": target,
        "images": list(project_images(project=project)),
    }
    return render(request, "projects/images.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def image_remove(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    project = _managed_project_or_404(request, pk)
    image = ProjectImage.objects.filter(project=project, pk=image_pk).first()
    if image is None:
        raise Http404
    if request.method == "POST":
        try:
            project_image_remove(actor=_user(request), image=image)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("projects:images", project.pk)
        return _done(request, _("The image is removed."), "projects:images", project.pk)
    return render(request, "projects/image_remove.html", {"project": project, "image": image})


# Inviting a co-founder (draft) or partners (open project)


def _invite_page(
    request: HttpRequest,
    project: Project,
    form: InviteForm,
    *,
    refused_teacher: User | None = None,
    refusals: list | None = None,
) -> HttpResponse:
    user = _user(request)
    rows = invitable_contacts(inviter=user, project=project)
    page = Paginator(rows, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "page": page,
        "form": form,
        "cofounder": project.status == Status.DRAFT,
        "refused_teacher": refused_teacher,
        "refusals": refusals or [],
    }
    return render(request, "projects/invite.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project_or_404(request, pk)
    if project.status not in (Status.DRAFT, Status.OPEN):
        messages.info(
            request,
            _("A draft invites its co-founder and an open project its partners; this project can invite nobody now."),
        )
        return redirect("projects:detail", project.pk)
    form = InviteForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _invite_page(request, project, form)
    # Only teachers whose profile the inviter may see can be named; anyone else is a 404 (as in the API).
    teacher = invitee_for(inviter=_user(request), user_id=form.cleaned_data["teacher"])
    if teacher is None:
        raise Http404
    service = cofounder_invite if project.status == Status.DRAFT else partner_invite
    try:
        service(actor=_user(request), project=project, teacher=teacher, note=form.cleaned_data["note"])
    except InvitationRefused as refused:
        return _invite_page(request, project, form, refused_teacher=teacher, refusals=refused.refusals)
    except (DomainError, ValidationError) as error:
        # A refusal the rules table did not foresee (the project changed state meanwhile...): say it, change nothing.
        refusals = invitation_refusals(inviter=_user(request), project=project, teacher=teacher)
        add_service_error(form, error)
        return _invite_page(request, project, form, refused_teacher=teacher, refusals=refusals)
    if project.status == Status.DRAFT:
        text = _("%(name)s is invited as your co-founder. The approval steps start when they accept.")
    else:
        text = _("%(name)s is invited to join the project.")
    return _done(request, text % {"name": teacher.full_name}, "projects:detail", project.pk)


# Answering, withdrawing, removing, leaving


def _my_invitation_or_404(request: HttpRequest, pk: int) -> Partner:
    partner = (
        Partner.objects.select_related("project")
        .filter(pk=pk, teacher=request.user, state=Partner.State.INVITED)  # type: ignore[misc]
        .first()
    )
    if partner is None:
        raise Http404
    return partner


def _managed_row_or_404(request: HttpRequest, pk: int, state: str) -> Partner:
    """Someone's row in a project the viewer manages, in the given state."""
    partner = Partner.objects.select_related("project", "teacher").filter(pk=pk, state=state).first()
    if partner is None or not visible_projects(request.user).filter(pk=partner.project_id).exists():  # type: ignore[arg-type]
        raise Http404
    if not can_manage_project(request.user, partner.project):  # type: ignore[arg-type]
        raise Http404
    return partner


def _act(request: HttpRequest, call: Callable[[], Any], text: str, target: str) -> HttpResponse:
    """Calls the service; its refusal or `text` is shown on `target` (or the form's safe `next`)."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, text)
    return redirect(safe_next(request, target))


@teacher_required
@require_POST
def accept_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _my_invitation_or_404(request, pk)
    return _act(
        request,
        lambda: invitation_accept(actor=_user(request), partner=partner),
        _("You joined “%(project)s”.") % {"project": partner.project.title},
        reverse("projects:detail", args=[partner.project_id]),
    )


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def decline_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _my_invitation_or_404(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            lambda: invitation_decline(actor=_user(request), partner=partner, reason=form.cleaned_data["reason"]),
            _("You declined the invitation to “%(project)s”.") % {"project": partner.project.title},
            "projects:index",
        )
    return render(request, "projects/invitation_decline.html", {"partner": partner, "form": form})


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _managed_row_or_404(request, pk, Partner.State.INVITED)
    if request.method == "POST":
        return _act(
            request,
            lambda: invitation_withdraw(actor=_user(request), partner=partner),
            _("Your invitation to %(name)s is withdrawn.") % {"name": partner.teacher.full_name},
            reverse("projects:detail", args=[partner.project_id]),
        )
    return render(request, "projects/confirm.html", _confirm_context("withdraw", partner.project, partner))


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def remove_partner(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _managed_row_or_404(request, pk, Partner.State.ACTIVE)
    if request.method == "POST":
        return _act(
            request,
            lambda: partner_remove(actor=_user(request), partner=partner),
            _("%(name)s is no longer a partner of the project.") % {"name": partner.teacher.full_name},
            reverse("projects:detail", args=[partner.project_id]),
        )
    return render(request, "projects/confirm.html", _confirm_context("remove", partner.project, partner))


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    project = _visible_project_or_404(request, pk)
    if not is_member(request.user, project):  # type: ignore[arg-type]
        raise Http404
    if request.method == "POST":
        return _act(
            request,
            lambda: partner_leave(actor=_user(request), project=project),
            _("You left “%(project)s”.") % {"project": project.title},
            "projects:index",
        )
    return render(request, "projects/confirm.html", _confirm_context("leave", project))


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project_or_404(request, pk)
    if request.method == "POST":
        return _act(
            request,
            lambda: project_close(actor=_user(request), project=project),
            _("The project is ended. Its TwinSpace stays readable."),
            reverse("projects:detail", args=[project.pk]),
        )
    return render(request, "projects/confirm.html", _confirm_context("close", project))


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project_or_404(request, pk)
    if request.method == "POST":
        try:
            project_delete_draft(actor=_user(request), project=project)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("projects:detail", project.pk)
        return _done(request, _("The draft “%(project)s” is deleted.") % {"project": project.title}, "projects:index")
    return render(request, "projects/confirm.html", _confirm_context("delete", project))


def _confirm_context(action: str, project: Project, partner: Partner | None = None) -> dict[str, Any]:
    """The one confirmation page's wording for each destructive action."""
    name = partner.teacher.full_name if partner else ""
    texts = {
        "withdraw": (
            _("Withdraw your invitation to %(name)s?") % {"name": name},
            _("They are told, and can be invited again later."),
            _("Withdraw the invitation"),
        ),
        "remove": (
            _("Remove %(name)s from the project?") % {"name": name},
            _("They lose access to the TwinSpace. What they wrote there stays."),
            _("Remove from the project"),
        ),
        "leave": (
            _("Leave “%(project)s”?") % {"project": project.title},
            _("You lose access to its TwinSpace. What you wrote there stays. A partner can invite you again."),
            _("Leave the project"),
        ),
        "close": (
            _("End “%(project)s”?") % {"project": project.title},
            _(
                "The project moves to Closed: no one can join it any more and its TwinSpace becomes read-only. "
                "This cannot be undone."
            ),
            _("End the project"),
        ),
        "delete": (
            _("Delete the draft “%(project)s”?") % {"project": project.title},
            _("The draft and its images are deleted for good."),
            _("Delete the draft"),
        ),
    }
    heading, explanation, button = texts[action]
    return {"project": project, "heading": heading, "explanation": explanation, "button": button}


# The head teacher's confirmation


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in head teacher confirms or rejects a founder's project for their school."""
    found = (
        head_teacher_steps(user=_user(request))
        .select_related("project", "partner__teacher", "school")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    form = StepDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, comment = _user(request), form.cleaned_data["comment"]
        try:
            if form.approves:
                step_approve(actor=user, step=found, comment=comment)
            else:
                step_reject(actor=user, step=found, reason=comment)
        except DomainError as error:
            add_service_error(form, error)
        else:
            text = _("You confirmed the project.") if form.approves else _("You rejected the project.")
            return _done(request, text, "projects:index")
    return render(request, "projects/step.html", {"step": found, "project": found.project, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def head_teacher_link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed one-click link: works signed out; only the POST decides."""
    try:
        found: ApprovalStep = step_for_head_teacher_token(token=token)
    except DomainError as error:
        return render(request, "projects/head_teacher_link_invalid.html", {"reason": error.message})
    form = StepDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = step_decide_by_head_teacher_link(
                token=token, approve=form.approves, comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            if error.field:
                add_service_error(form, error)
                return render(
                    request, "projects/head_teacher_link.html", {"step": found, "project": found.project, "form": form}
                )
            return render(request, "projects/head_teacher_link_invalid.html", {"reason": error.message})
        return render(request, "projects/head_teacher_link_done.html", {"step": decided, "project": decided.project})
    context = {"step": found, "project": found.project, "form": form, "token": token}
    return render(request, "projects/head_teacher_link.html", context)
