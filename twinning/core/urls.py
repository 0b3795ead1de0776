from django.urls import path

from twinning.core import views

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
