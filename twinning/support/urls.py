from django.urls import path

from twinning.support import views

app_name = "support"
urlpatterns = [
    path("", views.index, name="index"),
    path("schools/", views.schools_queue, name="schools"),
    path("employments/<int:pk>/validate/", views.employment_validate, name="employment_validate"),
    path("employments/<int:pk>/reject/", views.employment_reject, name="employment_reject"),
    path("schools/<int:pk>/verify/", views.school_verify, name="school_verify"),
]
