from django.urls import path

from twinning.network import views

app_name = "network"
urlpatterns = [
    path("<int:user_id>/follow/", views.follow, name="follow"),
    path("<int:user_id>/unfollow/", views.unfollow, name="unfollow"),
    path("<int:user_id>/followers/", views.followers, name="followers"),
    path("<int:user_id>/following/", views.following, name="following"),
]
