from django.urls import path

app_name = "progress"
urlpatterns: list = []
