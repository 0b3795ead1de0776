from django.urls import URLPattern, URLResolver

app_name = "twinspace"

urlpatterns: list[URLPattern | URLResolver] = []
