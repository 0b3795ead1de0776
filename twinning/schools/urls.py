from django.urls import path

from twinning.schools import views

app_name = "schools"
urlpatterns = [
    path("mine/", views.my_schools, name="mine"),
    path("add/", views.school_find, name="add"),
    path("register/", views.school_register, name="register"),
    path("<int:pk>/", views.school_detail, name="detail"),
    path("<int:pk>/join/", views.employment_add, name="join"),
    path("history/<int:pk>/end/", views.employment_end, name="end"),
    path("history/<int:pk>/resend-link/", views.employment_resend_link, name="resend_link"),
    path("confirm/<str:token>/", views.head_teacher_confirm, name="head_teacher_confirm"),
]
