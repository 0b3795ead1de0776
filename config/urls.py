from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from twinning.activity.views import home
from twinning.api.api import api
from twinning.profiles.sitemaps import ProfileSitemap

urlpatterns = [
    path("", home, name="home"),
    path("", include("twinning.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("twinning.accounts.urls")),
    path("schools/", include("twinning.schools.urls")),
    path("people/", include("twinning.profiles.urls")),
    path("network/", include("twinning.network.urls")),
    path("notifications/", include("twinning.notifications.urls")),
    path("messages/", include("twinning.messaging.urls")),
    path("activity/", include("twinning.activity.urls")),
    path("search/", include("twinning.search.urls")),
    path("progress/", include("twinning.progress.urls")),
    path("projects/", include("twinning.projects.urls")),
    path("twinspace/", include("twinning.twinspace.urls")),
    path("pupils/", include("twinning.twinspace.pupil_urls")),
    path("groups/", include("twinning.groups.urls")),
    path("partner-finding/", include("twinning.forums.urls")),
    path("events/", include("twinning.events.urls")),
    path("learning/", include("twinning.learning.urls")),
    path("certificates/", include("twinning.certificates.urls")),
    path("support/", include("twinning.support.urls")),
    path("help/", include("twinning.help.urls")),
    path("privacy/", include("twinning.privacy.urls")),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"profiles": ProfileSitemap}}, name="sitemap"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "twinning.core.views.page_not_found"
handler403 = "twinning.core.views.permission_denied"
handler500 = "twinning.core.views.server_error"
