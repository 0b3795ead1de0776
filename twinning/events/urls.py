from django.urls import URLPattern, URLResolver, path

from twinning.events import video_views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/join/", video_views.join, name="join"),
]
