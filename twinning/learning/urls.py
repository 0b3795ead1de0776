from django.urls import path

from twinning.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    path("modules/<int:pk>/", views.module, name="module"),
    path("modules/<int:pk>/steps/<int:number>/", views.step, name="step"),
    path("modules/<int:pk>/check/", views.check, name="check"),
]
