from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twinning.help.articles import ARTICLES


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"articles": list(ARTICLES.values())})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = ARTICLES[slug]
    except KeyError:
        raise Http404 from None
    return render(request, "help/article.html", {"article": found, "articles": list(ARTICLES.values())})
