from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST

from twinning.core.http import safe_next


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the interface language; a signed-in user keeps the choice for emails too."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            from twinning.accounts.services import user_set_language

            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /settings/",
        "Disallow: /support/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may come from them or from the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
