"""Delete my account: refusals change nothing; a deletion erases what is personal, keeps what others need
(anonymised), and hands places, events and groups over through the owning apps' rules."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user
from django.db import connection
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.certificates.factories import registered_at_started_event
from tests.events.factories import make_event, make_teacher
from tests.groups.factories import add_member, make_group
from tests.privacy.cast import teacher_with_everything
from tests.profiles.factories import image_bytes, upload
from tests.search.conftest import found
from tests.twinspace.factories import make_twinspace
from twinning.accounts.models import User
from twinning.activity.models import Post
from twinning.events.models import CalendarFeed, Event, Registration
from twinning.events.services import feed_for, register
from twinning.forums.models import Idea
from twinning.groups.models import Membership
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.notifications.models import Notification
from twinning.privacy.services import account_delete
from twinning.profiles.models import Profile
from twinning.profiles.services import profile_set_photo
from twinning.progress.models import ProgressAction
from twinning.projects.models import Partner
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db

URL = reverse("privacy:delete")


def _post(client, user, *, password: str = PASSWORD, confirmation: str = "DELETE"):
    client.force_login(user)
    return client.post(URL, {"password": password, "confirmation": confirmation})


def _snapshot(user: User) -> tuple:
    user.refresh_from_db()
    profile = Profile.objects.get(user=user)
    return (
        user.first_name,
        user.last_name,
        user.email,
        user.is_active,
        user.has_usable_password(),
        user.is_validated,
        profile.about,
        Contact.objects.count(),
        Follow.objects.count(),
        Employment.objects.filter(teacher=user).count(),
        Notification.objects.filter(recipient=user).count(),
        ProgressAction.objects.filter(user=user).count(),
        Registration.objects.filter(user=user, state=Registration.State.REGISTERED).count(),
        Event.objects.filter(organiser=user, status=Event.Status.SCHEDULED).count(),
        Membership.objects.filter(user=user).count(),
        EmailAddress.objects.filter(user=user).count(),
    )


def _in_index(user_id: int) -> int:
    """The person's documents in the backend's own table, whatever a search would filter out."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM search_person_doc WHERE user_id = %s", [user_id])
        else:
            cursor.execute("SELECT count(*) FROM search_person_fts WHERE rowid = %s", [user_id])
        return int(cursor.fetchone()[0])


def test_the_page_explains_and_asks_for_the_password_and_the_word(client, teacher_es):
    client.force_login(teacher_es)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="password"' in response.text
    assert "Type DELETE to confirm" in response.text
    assert "Former member" in response.text
    assert reverse("privacy:export") in response.text


@pytest.mark.parametrize(
    ("password", "confirmation", "field", "message"),
    [
        ("not-my-password", "DELETE", "password", "This is not your current password."),
        (PASSWORD, "delete it", "confirmation", "Type DELETE to confirm."),
        (PASSWORD, "", "confirmation", "This field is required."),
    ],
)
def test_a_refusal_changes_nothing(client, teacher_es, teacher_fr, password, confirmation, field, message):
    teacher_with_everything(teacher_es, teacher_fr)
    before = _snapshot(teacher_es)
    response = _post(client, teacher_es, password=password, confirmation=confirmation)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert _snapshot(teacher_es) == before
    assert get_user(client).is_authenticated
    assert _in_index(teacher_es.pk) == 1


@pytest.mark.parametrize("persona", ["nss_officer_es", "css_officer"])
def test_support_staff_are_told_to_ask_an_administrator(client, request, persona):
    officer = request.getfixturevalue(persona)
    client.force_login(officer)
    page = client.get(URL)
    assert 'name="password"' not in page.text
    assert "ask one" in page.text
    response = _post(client, officer)
    assert "please ask one" in str(response.context["form"].non_field_errors())
    officer.refresh_from_db()
    assert officer.is_active
    assert officer.first_name


def test_a_superuser_cannot_delete_themselves_here(teacher_es):
    from twinning.core.errors import DomainError

    teacher_es.is_superuser = True
    teacher_es.save()
    with pytest.raises(DomainError) as refused:
        account_delete(actor=teacher_es, password=PASSWORD, confirmation="DELETE")
    assert refused.value.code == "staff"
    teacher_es.refresh_from_db()
    assert teacher_es.is_active


