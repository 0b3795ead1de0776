from django.urls import path

from twinning.progress import views

app_name = "progress"
urlpatterns = [
    path("how-it-works/", views.how_it_works, name="help"),
]
