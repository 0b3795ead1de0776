"""The organiser withdraws an invitation to a private event: the teacher loses sight of it, their
registration ends and its seat goes to the first in line; the invitation's notice is marked read."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.events.factories import make_event, make_teacher
from twinning.core.errors import DomainError, PermissionRefused
from twinning.events import services
from twinning.events.models import Event, Invitation, Registration
from twinning.events.permissions import can_view_event
from twinning.network.services import contact_create
from twinning.notifications.kinds import Delivery
from twinning.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db
State = Registration.State


def _private_event(organiser, *, capacity=1):
    return make_event(organiser=organiser, visibility=Event.Visibility.PRIVATE, capacity=capacity)


def _invite(organiser, event, teacher=None):
    teacher = teacher or make_teacher()
    contact_create(first=organiser, second=teacher)
    return services.event_invite(actor=organiser, event=event, invitee=teacher)


def test_withdrawing_ends_the_registration_and_offers_the_seat_to_the_first_in_line(teacher_es):
    event = _private_event(teacher_es, capacity=1)
    first = _invite(teacher_es, event)
    second = _invite(teacher_es, event)
    assert services.register(actor=first.invitee, event=event).state == State.REGISTERED
    assert services.register(actor=second.invitee, event=event).state == State.WAITING

    services.invitation_withdraw(actor=teacher_es, invitation=first)

    assert not Invitation.objects.filter(pk=first.pk).exists()
    assert not can_view_event(first.invitee, event)
    assert Registration.objects.get(event=event, user=first.invitee).state == State.CANCELLED
    assert Registration.objects.get(event=event, user=second.invitee).state == State.OFFERED
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (1, 0)
    notice = Notification.objects.get(recipient=first.invitee, kind="event_invitation")
    assert notice.read_at is not None
    assert Notification.objects.get(recipient=second.invitee, kind="event_invitation").read_at is None


def test_withdrawing_someone_in_line_leaves_the_seats_alone(teacher_es):
    event = _private_event(teacher_es, capacity=1)
    holder = _invite(teacher_es, event)
    waiting = _invite(teacher_es, event)
    services.register(actor=holder.invitee, event=event)
    services.register(actor=waiting.invitee, event=event)
    services.invitation_withdraw(actor=teacher_es, invitation=waiting)
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (1, 0)
    assert Registration.objects.get(event=event, user=holder.invitee).state == State.REGISTERED
    assert Registration.objects.get(event=event, user=waiting.invitee).state == State.CANCELLED


def test_withdrawing_an_open_offer_passes_it_on_and_settles_its_notice(teacher_es):
    event = _private_event(teacher_es, capacity=1)
    holder, offered, third = (_invite(teacher_es, event) for _ in range(3))
    for invitation in (holder, offered, third):
        services.register(actor=invitation.invitee, event=event)
    services.registration_cancel(
        actor=holder.invitee, registration=Registration.objects.get(event=event, user=holder.invitee)
    )
    assert Registration.objects.get(event=event, user=offered.invitee).state == State.OFFERED
    services.invitation_withdraw(actor=teacher_es, invitation=offered)
    assert Registration.objects.get(event=event, user=third.invitee).state == State.OFFERED
    assert Notification.objects.get(recipient=offered.invitee, kind="event_place_offered").read_at is not None
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (1, 0)


def test_on_a_public_event_the_registration_stays(teacher_es):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PUBLIC)
    invitation = _invite(teacher_es, event)
    services.register(actor=invitation.invitee, event=event)
    services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    assert Registration.objects.get(event=event, user=invitation.invitee).state == State.REGISTERED


def test_only_the_organiser_withdraws_and_only_once(teacher_es, teacher_fr):
    event = _private_event(teacher_es)
    invitation = _invite(teacher_es, event)
    for stranger in (teacher_fr, invitation.invitee):
        with pytest.raises(PermissionRefused):
            services.invitation_withdraw(actor=stranger, invitation=invitation)
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    with pytest.raises(DomainError) as again:
        services.invitation_withdraw(actor=teacher_es, invitation=invitation)
    assert again.value.code == "withdrawn"


def test_the_page_withdraws_for_the_organiser_and_is_404_for_others(client, teacher_es, teacher_fr):
    event = _private_event(teacher_es)
    invitation = _invite(teacher_es, event)
    other_event = _private_event(teacher_es)
    url = reverse("events:invitation_withdraw", kwargs={"pk": event.pk, "invitation_pk": invitation.pk})
    invite_page = reverse("events:invite", kwargs={"pk": event.pk})

    client.force_login(teacher_fr)
    assert client.post(url).status_code == 404
    client.force_login(invitation.invitee)
    assert client.post(url).status_code == 404
    client.force_login(teacher_es)
    wrong_event = reverse("events:invitation_withdraw", kwargs={"pk": other_event.pk, "invitation_pk": invitation.pk})
    assert client.post(wrong_event).status_code == 404
    assert client.get(url).status_code == 405
    assert Invitation.objects.filter(pk=invitation.pk).exists()

    page = client.get(invite_page)
    assert url.encode() in page.content
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == invite_page
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    client.force_login(invitation.invitee)
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 404


# --- the notice to the teacher ---------------------------------------------------------------------

WITHDRAWN = "Your invitation to the event “%(event)s” was withdrawn."
WITHDRAWN_ES = "Se ha retirado tu invitación al evento «%(event)s»."


@pytest.fixture
def spanish_notice(monkeypatch):
    """Spanish for the notice and the email's greeting (the catalogue is translated later)."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    monkeypatch.setitem(catalogue, WITHDRAWN, WITHDRAWN_ES)
    monkeypatch.setitem(catalogue, "Hello %(name)s,", "Hola, %(name)s:")


