from django.urls import URLPattern, URLResolver, path

from twinning.twinspace import pupil_views

app_name = "pupils"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", pupil_views.pupil_login, name="login"),
    path("logout/", pupil_views.pupil_logout, name="logout"),
]
