from django.urls import URLPattern, URLResolver, include, path

from twinning.discussions.views import forum_urlpatterns
from twinning.forums import views
from twinning.forums.engines import resolve_replies

app_name = "forums"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.idea_new, name="new"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/close/", views.idea_close_view, name="close"),
    path("ideas/<int:pk>/report/", views.idea_report_view, name="report"),
    path("ideas/<int:pk>/hide/", views.idea_hide_view, name="hide"),
    # The engine's list of threads would be this one idea's thread: the idea page shows it.
    path("ideas/<int:pk>/replies/", views.replies_list, name="replies_list"),
    path("ideas/<int:pk>/replies/", include((forum_urlpatterns(resolve_replies), "replies"))),
    path("forums/<slug:slug>/", views.category_detail, name="category"),
]
