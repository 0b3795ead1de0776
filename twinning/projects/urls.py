from django.urls import URLPattern, URLResolver, path

from twinning.projects import views

app_name = "projects"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("kits/", views.kits, name="kits"),
    path("kits/<int:pk>/", views.kit, name="kit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/images/", views.images, name="images"),
    path("<int:pk>/images/<int:image_pk>/remove/", views.image_remove, name="image_remove"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/end/", views.close, name="close"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("invitations/<int:pk>/accept/", views.accept_invitation, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.decline_invitation, name="invitation_decline"),
    path("invitations/<int:pk>/withdraw/", views.withdraw_invitation, name="invitation_withdraw"),
    path("partners/<int:pk>/remove/", views.remove_partner, name="partner_remove"),
    path("steps/<int:pk>/", views.step, name="step"),
    path("confirm/<str:token>/", views.head_teacher_link, name="head_teacher_link"),
]
