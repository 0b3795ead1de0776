"""Who sees and registers for public and private events, at the service level (pages answer 404 where
`can_view_event` is false and the services raise `PermissionRefused`)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event, make_teacher
from twinning.core.errors import DomainError, PermissionRefused
from twinning.events import services
from twinning.events.models import Event, Invitation, Registration
from twinning.events.permissions import can_view_event, visible_events
from twinning.events.selectors import event_list, my_events
from twinning.network.services import contact_create
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db

SEE, REGISTER, ORGANISER, NOT_VALIDATED, REFUSED = "see", "register", "organiser", "not_validated", "refused"


@pytest.fixture
def people(teacher_es, teacher_fr, pending_teacher_es, nss_officer_es):
    invited = make_teacher()
    contact_create(first=teacher_es, second=invited)
    return {
        "organiser": teacher_es,
        "invited": invited,
        "other_teacher": teacher_fr,
        "pending_teacher": pending_teacher_es,
        "support_officer": nss_officer_es,
        "pupil": UserFactory(is_pupil=True, is_validated=True),
        "inactive": make_teacher(is_active=False),
        "anonymous": AnonymousUser(),
    }


def _register_outcome(user, event) -> str:
    try:
        services.register(actor=user, event=event)
    except PermissionRefused:
        return REFUSED
    except DomainError as error:
        return error.code
    return REGISTER


# (who, public event: sees, registers), (private event: sees, registers)
MATRIX = {
    "organiser": ((True, ORGANISER), (True, ORGANISER)),
    "invited": ((True, REGISTER), (True, REGISTER)),
    "other_teacher": ((True, REGISTER), (False, REFUSED)),
    "pending_teacher": ((True, NOT_VALIDATED), (False, REFUSED)),
    "support_officer": ((True, NOT_VALIDATED), (False, REFUSED)),  # an officer sees, registers as a teacher
    "pupil": ((False, REFUSED), (False, REFUSED)),
    "inactive": ((False, REFUSED), (False, REFUSED)),
    "anonymous": ((False, REFUSED), (False, REFUSED)),
}


@pytest.mark.parametrize("who", list(MATRIX))
@pytest.mark.parametrize("visibility", [Event.Visibility.PUBLIC, Event.Visibility.PRIVATE])
def test_see_and_register_matrix(people, who, visibility):
    organiser = people["organiser"]
    event = make_event(organiser=organiser, visibility=visibility)
    services.event_invite(actor=organiser, event=event, invitee=people["invited"])
    user = people[who]
    sees, registers = MATRIX[who][0 if visibility == Event.Visibility.PUBLIC else 1]

    assert can_view_event(user, event) is sees
    assert visible_events(user).filter(pk=event.pk).exists() is sees
    assert event_list(viewer=user).filter(pk=event.pk).exists() is sees
    assert _register_outcome(user, event) == registers
    expected_rows = 1 if registers == REGISTER else 0
    assert Registration.objects.filter(event=event).count() == expected_rows


@pytest.mark.parametrize("who", ["invited", "other_teacher", "support_officer", "pupil", "anonymous"])
def test_only_the_organiser_manages(people, who):
    organiser = people["organiser"]
    event = make_event(organiser=organiser, visibility=Event.Visibility.PRIVATE)
    services.event_invite(actor=organiser, event=event, invitee=people["invited"])
    user = people[who]
    with pytest.raises(PermissionRefused):
        services.event_update(actor=user, event=event, title="Taken over")
    with pytest.raises(PermissionRefused):
        services.event_cancel(actor=user, event=event, reason="No")
    with pytest.raises(PermissionRefused):
        services.event_invite(actor=user, event=event, invitee=people["other_teacher"])
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    assert event.title != "Taken over"
    assert Invitation.objects.filter(event=event).count() == 1


def test_invitations_go_to_validated_teachers_the_organiser_may_find(people):
    organiser = people["organiser"]
    event = make_event(organiser=organiser, visibility=Event.Visibility.PRIVATE)
    invitation = services.event_invite(actor=organiser, event=event, invitee=people["invited"])
    assert invitation.invited_by == organiser
    assert Notification.objects.filter(kind="event_invitation", recipient=people["invited"]).count() == 1
    with pytest.raises(DomainError) as twice:
        services.event_invite(actor=organiser, event=event, invitee=people["invited"])
    assert twice.value.code == "invited"
    for who in ("pending_teacher", "pupil", "inactive", "organiser"):
        with pytest.raises(DomainError):
            services.event_invite(actor=organiser, event=event, invitee=people[who])
    assert Invitation.objects.filter(event=event).count() == 1


def test_my_events_holds_what_i_organise_and_registered_for(people):
    organiser, invited = people["organiser"], people["invited"]
    mine = make_event(organiser=organiser)
    theirs = make_event(organiser=people["other_teacher"])
    elsewhere = make_event()
    services.register(actor=invited, event=theirs)
    assert set(my_events(user=organiser)) == {mine}
    assert set(my_events(user=invited)) == {theirs}
    assert elsewhere not in set(my_events(user=invited))
    assert list(my_events(user=people["pupil"])) == []


def test_private_event_registration_stays_after_going_public_and_back(people):
    organiser = people["organiser"]
    event = make_event(organiser=organiser, visibility=Event.Visibility.PUBLIC)
    registration = services.register(actor=people["other_teacher"], event=event)
    services.event_update(actor=organiser, event=event, visibility=Event.Visibility.PRIVATE)
    event.refresh_from_db()
    assert not can_view_event(people["other_teacher"], event)
    registration.refresh_from_db()
    assert registration.state == Registration.State.REGISTERED  # kept; the organiser may still cancel the event
