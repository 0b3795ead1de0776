from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    from twinning.accounts.permissions import is_support_staff

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_support_staff": bool(user and user.is_authenticated and is_support_staff(user)),
    }
