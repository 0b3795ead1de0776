from django.urls import path

from twinning.network import views

app_name = "network"
urlpatterns = [
    path("<int:user_id>/follow/", views.follow, name="follow"),
    path("<int:user_id>/unfollow/", views.unfollow, name="unfollow"),
    path("<int:user_id>/followers/", views.followers, name="followers"),
    path("<int:user_id>/following/", views.following, name="following"),
    path("<int:user_id>/invite/", views.invite, name="invite"),
    path("<int:user_id>/block/", views.block, name="block"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:user_id>/remove/", views.remove_contact, name="contact_remove"),
    path("invitations/", views.invitations_received_page, name="invitations"),
    path("invitations/sent/", views.invitations_sent_page, name="invitations_sent"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/<int:user_id>/unblock/", views.unblock, name="unblock"),
]
