from django.urls import URLPattern, URLResolver

app_name = "pupils"

urlpatterns: list[URLPattern | URLResolver] = []
