from django.urls import path

from twinning.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new, name="new"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
    path("<int:conversation_id>/unread/", views.mark_unread, name="mark_unread"),
    path("<int:conversation_id>/leave/", views.leave, name="leave"),
]
