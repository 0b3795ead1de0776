"""A test-only URLconf mounting the forum engine under a fake owner's namespace and kwargs."""

from django.urls import include, path

from tests.discussions.owner import resolve
from twinning.discussions.views import forum_urlpatterns

owner_patterns = [path("<int:owner_pk>/forum/", include((forum_urlpatterns(resolve), "forum")))]

urlpatterns = [
    path("owners/", include((owner_patterns, "owner"))),
    path("", include("config.urls")),
]
