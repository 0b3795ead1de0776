from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twinning.progress.selectors import progress_explained


@require_GET
def how_it_works(request: HttpRequest) -> HttpResponse:
    """The "(?)" page: how progress is counted, and what would still count for the viewer."""
    user = request.user if request.user.is_authenticated else None
    return render(request, "progress/help.html", progress_explained(user=user))