def _withdraw(capture, **kwargs):
    """Withdraws and runs what the service queued on commit (the immediate email task runs inline)."""
    with capture(execute=True):
        services.invitation_withdraw(**kwargs)


def test_only_the_invitee_is_told_once_by_email_in_their_language(
    teacher_es, settings, spanish_notice, django_capture_on_commit_callbacks
):
    event = _private_event(teacher_es, capacity=1)
    invitee = make_teacher(first_name="Marta", preferred_language="es")
    withdrawn = _invite(teacher_es, event, invitee)
    waiting = _invite(teacher_es, event)
    services.register(actor=invitee, event=event)
    services.register(actor=waiting.invitee, event=event)
    before = list(Notification.objects.values_list("pk", flat=True))
    mail.outbox.clear()

    with translation.override("en"):  # the organiser reads English: it must not matter
        _withdraw(django_capture_on_commit_callbacks, actor=teacher_es, invitation=withdrawn)

    new = Notification.objects.exclude(pk__in=before)
    # the waiting teacher hears of the freed seat only; the organiser of nothing
    assert sorted((n.recipient_id, n.kind) for n in new) == sorted(
        [(invitee.pk, "event_invitation_withdrawn"), (waiting.invitee.pk, "event_place_offered")]
    )
    notice = new.get(kind="event_invitation_withdrawn")
    assert notice.actor == teacher_es
    assert notice.params == {"event": event.title}
    assert notice.url == reverse("events:index")  # not the event's page, which they can no longer see
    spanish = f"Se ha retirado tu invitación al evento «{event.title}»."
    with translation.override("es"):
        assert notice.text == spanish

    emailed = [message for message in mail.outbox if message.to == [invitee.email]]
    assert len(emailed) == 1
    assert emailed[0].subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + spanish
    assert emailed[0].body.startswith("Hola, Marta:")
    assert emailed[0].extra_headers["Content-Language"] == "es"
    assert not any(teacher_es.email in message.to for message in mail.outbox)
    assert all(message.to == [waiting.invitee.email] for message in mail.outbox if message not in emailed)

    # withdrawing again is refused: no second notice, no second email
    sent = len(mail.outbox)
    with pytest.raises(DomainError):
        _withdraw(django_capture_on_commit_callbacks, actor=teacher_es, invitation=withdrawn)
    assert Notification.objects.filter(kind="event_invitation_withdrawn").count() == 1
    assert len(mail.outbox) == sent


def test_on_a_public_event_the_invitee_is_told_in_english_and_the_registered_are_not(
    teacher_es, teacher_fr, django_capture_on_commit_callbacks
):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PUBLIC)
    invitation = _invite(teacher_es, event)
    other = _invite(teacher_es, event, teacher_fr)
    services.register(actor=invitation.invitee, event=event)
    services.register(actor=teacher_fr, event=event)
    mail.outbox.clear()

    with translation.override("es"):  # whatever the organiser reads
        _withdraw(django_capture_on_commit_callbacks, actor=teacher_es, invitation=invitation)

    notices = Notification.objects.filter(kind="event_invitation_withdrawn")
    assert list(notices.values_list("recipient_id", flat=True)) == [invitation.invitee.pk]
    assert [message.to for message in mail.outbox] == [[invitation.invitee.email]]
    assert mail.outbox[0].subject.endswith(f"Your invitation to the event “{event.title}” was withdrawn.")
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    assert Invitation.objects.filter(pk=other.pk).exists()
    assert not Notification.objects.filter(recipient=teacher_fr).exclude(kind="event_invitation").exists()


def test_the_notice_stays_under_the_bell_when_the_teacher_wants_no_email(
    teacher_es, django_capture_on_commit_callbacks
):
    event = _private_event(teacher_es)
    invitation = _invite(teacher_es, event)
    NotificationPreference.objects.create(
        user=invitation.invitee, kind="event_invitation_withdrawn", delivery=Delivery.NEVER
    )
    mail.outbox.clear()
    _withdraw(django_capture_on_commit_callbacks, actor=teacher_es, invitation=invitation)
    notice = Notification.objects.get(kind="event_invitation_withdrawn")
    assert (notice.recipient_id, notice.read_at, notice.emailed_at) == (invitation.invitee.pk, None, None)
    assert mail.outbox == []
