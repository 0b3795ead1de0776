from django.urls import path

from twinning.search import views

app_name = "search"
urlpatterns = [
    path("", views.people, name="people"),
    path("schools/", views.schools, name="schools"),
    path("schools/<int:pk>/", views.school, name="school"),
    path("projects/", views.projects, name="projects"),
    path("ideas/", views.ideas, name="ideas"),
]
