"""The invitation page and the API name invitees through one selector (`invitee_for`) and answer the
same: a teacher whose profile the inviter may see gets the rules' reasons (a block: "You cannot invite
this teacher", without saying who blocked whom); one the inviter may not see is a 404 on both."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from tests.projects.factories import make_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.network.services import block_create, contact_create
from twinning.profiles.models import Audience
from twinning.projects.models import Partner
from twinning.projects.selectors import invitee_for
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db


def _french_contact(founder):
    teacher = UserFactory(is_validated=True)
    EmploymentFactory(teacher=teacher, school=SchoolFactory(country="FR"), validation=Employment.Validation.VALIDATED)
    contact_create(first=founder, second=teacher)
    return teacher


def _page(client, project, teacher) -> tuple[int, str]:
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": teacher.pk})
    return response.status_code, response.content.decode()


def _api(client, project, teacher) -> tuple[int, dict]:
    check = client.get(f"/api/projects/{project.pk}/invitation-check/{teacher.pk}")
    return check.status_code, check.json()


@pytest.mark.parametrize(
    ("visibility", "who_blocks", "explained"),
    [
        (Audience.EVERYONE, "invitee", True),
        (Audience.MEMBERS, "invitee", False),  # their block hides their profile from the inviter
        (Audience.CONTACTS, "invitee", False),
        (Audience.MEMBERS, "inviter", True),  # the inviter's own block hides nothing from them
    ],
)
def test_page_and_api_agree_on_a_blocked_teacher(client, teacher_es, visibility, who_blocks, explained):
    project = make_project(founder=teacher_es)
    other = _french_contact(teacher_es)
    profile_of(other, visibility=visibility)
    if who_blocks == "invitee":
        block_create(actor=other, blocked=teacher_es)
    else:
        block_create(actor=teacher_es, blocked=other)
    client.force_login(teacher_es)

    page_status, html = _page(client, project, other)
    api_status, body = _api(client, project, other)
    invite = client.post(
        f"/api/projects/{project.pk}/invitations", {"user_id": other.pk}, content_type="application/json"
    )

    assert (invitee_for(inviter=teacher_es, user_id=other.pk) is not None) is explained
    if explained:
        assert page_status == 200
        assert 'data-code="blocked"' in html
        assert "You cannot invite this teacher." in html
        assert api_status == 200
        assert [(r["code"], r["message"]) for r in body["refusals"]] == [("blocked", "You cannot invite this teacher.")]
        assert invite.status_code == 400
        assert invite.json()["refusals"] == body["refusals"]
    else:
        assert (page_status, api_status, invite.status_code) == (404, 404, 404)
    assert not Partner.objects.filter(project=project, teacher=other).exists()


def test_a_pupil_or_an_unknown_id_is_a_404_on_both(client, teacher_es):
    from twinning.accounts.models import User

    project = make_project(founder=teacher_es)
    pupil = UserFactory(is_pupil=True)
    client.force_login(teacher_es)
    for user_id in (pupil.pk, 987654):
        fake = User(pk=user_id)
        assert invitee_for(inviter=teacher_es, user_id=user_id) is None
        assert _page(client, project, fake)[0] == 404
        assert _api(client, project, fake)[0] == 404
