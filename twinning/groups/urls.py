from django.urls import URLPattern, URLResolver, include, path

from twinning.discussions.views import forum_urlpatterns
from twinning.documents.views import library_urlpatterns
from twinning.groups import views
from twinning.groups.engines import resolve_forum, resolve_library

app_name = "groups"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("request/", views.request_group, name="request"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/activities/", views.activities, name="activities"),
    path("<int:pk>/activities/<int:activity_pk>/", views.activity, name="activity"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/invite/", views.invite, name="invite"),
    path(
        "<int:pk>/members/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<int:pk>/members/history/", views.history, name="history"),
    path("<int:pk>/members/<int:user_pk>/role/", views.member_role, name="member_role"),
    path("<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/discussions/", include((forum_urlpatterns(resolve_forum), "discussions"))),
    path("<int:pk>/documents/", include((library_urlpatterns(resolve_library), "documents"))),
]
