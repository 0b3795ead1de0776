from django.urls import URLPattern, URLResolver, include, path

from twinning.discussions.views import forum_urlpatterns
from twinning.documents.views import library_urlpatterns
from twinning.twinspace import views
from twinning.twinspace.engines import resolve_board, resolve_forum, resolve_materials

app_name = "twinspace"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("public/<int:page_pk>/", views.public_page, name="public_page"),
    path("<int:pk>/", views.home, name="home"),
    path("<int:pk>/wall/", views.wall, name="wall"),
    path("<int:pk>/updates/new/", views.update_new, name="update_new"),
    path("<int:pk>/updates/<int:update_pk>/comment/", views.comment_new, name="comment_new"),
    path("<int:pk>/updates/<int:update_pk>/pin/", views.update_pin, name="update_pin"),
    path("<int:pk>/updates/<int:update_pk>/delete/", views.update_remove, name="update_delete"),
    path("<int:pk>/comments/<int:comment_pk>/delete/", views.comment_remove, name="comment_delete"),
    path("<int:pk>/pages/", views.pages, name="pages"),
    path("<int:pk>/pages/new/", views.page_new, name="page_new"),
    path("<int:pk>/pages/<int:page_pk>/", views.page_detail, name="page"),
    path("<int:pk>/pages/<int:page_pk>/edit/", views.page_edit, name="page_edit"),
    path("<int:pk>/pages/<int:page_pk>/move/", views.page_reorder, name="page_move"),
    path("<int:pk>/pages/<int:page_pk>/delete/", views.page_remove, name="page_delete"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add-visitor/", views.visitor_add, name="visitor_add"),
    path("<int:pk>/members/<int:user_pk>/role/", views.member_role, name="member_role"),
    path("<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/pupils/", views.pupils, name="pupils"),
    path("<int:pk>/pupils/new/", views.pupils_new, name="pupils_new"),
    path("<int:pk>/pupils/<int:user_pk>/password/", views.pupil_password, name="pupil_password"),
    path("<int:pk>/forum/", include((forum_urlpatterns(resolve_forum), "forum"))),
    path("<int:pk>/board/", include((forum_urlpatterns(resolve_board), "board"))),
    path("<int:pk>/materials/", include((library_urlpatterns(resolve_materials), "materials"))),
]
