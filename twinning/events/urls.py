from django.urls import URLPattern, URLResolver, include, path

from twinning.discussions.views import forum_urlpatterns
from twinning.documents.views import library_urlpatterns
from twinning.events import video_views, views
from twinning.events.engines import resolve_forum, resolve_library

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/registration/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/registration/accept/", views.offer_accept, name="offer_accept"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants/from-video/", views.attendance_from_video, name="attendance_from_video"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invitations/<int:invitation_pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("<int:pk>/event.ics", views.ics_download, name="ics"),
    path("<int:pk>/join/", video_views.join, name="join"),
    path("<int:pk>/forum/", include((forum_urlpatterns(resolve_forum), "forum"))),
    path("<int:pk>/documents/", include((library_urlpatterns(resolve_library), "documents"))),
]
