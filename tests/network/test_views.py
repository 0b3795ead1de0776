"""Network pages: contacts, invitations, blocking and the profile's relation slot; who may use each, both ways."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.network.models import Block, Contact, ContactInvitation
from twinning.network.selectors import are_contacts, has_blocked
from twinning.network.services import (
    block_create,
    contact_create,
    contact_invitation_accept,
    contact_invitation_decline,
    contact_invite,
)
from twinning.notifications.models import Notification
from twinning.profiles.models import Audience
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db

Status = ContactInvitation.Status


def _html(response) -> str:
    return response.content.decode()


def _profile_html(client, user) -> str:
    response = client.get(reverse("profiles:detail", args=[user.pk]))
    assert response.status_code == 200
    return _html(response)


def _teacher_at(country: str, school_name: str, **kw):
    user = UserFactory(**kw)
    EmploymentFactory(
        teacher=user,
        school=SchoolFactory(country=country, name=school_name),
        validation=Employment.Validation.VALIDATED,
    )
    return user


# Signed-out visitors


def test_every_network_page_asks_anonymous_visitors_to_log_in(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    gets = [
        reverse("network:contacts"),
        reverse("network:invitations"),
        reverse("network:invitations_sent"),
        reverse("network:blocked"),
        reverse("network:invite", args=[teacher_fr.pk]),
        reverse("network:block", args=[teacher_fr.pk]),
        reverse("network:contact_remove", args=[teacher_fr.pk]),
    ]
    posts = [
        reverse("network:invitation_accept", args=[invitation.pk]),
        reverse("network:invitation_decline", args=[invitation.pk]),
        reverse("network:invitation_withdraw", args=[invitation.pk]),
        reverse("network:unblock", args=[teacher_fr.pk]),
        reverse("network:block", args=[teacher_fr.pk]),
        reverse("network:invite", args=[teacher_fr.pk]),
    ]
    responses = [client.get(url) for url in gets] + [client.post(url) for url in posts]
    for response in responses:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING
    assert not Block.objects.exists()


def test_anonymous_visitors_see_no_relation_buttons(client, teacher_fr):
    profile_of(teacher_fr, visibility=Audience.EVERYONE)
    html = _profile_html(client, teacher_fr)
    assert "Invite as contact" not in html
    assert reverse("network:block", args=[teacher_fr.pk]) not in html


# Inviting


def test_invite_page_shows_a_form_and_sends_the_invitation(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    url = reverse("network:invite", args=[teacher_fr.pk])
    html = _html(client.get(url))
    assert 'name="note"' in html
    assert "Send invitation" in html

    response = client.post(url, {"note": "Let us twin our classes!"})

    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:detail", args=[teacher_fr.pk])
    invitation = ContactInvitation.objects.get()
    assert (invitation.sender, invitation.recipient, invitation.note) == (
        teacher_es,
        teacher_fr,
        "Let us twin our classes!",
    )
    assert "Your invitation has been sent" in _profile_html(client, teacher_fr)


def test_invite_without_a_note(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    client.post(reverse("network:invite", args=[teacher_fr.pk]), {"note": ""})
    assert ContactInvitation.objects.get().note == ""


def test_a_too_long_note_is_refused_on_the_form_and_nothing_is_stored(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    response = client.post(reverse("network:invite", args=[teacher_fr.pk]), {"note": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in _html(response)
    assert not ContactInvitation.objects.exists()
    assert not Notification.objects.exists()


def test_a_refusal_is_shown_on_the_invite_form(client, teacher_es, teacher_fr):
    contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_es)
    response = client.post(reverse("network:invite", args=[teacher_fr.pk]), {"note": ""})
    assert response.status_code == 200
    assert "already invited this teacher" in _html(response)
    assert ContactInvitation.objects.count() == 1


def test_inviting_back_from_the_page_makes_contacts(client, teacher_es, teacher_fr):
    contact_invite(actor=teacher_fr, recipient=teacher_es)
    client.force_login(teacher_es)
    html = _html(client.get(reverse("network:invite", args=[teacher_fr.pk])))
    assert "has already invited you" in html
    response = client.post(reverse("network:invite", args=[teacher_fr.pk]), {"note": ""}, follow=True)
    assert "had already invited you: you are now contacts" in _html(response)
    assert are_contacts(teacher_es, teacher_fr)


def test_inviting_a_profile_one_may_not_see_is_not_found(client, teacher_es, teacher_fr):
    profile_of(teacher_fr, visibility=Audience.CONTACTS)
    client.force_login(teacher_es)
    url = reverse("network:invite", args=[teacher_fr.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "hello"}).status_code == 404
    assert client.get(reverse("network:invite", args=[999_999])).status_code == 404
    assert not ContactInvitation.objects.exists()


def test_inviting_oneself_is_not_found(client, teacher_es):
    client.force_login(teacher_es)
    assert client.post(reverse("network:invite", args=[teacher_es.pk]), {"note": ""}).status_code == 404
    assert not ContactInvitation.objects.exists()


# Invitations: answering and withdrawing


def test_the_notification_leads_to_the_invitations_page_where_accept_is_one_click(client, teacher_es, teacher_fr):
    contact_invite(actor=teacher_es, recipient=teacher_fr, note="From Sevilla with love")
    notification = Notification.objects.get(recipient=teacher_fr, kind="contact_invitation")
    client.force_login(teacher_fr)

    html = _html(client.get(notification.url))

    assert teacher_es.full_name in html
    assert "From Sevilla with love" in html
    invitation = ContactInvitation.objects.get()
    accept_url = reverse("network:invitation_accept", args=[invitation.pk])
    assert f'action="{accept_url}"' in html
    assert ">Accept<" in html

    response = client.post(accept_url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("network:invitations")
    assert f"You and {teacher_es.full_name} are now contacts." in _html(response)
    assert are_contacts(teacher_es, teacher_fr)


def test_decline_and_withdraw_from_the_invitations_pages(client, teacher_es, teacher_fr):
    first = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_fr)
    response = client.post(reverse("network:invitation_decline", args=[first.pk]))
    assert response["Location"] == reverse("network:invitations")
    first.refresh_from_db()
    assert first.status == Status.DECLINED

    second = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_es)
    html = _html(client.get(reverse("network:invitations_sent")))
    assert teacher_fr.full_name in html
    assert reverse("network:invitation_withdraw", args=[second.pk]) in html
    response = client.post(reverse("network:invitation_withdraw", args=[second.pk]))
    assert response["Location"] == reverse("network:invitations_sent")
    second.refresh_from_db()
    assert second.status == Status.WITHDRAWN


def test_a_second_click_on_accept_is_told_the_invitation_is_decided(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_fr)
    url = reverse("network:invitation_accept", args=[invitation.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "This invitation is no longer waiting for an answer." in _html(response)
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("action", ["invitation_accept", "invitation_decline", "invitation_withdraw"])
def test_someone_else_s_invitation_is_not_found(client, teacher_es, teacher_fr, action):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(UserFactory())
    assert client.post(reverse(f"network:{action}", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("recipient", "invitation_accept", True),
        ("recipient", "invitation_decline", True),
        ("recipient", "invitation_withdraw", False),
        ("sender", "invitation_accept", False),
        ("sender", "invitation_decline", False),
        ("sender", "invitation_withdraw", True),
    ],
)
def test_who_may_answer_or_withdraw(client, teacher_es, teacher_fr, who, action, allowed):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_fr if who == "recipient" else teacher_es)
    response = client.post(reverse(f"network:{action}", args=[invitation.pk]))
    assert response.status_code == (302 if allowed else 404)
    invitation.refresh_from_db()
    assert (invitation.status != Status.PENDING) is allowed


def test_answering_needs_a_post(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_fr)
    for action in ["invitation_accept", "invitation_decline", "invitation_withdraw"]:
        assert client.get(reverse(f"network:{action}", args=[invitation.pk])).status_code == 405
    assert client.get(reverse("network:unblock", args=[teacher_es.pk])).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING


def test_next_may_lead_back_to_the_profile_but_not_off_site(client, teacher_es, teacher_fr):
    client.force_login(teacher_fr)
    profile_url = reverse("profiles:detail", args=[teacher_es.pk])
    first = contact_invite(actor=teacher_es, recipient=teacher_fr)
    response = client.post(reverse("network:invitation_decline", args=[first.pk]), {"next": profile_url})
    assert response["Location"] == profile_url
    second = contact_invite(actor=teacher_es, recipient=teacher_fr)
    response = client.post(
        reverse("network:invitation_decline", args=[second.pk]), {"next": "https://evil.example/phish"}
    )
    assert response["Location"] == reverse("network:invitations")


def test_invitation_pages_empty_states(client, teacher_es):
    client.force_login(teacher_es)
    assert "No invitation is waiting for your answer" in _html(client.get(reverse("network:invitations")))
    assert "You have no invitation waiting for an answer" in _html(client.get(reverse("network:invitations_sent")))


def test_the_invitations_page_lists_only_my_pending_invitations(client, teacher_es, teacher_fr):
    waiting = UserFactory(first_name="Waiting", last_name="Sender")
    declined = UserFactory(first_name="Declined", last_name="Sender")
    contact_invite(actor=waiting, recipient=teacher_es)
    contact_invitation_decline(actor=teacher_es, invitation=contact_invite(actor=declined, recipient=teacher_es))
    contact_invite(actor=UserFactory(first_name="Someone", last_name="Elses"), recipient=teacher_fr)
    client.force_login(teacher_es)
    html = _html(client.get(reverse("network:invitations")))
    assert "Waiting Sender" in html
    assert "Declined Sender" not in html
    assert "Someone Elses" not in html
    assert "Received (1)" in html


# My contacts


def test_my_contacts_shows_name_school_country_and_remove(client, teacher_es):
    lena = _teacher_at("DE", "Goethe-Gymnasium", first_name="Lena", last_name="Schmidt")
    contact_invitation_accept(actor=lena, invitation=contact_invite(actor=teacher_es, recipient=lena))
    client.force_login(teacher_es)

    html = _html(client.get(reverse("network:contacts")))

    assert "Lena Schmidt" in html
    assert "Goethe-Gymnasium" in html
    assert "Germany" in html
    assert reverse("network:contact_remove", args=[lena.pk]) in html
    assert "You have 1 contact." in html


def test_my_contacts_empty_state(client, teacher_es):
    client.force_login(teacher_es)
    assert "You have no contacts yet" in _html(client.get(reverse("network:contacts")))


def test_my_contacts_is_paginated(client, teacher_es):
    for other in UserFactory.create_batch(31):
        contact_create(first=teacher_es, second=other)
    client.force_login(teacher_es)
    first = client.get(reverse("network:contacts"))
    second = client.get(reverse("network:contacts"), {"page": 2})
    assert len(first.context["page"].object_list) == 30
    assert len(second.context["page"].object_list) == 1


def test_remove_contact_asks_for_confirmation_first(client, teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    client.force_login(teacher_es)
    url = reverse("network:contact_remove", args=[teacher_fr.pk])

    html = _html(client.get(url))
    assert f"Remove {teacher_fr.full_name} from your contacts?" in html
    assert are_contacts(teacher_es, teacher_fr)

    response = client.post(url)
    assert response["Location"] == reverse("network:contacts")
    assert not are_contacts(teacher_es, teacher_fr)


def test_removing_someone_who_is_not_my_contact_is_not_found(client, teacher_es, teacher_fr):
    other = UserFactory()
    contact_create(first=teacher_fr, second=other)
    client.force_login(teacher_es)
    assert client.get(reverse("network:contact_remove", args=[teacher_fr.pk])).status_code == 404
    assert client.post(reverse("network:contact_remove", args=[other.pk])).status_code == 404
    assert are_contacts(teacher_fr, other)


# Blocking pages


def test_block_asks_for_confirmation_then_lists_and_unblocks(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    url = reverse("network:block", args=[teacher_fr.pk])

    html = _html(client.get(url))
    assert f"Block {teacher_fr.full_name}?" in html
    assert not Block.objects.exists()

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("network:blocked")
    assert teacher_fr.full_name in _html(response)
    assert has_blocked(blocker=teacher_es, blocked=teacher_fr)

    response = client.post(reverse("network:unblock", args=[teacher_fr.pk]))
    assert response["Location"] == reverse("network:blocked")
    assert not Block.objects.exists()


def test_blocked_people_empty_state(client, teacher_es):
    client.force_login(teacher_es)
    assert "You have not blocked anybody" in _html(client.get(reverse("network:blocked")))


def test_an_unblock_racing_another_click_is_told_so(client, teacher_es, teacher_fr, monkeypatch):
    from twinning.network import services, views

    block_create(actor=teacher_es, blocked=teacher_fr)

    def other_tab_first(*, actor, blocked):
        Block.objects.filter(blocker=actor, blocked=blocked).delete()  # the other click wins the race
        return services.block_delete(actor=actor, blocked=blocked)

    monkeypatch.setattr(views, "block_delete", other_tab_first)
    client.force_login(teacher_es)
    response = client.post(reverse("network:unblock", args=[teacher_fr.pk]), follow=True)
    assert response.status_code == 200
    assert "You have not blocked this teacher." in _html(response)
    assert not Block.objects.exists()


def test_unblocking_someone_i_did_not_block_is_not_found(client, teacher_es, teacher_fr):
    block_create(actor=teacher_fr, blocked=teacher_es)
    client.force_login(teacher_es)
    assert client.post(reverse("network:unblock", args=[teacher_fr.pk])).status_code == 404
    assert has_blocked(blocker=teacher_fr, blocked=teacher_es)


def test_a_hidden_profile_cannot_be_blocked_from_its_page_unless_it_reached_out(client, teacher_es, teacher_fr):
    profile_of(teacher_fr, visibility=Audience.CONTACTS)
    client.force_login(teacher_es)
    url = reverse("network:block", args=[teacher_fr.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Block.objects.exists()

    # Once they invite me, I may block them from the invitation without seeing their profile.
    contact_invite(actor=teacher_fr, recipient=teacher_es)
    assert client.get(url).status_code == 200
    client.post(url)
    assert has_blocked(blocker=teacher_es, blocked=teacher_fr)


def test_blocking_oneself_is_not_found(client, teacher_es):
    client.force_login(teacher_es)
    assert client.post(reverse("network:block", args=[teacher_es.pk])).status_code == 404
    assert not Block.objects.exists()


# The relation slot on a profile: exactly one contact action, and Block or Unblock


CONTACT_ACTIONS = ["Invite as contact", "Invitation sent", "Accept invitation", "Remove contact"]


def _contact_actions(html: str) -> list[str]:
    return [label for label in CONTACT_ACTIONS if label in html]


def test_profile_offers_invite_to_a_stranger(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == ["Invite as contact"]
    assert reverse("network:invite", args=[teacher_fr.pk]) in html
    assert reverse("network:block", args=[teacher_fr.pk]) in html


def test_profile_shows_a_sent_invitation_with_withdraw(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr)
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == ["Invitation sent"]
    assert reverse("network:invitation_withdraw", args=[invitation.pk]) in html


def test_profile_offers_accept_and_decline_of_a_received_invitation(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_fr, recipient=teacher_es, note="Bonjour !")
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == ["Accept invitation"]
    assert reverse("network:invitation_decline", args=[invitation.pk]) in html
    assert "Bonjour !" in html

    response = client.post(
        reverse("network:invitation_accept", args=[invitation.pk]),
        {"next": reverse("profiles:detail", args=[teacher_fr.pk])},
        follow=True,
    )
    assert _contact_actions(_html(response)) == ["Remove contact"]


def test_profile_shows_a_contact_with_remove(client, teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == ["Remove contact"]
    assert reverse("network:contact_remove", args=[teacher_fr.pk]) in html


def test_profile_of_someone_i_blocked_offers_unblock_only(client, teacher_es, teacher_fr):
    block_create(actor=teacher_es, blocked=teacher_fr)
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == []
    assert reverse("network:unblock", args=[teacher_fr.pk]) in html
    assert reverse("network:block", args=[teacher_fr.pk]) not in html


def test_public_profile_of_someone_who_blocked_me_offers_no_invitation(client, teacher_es, teacher_fr):
    profile_of(teacher_fr, visibility=Audience.EVERYONE)
    block_create(actor=teacher_fr, blocked=teacher_es)
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert _contact_actions(html) == []
    assert reverse("network:unblock", args=[teacher_fr.pk]) not in html


def test_staff_see_no_invitation_offered_on_an_inactive_teacher_s_profile(client, nss_officer_es):
    from twinning.network.selectors import relation_between

    gone = UserFactory(is_active=False)
    profile_of(gone)
    assert not relation_between(viewer=nss_officer_es, owner=gone).can_invite
    assert relation_between(viewer=nss_officer_es, owner=UserFactory()).can_invite
    client.force_login(nss_officer_es)
    assert _contact_actions(_profile_html(client, gone)) == []


def test_my_own_profile_links_my_contacts_and_invitations(client, teacher_es):
    contact_invite(actor=UserFactory(), recipient=teacher_es)
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_es)
    assert reverse("network:contacts") in html
    assert reverse("network:invitations") in html
    assert "waiting for your answer" in html
    assert _contact_actions(html) == []
    assert reverse("network:block", args=[teacher_es.pk]) not in html


def test_the_relation_costs_at_most_three_queries(teacher_es, teacher_fr, django_assert_max_num_queries):
    from twinning.network.selectors import relation_between

    contact_invite(actor=teacher_fr, recipient=teacher_es)
    with django_assert_max_num_queries(3):
        relation = relation_between(viewer=teacher_es, owner=teacher_fr)
    assert relation.invitation_received


# Query-count guards: 1 row or a full page cost the same


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _with_school(user):
    EmploymentFactory(teacher=user, school=SchoolFactory(), validation=Employment.Validation.VALIDATED)
    return user


def test_my_contacts_costs_the_same_with_1_or_30_contacts(client, teacher_es):
    contact_create(first=teacher_es, second=_with_school(UserFactory()))
    client.force_login(teacher_es)
    url = reverse("network:contacts")
    _count_queries(client, url)
    with_one = _count_queries(client, url)
    for other in UserFactory.create_batch(29):
        contact_create(first=_with_school(other), second=teacher_es)
    assert _count_queries(client, url) == with_one


@pytest.mark.parametrize("tab", ["invitations", "invitations_sent"])
def test_invitations_pages_cost_the_same_with_1_or_30_invitations(client, teacher_es, tab):
    def add():
        other = _with_school(UserFactory())
        if tab == "invitations":
            contact_invite(actor=other, recipient=teacher_es, note="Hello")
        else:
            ContactInvitation.objects.create(sender=teacher_es, recipient=other, note="Hello")

    add()
    client.force_login(teacher_es)
    url = reverse(f"network:{tab}")
    _count_queries(client, url)
    with_one = _count_queries(client, url)
    for _ in range(29):
        add()
    assert _count_queries(client, url) == with_one


def test_blocked_people_costs_the_same_with_1_or_30_rows(client, teacher_es):
    block_create(actor=teacher_es, blocked=UserFactory())
    client.force_login(teacher_es)
    url = reverse("network:blocked")
    _count_queries(client, url)
    with_one = _count_queries(client, url)
    for other in UserFactory.create_batch(29):
        block_create(actor=teacher_es, blocked=other)
    assert _count_queries(client, url) == with_one