def test_pupils_get_a_404(client):
    space = make_twinspace()
    client.force_login(space.pupil)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"password": "x", "confirmation": "DELETE"}).status_code == 404
    space.pupil.refresh_from_db()
    assert space.pupil.is_active


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_deletion_erases_the_personal_data_and_signs_out(
    client, teacher_es, teacher_fr, django_capture_on_commit_callbacks, settings
):
    cast = teacher_with_everything(teacher_es, teacher_fr)
    profile = Profile.objects.get(user=teacher_es)
    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    profile.refresh_from_db()
    photo_path = settings.MEDIA_ROOT / profile.photo.name
    assert photo_path.exists()
    feed_for(user=teacher_es)
    old_email = teacher_es.email
    viewer = UserFactory(is_validated=True)
    assert teacher_es.pk in found(viewer, "Garcia")

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, teacher_es)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not get_user(client).is_authenticated
    user = User.objects.get(pk=teacher_es.pk)
    assert (user.first_name, user.last_name, user.email) == ("", "", f"deleted-{user.pk}@invalid")
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.is_validated
    assert user.full_name == "Former member"
    assert not client.login(email=old_email, password=PASSWORD)
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()

    profile.refresh_from_db()
    assert (profile.about, profile.subjects, profile.interests, profile.photo.name) == ("", [], [], "")
    assert not photo_path.exists()
    assert not Post.objects.filter(author=user).exists()
    assert not Employment.objects.filter(teacher=user).exists()
    assert not Contact.objects.exists()
    assert not Follow.objects.filter(follower=user).exists()
    assert not Block.objects.filter(blocker=user).exists()
    assert not ContactInvitation.objects.filter(sender=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not ProgressAction.objects.filter(user=user).exists()
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not Idea.objects.filter(author=user, status=Idea.Status.OPEN).exists()
    # The project keeps its founder's row, under the anonymised user.
    assert Partner.objects.filter(teacher=user, role=Partner.Role.FOUNDER).exists()

    client.force_login(viewer)
    assert client.get(reverse("profiles:detail", args=[user.pk])).status_code == 404
    assert user.pk not in found(viewer, "Garcia")
    assert user.pk not in found(viewer)
    assert _in_index(user.pk) == 0

    # The contact is gone on the other side too, and the conversation keeps its messages.
    client.force_login(cast.contact)
    assert "Lucía" not in client.get(reverse("network:contacts")).text
    page = client.get(reverse("messaging:conversation", args=[cast.conversation.pk])).text
    assert "Hello, shall we start?" in page
    assert "Former member" in page
    assert "García" not in page


def test_a_freed_seat_is_offered_to_the_first_waiting_teacher(teacher_es):
    event = make_event(capacity=1)
    register(actor=teacher_es, event=event)
    waiting = make_teacher()
    line = register(actor=waiting, event=event)
    assert line.state == Registration.State.WAITING
    _started, kept = registered_at_started_event(teacher_es)

    account_delete(actor=teacher_es, password=PASSWORD, confirmation="DELETE")

    line.refresh_from_db()
    assert line.state == Registration.State.OFFERED
    assert Notification.objects.filter(recipient=waiting, kind="event_place_offered").exists()
    assert Registration.objects.get(event=event, user=teacher_es).state == Registration.State.CANCELLED
    kept.refresh_from_db()
    assert kept.state == Registration.State.REGISTERED  # the event has started: the row stays


def test_future_organised_events_are_cancelled_and_participants_told(teacher_es):
    event = make_event(organiser=teacher_es)
    participant = make_teacher()
    register(actor=participant, event=event)
    over_soon, _registration = registered_at_started_event(make_teacher(), organiser=teacher_es)

    account_delete(actor=teacher_es, password=PASSWORD, confirmation="DELETE")

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancel_reason
    notice = Notification.objects.get(recipient=participant, kind="event_cancelled")
    assert notice.params["reason"] == event.cancel_reason
    over_soon.refresh_from_db()
    assert over_soon.status == Event.Status.SCHEDULED  # already started: it keeps its organiser


def test_groups_are_left_except_where_the_user_is_the_last_administrator(teacher_es):
    joined = make_group()
    add_member(joined, teacher_es)
    run = make_group(admin=teacher_es)
    shared = make_group(admin=teacher_es)
    add_member(shared, make_teacher(), Membership.Role.ADMIN)

    account_delete(actor=teacher_es, password=PASSWORD, confirmation="DELETE")

    assert not Membership.objects.filter(group=joined, user=teacher_es).exists()
    assert not Membership.objects.filter(group=shared, user=teacher_es).exists()
    assert Membership.objects.get(group=run, user=teacher_es).role == Membership.Role.ADMIN
    joined.refresh_from_db()
    assert joined.member_count == 1


def test_the_email_address_can_sign_up_again(client, teacher_es):
    email = teacher_es.email
    account_delete(actor=teacher_es, password=PASSWORD, confirmation="DELETE")
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Lucía",
            "last_name": "García",
            "password1": "a-long-enough-secret",
            "password2": "a-long-enough-secret",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    fresh = User.objects.get(email=email)
    assert fresh.pk != teacher_es.pk
    assert fresh.is_active
