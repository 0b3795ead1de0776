"""One matrix across the people features: profile visibility x the viewer's relation x the surface.

Each app tests its own rule in depth; this table checks that the four places
where a teacher can meet another one — the profile page, search results, the
Home feed and private messages — agree with each other, as a teacher would
expect: what you may not see on a profile you never meet anywhere else.
"""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, make_officer
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import SupportService, User
from twinning.activity.selectors import feed_for
from twinning.activity.services import post_create
from twinning.messaging.permissions import can_message
from twinning.network.models import Contact, Follow
from twinning.profiles.models import Audience
from twinning.search.backends.base import PeopleFilters
from twinning.search.selectors import people_search

pytestmark = pytest.mark.django_db

RELATIONS = ["anonymous", "member", "follower", "contact", "blocked_by_owner", "blocked_the_owner", "support"]
SURFACES = ["page", "search", "feed", "message"]

# What each relation meets of the owner, by the owner's profile visibility. "-" = the surface
# needs an account (anonymous visitors have no search, feed or messages).
EXPECTED = {
    Audience.EVERYONE: {
        "anonymous": "Y---",
        "member": "YYNY",  # sees and finds the owner, but follows nobody: nothing in the feed
        "follower": "YYYY",
        "contact": "YYYY",
        "blocked_by_owner": "YNNN",  # a public page stays public; nothing else
        "blocked_the_owner": "YNNN",
        "support": "YYNY",
    },
    Audience.MEMBERS: {
        "anonymous": "N---",
        "member": "YYNY",
        "follower": "YYYY",
        "contact": "YYYY",
        "blocked_by_owner": "NNNN",
        "blocked_the_owner": "YNNN",
        "support": "YYNY",
    },
    Audience.CONTACTS: {
        "anonymous": "N---",
        "member": "NNNN",
        "follower": "NNNN",
        "contact": "YYYY",
        "blocked_by_owner": "NNNN",
        "blocked_the_owner": "NNNN",
        "support": "YYNY",
    },
}


def _teacher(first: str, last: str, country: str = "FR"):
    user = UserFactory(first_name=first, last_name=last, is_validated=True)
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country))
    return user


def _viewer(relation: str, owner):
    if relation == "anonymous":
        return None
    if relation == "support":
        return make_officer(kind=SupportService.Kind.CENTRAL, first_name="Anna", last_name="Novak")
    viewer = _teacher("Lucía", "García", country="ES")
    if relation == "follower":
        Follow.objects.create(follower=viewer, followed=owner)
    elif relation == "contact":
        low, high = sorted((viewer.pk, owner.pk))
        Contact.objects.create(user_low_id=low, user_high_id=high)
    elif relation in {"blocked_by_owner", "blocked_the_owner"}:
        # They followed each other before the block, which ends it.
        Follow.objects.create(follower=viewer, followed=owner)
        blocker, blocked = (owner, viewer) if relation == "blocked_by_owner" else (viewer, owner)
        from twinning.network.services import block_create

        block_create(actor=blocker, blocked=blocked)
    return viewer


def _meets(surface: str, viewer, owner, client) -> str:
    if viewer is None and surface != "page":
        return "-"
    if surface == "page":
        if viewer is not None:
            client.force_login(viewer)
        return "Y" if client.get(reverse("profiles:detail", args=[owner.pk])).status_code == 200 else "N"
    if surface == "search":
        found = people_search(viewer=viewer, query="Quenneville", filters=PeopleFilters())
        return "Y" if owner.pk in [person.user.pk for person in found.items] else "N"
    if surface == "feed":
        entries = feed_for(viewer=viewer).items
        return "Y" if any(entry.item.actor_id == owner.pk for entry in entries) else "N"
    return "Y" if can_message(viewer, owner) else "N"


@pytest.mark.parametrize("visibility", list(EXPECTED))
@pytest.mark.parametrize("relation", RELATIONS)
def test_every_surface_agrees_with_the_profile_rule(client, django_capture_on_commit_callbacks, visibility, relation):
    owner = _teacher("Margaux", "Quenneville")
    profile_of(owner, visibility=visibility, messages_from=Audience.MEMBERS)
    owner = User.objects.get(pk=owner.pk)  # as a request would load them, without a cached profile
    viewer = _viewer(relation, owner)
    with django_capture_on_commit_callbacks(execute=True):  # the post reaches feeds through a task
        post_create(actor=owner, body="Our class is looking for a partner class in Spain.")

    met = "".join(_meets(surface, viewer, owner, client) for surface in SURFACES)

    assert met == EXPECTED[visibility][relation], dict(zip(SURFACES, met, strict=True))
