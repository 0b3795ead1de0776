from django.urls import URLPattern, path

from twinning.certificates import views

app_name = "certificates"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<str:kind>/<int:subject_id>.pdf", views.download, name="download"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
