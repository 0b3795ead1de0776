"""Certificate pages: my certificates (a tab of Professional development), the PDF download, and the public
verification of a code.

The download issues the certificate the first time (see `services.certificate_issue`);
anything the user may not have a certificate for is a 404, like a subject that
does not exist. The verification pages need no account and show only what the
certificate itself prints: the holder's name, what, when, and the issue date.
Pupils have no certificates: every page here is a 404 for them.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from twinning.accounts.models import User
from twinning.certificates import selectors, services
from twinning.certificates.models import Certificate
from twinning.certificates.pdf import render_certificate
from twinning.core.errors import PermissionRefused

read_page = require_http_methods(["GET", "HEAD"])


def _no_pupil(request: HttpRequest) -> None:
    user: User = request.user  # type: ignore[assignment]
    if user.is_authenticated and user.is_pupil:
        raise Http404


def _holder(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not (user.is_active and not user.is_pupil):
        raise Http404
    return user


@login_required
@read_page
def index(request: HttpRequest) -> HttpResponse:
    """My certificates: everything I may download one for, with the code of those already issued."""
    user = _holder(request)
    rows = selectors.eligible_certificates(user=user)
    return render(request, "certificates/index.html", {"rows": rows})


def pdf_filename(certificate: Certificate) -> str:
    """An ASCII file name whatever the language: the code is made of capital letters, digits and dashes."""
    return f"twinning-certificate-{certificate.code}.pdf"


@login_required
@never_cache
@read_page
def download(request: HttpRequest, kind: str, subject_id: int) -> HttpResponse:
    """The PDF of my certificate of `kind` for an event, course or project: issued on the first download."""
    user = _holder(request)
    try:
        certificate = services.certificate_issue(user=user, kind=kind, subject_id=subject_id)
    except PermissionRefused as refused:
        raise Http404 from refused
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(certificate)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for every code that is not a certificate's, well formed or not."""
    return render(request, "certificates/not_found.html", status=404)


@read_page
def verify(request: HttpRequest) -> HttpResponse:
    """The public form where anyone types a certificate's code; a genuine code leads to its page."""
    _no_pupil(request)
    code = request.GET.get("code")
    if code is None:
        return render(request, "certificates/verify.html")
    certificate = services.verify(code)
    if certificate is None:
        return _not_found(request)
    return redirect("certificates:verify_code", code=certificate.code)


@read_page
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The public confirmation that a certificate with this code was issued, and to whom for what."""
    _no_pupil(request)
    certificate = services.verify(code)
    if certificate is None:
        return _not_found(request)
    context = {"certificate": certificate, "issued_on": selectors.issued_on(certificate)}
    response = render(request, "certificates/verify_result.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
