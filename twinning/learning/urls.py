from django.urls import path

from twinning.learning import course_views, views

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    path("modules/<int:pk>/", views.module, name="module"),
    path("modules/<int:pk>/steps/<int:number>/", views.step, name="step"),
    path("modules/<int:pk>/check/", views.check, name="check"),
    path("courses/", course_views.catalogue, name="courses"),
    path("courses/new/", course_views.course_create, name="course_create"),
    path("courses/<int:pk>/", course_views.detail, name="course"),
    path("courses/<int:pk>/edit/", course_views.course_edit, name="course_edit"),
    path("courses/<int:pk>/apply/", course_views.course_apply, name="course_apply"),
    path("courses/<int:pk>/withdraw/", course_views.course_withdraw, name="course_withdraw"),
    path("courses/<int:pk>/accept/", course_views.course_accept, name="course_accept"),
    path("courses/<int:pk>/activities/new/", course_views.activity_create, name="activity_create"),
    path("courses/<int:pk>/activities/<int:activity_pk>/done/", course_views.activity_done, name="activity_done"),
]
