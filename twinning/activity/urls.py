from django.urls import path

from twinning.activity import views

app_name = "activity"
urlpatterns = [
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("<int:user_id>/posts/", views.user_posts, name="user_posts"),
]
