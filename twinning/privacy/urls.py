from django.urls import URLPattern, path

from twinning.privacy import views

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("my-data/", views.export, name="export"),
    path("delete-my-account/", views.delete, name="delete"),
]
