from django.urls import path

from twinning.support import forum_report_views, group_views, project_views, views

app_name = "support"
urlpatterns = [
    path("", views.index, name="index"),
    path("schools/", views.schools_queue, name="schools"),
    path("employments/<int:pk>/validate/", views.employment_validate, name="employment_validate"),
    path("employments/<int:pk>/reject/", views.employment_reject, name="employment_reject"),
    path("schools/<int:pk>/verify/", views.school_verify, name="school_verify"),
    path("projects/", project_views.project_queue, name="projects"),
    path("projects/steps/<int:pk>/approve/", project_views.step_approve, name="step_approve"),
    path("projects/steps/<int:pk>/reject/", project_views.step_reject, name="step_reject"),
    path("kits/", project_views.kit_list, name="kits"),
    path("kits/new/", project_views.kit_create, name="kit_create"),
    path("kits/<int:pk>/", project_views.kit_edit, name="kit_edit"),
    path("kits/<int:pk>/publish/", project_views.kit_publish, name="kit_publish"),
    path("reports/", forum_report_views.reports, name="reports"),
    path("reports/<int:pk>/", forum_report_views.report_decide, name="report_decide"),
    path("groups/", group_views.group_queue, name="groups"),
    path("groups/new/", group_views.group_create, name="group_create"),
    path("groups/<int:pk>/approve/", group_views.group_approve, name="group_approve"),
    path("groups/<int:pk>/reject/", group_views.group_reject, name="group_reject"),
]
