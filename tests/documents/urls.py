"""A test-only URLconf mounting the library engine under a fake owner's namespace and kwargs."""

from django.urls import include, path

from tests.documents.owner import resolve
from twinning.documents.views import library_urlpatterns

owner_patterns = [path("<int:owner_pk>/materials/", include((library_urlpatterns(resolve), "library")))]

urlpatterns = [
    path("owners/", include((owner_patterns, "owner"))),
    path("", include("config.urls")),
]
