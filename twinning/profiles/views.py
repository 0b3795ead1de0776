"""Profile pages: the profile itself, and the owner's editing pages (content, photo, privacy)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.profiles.forms import PhotoForm, PrivacyForm, ProfileForm
from twinning.profiles.selectors import profile_for_viewer, profile_page
from twinning.profiles.services import (
    profile_ensure,
    profile_remove_photo,
    profile_set_photo,
    profile_update,
    profile_update_privacy,
)


@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, user_id: int) -> HttpResponse:
    if request.user.is_authenticated and request.user.pk == user_id:
        profile_ensure(user=request.user)
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is None:
        raise Http404
    page = profile_page(viewer=request.user, profile=profile)
    return render(request, "profiles/detail.html", {"page": page, "profile": profile, "progress": page.progress})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return redirect("profiles:detail", user_id=request.user.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(actor=request.user, profile=profile, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profiles:detail", user_id=request.user.pk)
    return render(request, "profiles/edit.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    form = PrivacyForm(request.POST or None, initial=PrivacyForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            profile_update_privacy(actor=request.user, profile=profile, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your privacy settings have been saved."))
            return redirect("profiles:detail", user_id=request.user.pk)
    return render(request, "profiles/privacy.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def photo(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile_set_photo(actor=request.user, profile=profile, upload=form.cleaned_data["photo"])
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your photo has been saved."))
            return redirect("profiles:detail", user_id=request.user.pk)
    return render(request, "profiles/photo.html", {"form": form, "profile": profile}, status=200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def photo_remove(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    if not profile.photo:
        messages.info(request, _("Your profile has no photo to remove."))
        return redirect("profiles:photo")
    if request.method == "POST":
        profile_remove_photo(actor=request.user, profile=profile)
        messages.success(request, _("Your photo has been removed."))
        return redirect("profiles:detail", user_id=request.user.pk)
    return render(request, "profiles/photo_remove.html", {"profile": profile})
