from django.urls import path

from twinning.profiles import views

app_name = "profiles"
urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("me/edit/", views.edit, name="edit"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/photo/", views.photo, name="photo"),
    path("me/photo/remove/", views.photo_remove, name="photo_remove"),
    path("<int:user_id>/", views.detail, name="detail"),
]
