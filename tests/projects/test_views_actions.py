"""Project pages that change something: invite (with every refusal explained), answer, withdraw,
remove, leave, end, delete, edit, images, and the head teacher's decision in the app and by link.

Each both ways: allowed, and refused with a 404 (or the service's message)
and nothing changed.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import image_bytes, profile_of, upload
from tests.projects.factories import decider_for, make_open_project, make_pending_project, make_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.network.services import block_create, contact_create
from twinning.profiles.models import Audience
from twinning.projects.models import ApprovalStep, Partner, Project, ProjectImage
from twinning.projects.services import head_teacher_link_token, invitation_accept, partner_invite
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _teacher(country: str, *, validated: bool = True, **kw):
    user = UserFactory(is_validated=validated, **kw)
    EmploymentFactory(
        teacher=user,
        school=SchoolFactory(country=country),
        validation=Employment.Validation.VALIDATED if validated else Employment.Validation.PENDING,
    )
    return user


def _contact(founder, country: str, **kw):
    teacher = _teacher(country, **kw)
    contact_create(first=founder, second=teacher)
    return teacher


def _row_html(html: str, teacher) -> str:
    """The part of the invite page about one contact."""
    start = html.index(reverse("profiles:detail", args=[teacher.pk]))
    end = html.find('class="projects__row"', start)
    return html[start : end if end != -1 else len(html)]


def _head_teacher_step(project) -> ApprovalStep:
    invitation_accept(
        actor=project.partners.get(state=Partner.State.INVITED).teacher,
        partner=project.partners.get(state=Partner.State.INVITED),
    )
    return ApprovalStep.objects.filter(project=project, kind=ApprovalStep.Kind.HEAD_TEACHER).order_by("pk").first()


# The invite page: who may be invited, explained


def test_invite_page_explains_every_reason_next_to_each_contact(client, teacher_es):
    project = make_project(founder=teacher_es, open_to_plus=False)
    ok = _contact(teacher_es, "FR", first_name="Ok", last_name="Partner")
    same_country = _contact(teacher_es, "ES", first_name="Same", last_name="Country")
    unvalidated = _contact(teacher_es, "IT", validated=False, first_name="Not", last_name="Validated")
    unavailable = _contact(teacher_es, "PT", first_name="Not", last_name="Available")
    profile_of(unavailable, available_for_projects=False)
    plus = _contact(teacher_es, "MD", first_name="Plus", last_name="Teacher")
    client.force_login(teacher_es)
    response = client.get(reverse("projects:invite", args=[project.pk]))
    assert response.status_code == 200
    html = _html(response)
    assert "Choose your co-founder" in html
    ok_row = _row_html(html, ok)
    assert 'name="teacher"' in ok_row
    assert "Invite as co-founder" in ok_row
    assert "projects__refusal" not in ok_row
    assert "A co-founder must teach in a different country from the founder." in _row_html(html, same_country)
    row = _row_html(html, unvalidated)
    assert "is not validated yet" in row
    assert "Who can fix it: Their National Support Service or their head teacher" in row
    assert 'name="teacher"' not in row
    row = _row_html(html, unavailable)
    assert "is not available for projects at the moment" in row
    assert f"Who can fix it: {unavailable.full_name}" in row
    row = _row_html(html, plus)
    assert 'data-code="plus_not_available"' in row
    assert 'data-code="plus_not_open"' in row
    assert reverse("projects:edit", args=[project.pk]) in row


def test_invite_page_for_an_open_project_invites_partners_and_marks_those_already_in(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    newcomer = _contact(teacher_es, "ES")
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:invite", args=[project.pk])))
    assert "Invite partners" in html
    assert 'data-code="already_in_project"' in _row_html(html, teacher_fr)
    assert 'name="teacher"' in _row_html(html, newcomer)  # later partners may share the founder's country


def test_inviting_a_cofounder_sends_the_invitation(client, teacher_es):
    project = make_project(founder=teacher_es)
    partner = _contact(teacher_es, "FR")
    client.force_login(teacher_es)
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": partner.pk, "note": "Shall we?"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    row = Partner.objects.get(project=project, teacher=partner)
    assert row.state == Partner.State.INVITED
    assert row.invitation_note == "Shall we?"
    project.refresh_from_db()
    assert project.status == Project.Status.PENDING


def test_a_refused_invitation_shows_the_reasons_and_stores_nothing(client, teacher_es):
    project = make_project(founder=teacher_es)
    same_country = _contact(teacher_es, "ES")
    client.force_login(teacher_es)
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": same_country.pk})
    assert response.status_code == 200
    html = _html(response)
    assert f"{same_country.full_name} cannot be invited" in html
    assert "Nothing was sent." in html
    assert 'data-code="same_country"' in html
    assert not Partner.objects.filter(project=project, teacher=same_country).exists()
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT


def test_a_teacher_who_is_not_a_contact_is_offered_the_contact_invitation(client, teacher_es):
    project = make_project(founder=teacher_es)
    stranger = _teacher("FR")
    client.force_login(teacher_es)
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": stranger.pk})
    assert response.status_code == 200
    html = _html(response)
    assert 'data-code="not_contact"' in html
    assert "is not one of your contacts yet" in html
    assert f'action="{reverse("network:invite", args=[stranger.pk])}"' in html
    assert not Partner.objects.filter(project=project, teacher=stranger).exists()


def test_a_blocked_teacher_is_refused_without_saying_who_blocked(client, teacher_es):
    project = make_project(founder=teacher_es)
    other = _contact(teacher_es, "FR")
    profile_of(other, visibility=Audience.EVERYONE)
    block_create(actor=other, blocked=teacher_es)
    client.force_login(teacher_es)
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": other.pk})
    assert response.status_code == 200  # their profile is public, so the page may say why
    html = _html(response)
    assert 'data-code="blocked"' in html
    assert "You cannot invite this teacher." in html
    assert not Partner.objects.filter(project=project, teacher=other).exists()


def test_an_unvalidated_inviter_is_told_why(client, pending_teacher_es):
    project = make_project(founder=pending_teacher_es)
    partner = _contact(pending_teacher_es, "FR")
    client.force_login(pending_teacher_es)
    response = client.post(reverse("projects:invite", args=[project.pk]), {"teacher": partner.pk})
    assert response.status_code == 200
    assert "You are not validated yet" in _html(response)
    assert not Partner.objects.filter(project=project, teacher=partner).exists()


def test_invite_page_is_a_404_for_anyone_but_who_manages_the_project(client, teacher_es, teacher_fr):
    draft = make_project(founder=teacher_es)
    opened = make_open_project(teacher_es, teacher_fr)
    stranger = _teacher("IT")
    client.force_login(stranger)
    for project in [draft, opened]:
        assert client.get(reverse("projects:invite", args=[project.pk])).status_code == 404
        assert client.post(reverse("projects:invite", args=[project.pk]), {"teacher": teacher_fr.pk}).status_code == 404
    assert Partner.objects.filter(project=draft).count() == 1


def test_invite_page_of_a_pending_project_sends_back_to_the_project(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    client.force_login(teacher_es)
    response = client.get(reverse("projects:invite", args=[project.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])


def _invite_queries(client, user, project) -> int:
    client.force_login(user)
    url = reverse("projects:invite", args=[project.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_invite_page_query_count_does_not_grow_with_contacts(client, teacher_es):
    project = make_project(founder=teacher_es)
    _contact(teacher_es, "FR")
    few = _invite_queries(client, teacher_es, project)
    for index in range(29):
        _contact(teacher_es, ["FR", "ES", "MD"][index % 3], validated=index % 4 != 0)
    many = _invite_queries(client, teacher_es, project)
    assert many == few


# Answering, withdrawing, removing, leaving, ending, deleting


def test_the_invitee_accepts(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    row = Partner.objects.get(project=project, teacher=teacher_fr)
    client.force_login(teacher_fr)
    response = client.post(reverse("projects:invitation_accept", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == Partner.State.ACTIVE


def test_the_invitee_declines_with_a_reason_after_a_confirmation_page(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    row = Partner.objects.get(project=project, teacher=teacher_fr)
    client.force_login(teacher_fr)
    assert client.get(reverse("projects:invitation_decline", args=[row.pk])).status_code == 200
    row.refresh_from_db()
    assert row.state == Partner.State.INVITED  # the GET changes nothing
    client.post(reverse("projects:invitation_decline", args=[row.pk]), {"reason": "No time this year."})
    row.refresh_from_db()
    assert row.state == Partner.State.DECLINED
    project.refresh_from_db()
    assert project.status == Project.Status.STOPPED


def test_only_the_invitee_may_answer(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    row = Partner.objects.get(project=project, teacher=teacher_fr)
    for user in [teacher_es, _teacher("IT")]:
        client.force_login(user)
        assert client.post(reverse("projects:invitation_accept", args=[row.pk])).status_code == 404
        assert client.post(reverse("projects:invitation_decline", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.state == Partner.State.INVITED


def test_the_founder_withdraws_an_invitation_others_get_a_404(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    invitee = _contact(teacher_es, "IT")
    row = partner_invite(actor=teacher_es, project=project, teacher=invitee)
    url = reverse("projects:invitation_withdraw", args=[row.pk])
    client.force_login(invitee)
    assert client.post(url).status_code == 404
    client.force_login(teacher_es)
    assert client.get(url).status_code == 200
    client.post(url)
    row.refresh_from_db()
    assert row.state == Partner.State.WITHDRAWN


def test_the_founder_removes_a_partner_and_the_partner_leaves(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    first, second = _contact(teacher_es, "IT"), _contact(teacher_es, "PT")
    rows = []
    for teacher in [first, second]:
        row = partner_invite(actor=teacher_es, project=project, teacher=teacher)
        invitation_accept(actor=teacher, partner=row)
        rows.append(row)
    remove_url = reverse("projects:partner_remove", args=[rows[0].pk])
    client.force_login(second)
    assert client.get(remove_url).status_code == 404
    assert client.post(remove_url).status_code == 404
    client.force_login(teacher_es)
    assert client.get(remove_url).status_code == 200
    client.post(remove_url)
    rows[0].refresh_from_db()
    assert rows[0].state == Partner.State.REMOVED
    client.force_login(second)
    assert client.get(reverse("projects:leave", args=[project.pk])).status_code == 200
    client.post(reverse("projects:leave", args=[project.pk]))
    rows[1].refresh_from_db()
    assert rows[1].state == Partner.State.LEFT
    client.force_login(first)
    assert client.get(reverse("projects:leave", args=[project.pk])).status_code == 404


def test_ending_a_project_needs_a_founder_and_a_confirmation(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    url = reverse("projects:close", args=[project.pk])
    client.force_login(_teacher("IT"))
    assert client.post(url).status_code == 404
    client.force_login(teacher_es)
    response = client.get(url)
    assert "End the project" in _html(response)
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN
    client.post(url)
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED


def test_deleting_a_draft(client, teacher_es, teacher_fr):
    draft = make_project(founder=teacher_es)
    url = reverse("projects:delete", args=[draft.pk])
    client.force_login(teacher_fr)
    assert client.post(url).status_code == 404
    client.force_login(teacher_es)
    assert client.get(url).status_code == 200
    assert Project.objects.filter(pk=draft.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("projects:index")
    assert not Project.objects.filter(pk=draft.pk).exists()


def test_deleting_a_project_that_is_no_draft_is_refused_with_its_reason(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    client.force_login(teacher_es)
    response = client.post(reverse("projects:delete", args=[project.pk]), follow=True)
    assert Project.objects.filter(pk=project.pk).exists()
    assert list(response.context["messages"])


# Editing and images


def test_the_founder_edits_the_project(client, teacher_es):
    project = make_project(founder=teacher_es)
    client.force_login(teacher_es)
    response = client.get(reverse("projects:edit", args=[project.pk]))
    assert response.context["form"].initial["title"] == project.title
    data = {
        "title": "A new title",
        "summary": project.summary,
        "description": project.description,
        "aims": project.aims,
        "work_process": project.work_process,
        "expected_results": project.expected_results,
        "subjects": project.subjects,
        "age_bands": project.age_bands,
        "languages": project.languages,
        "planned_start": "2030-09-01",
        "planned_end": "2031-06-30",
        "open_to_plus": "on",
    }
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "A new title"
    assert project.open_to_plus is True
    bad = {**data, "title": "Changed again", "planned_end": "2029-01-01"}
    response = client.post(reverse("projects:edit", args=[project.pk]), bad)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "A new title"


def test_edit_and_images_are_a_404_for_non_managers(client, teacher_es, teacher_fr):
    draft = make_project(founder=teacher_es)
    pending = make_pending_project(teacher_es, teacher_fr)
    client.force_login(teacher_fr)  # invited co-founder of `pending`, not yet a founder; stranger to `draft`
    for project in [draft, pending]:
        for name in ["edit", "images", "close", "delete"]:
            assert client.get(reverse(f"projects:{name}", args=[project.pk])).status_code == 404, name


def test_images_added_replaced_and_removed_bad_files_refused(client, teacher_es):
    project = make_project(founder=teacher_es)
    url = reverse("projects:images", args=[project.pk])
    client.force_login(teacher_es)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"target": "gallery", "gallery-image": upload(b"GIF89a not really", name="x.png"), "gallery-caption": "x"}
    )
    assert response.status_code == 200
    assert response.context["gallery_form"].errors
    assert not ProjectImage.objects.exists()
    response = client.post(
        url, {"target": "gallery", "gallery-image": upload(image_bytes(), name="a.jpg"), "gallery-caption": "Our class"}
    )
    assert response.status_code == 302
    image = ProjectImage.objects.get(project=project)
    assert image.caption == "Our class"
    response = client.post(url, {"target": "main", "main-image": upload(image_bytes("PNG"), name="b.png")})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.image
    remove = reverse("projects:image_remove", args=[project.pk, image.pk])
    assert client.get(remove).status_code == 200
    assert ProjectImage.objects.filter(pk=image.pk).exists()
    client.post(remove)
    assert not ProjectImage.objects.filter(pk=image.pk).exists()


# The head teacher's decision


def test_the_head_teacher_confirms_in_the_app(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_teacher_step(project)
    head = decider_for(step)
    url = reverse("projects:step", args=[step.pk])
    for other in [teacher_es, _teacher("IT")]:
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(head)
    html = _html(client.get(url))
    assert project.title in html
    assert step.partner.teacher.full_name in html
    response = client.post(url, {"decision": "reject", "comment": ""})
    assert response.status_code == 200
    assert "Say why you reject the project" in _html(response)
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    response = client.post(url, {"decision": "approve", "comment": "Good luck!"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.APPROVED
    assert step.comment == "Good luck!"
    assert client.get(url).status_code == 404  # decided: nothing left to decide here


def test_the_head_teacher_rejects_in_the_app_with_a_reason(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_teacher_step(project)
    client.force_login(decider_for(step))
    client.post(reverse("projects:step", args=[step.pk]), {"decision": "reject", "comment": "Not this year."})
    step.refresh_from_db()
    project.refresh_from_db()
    assert step.state == ApprovalStep.State.REJECTED
    assert project.status == Project.Status.STOPPED


def test_the_emailed_link_shows_the_project_and_only_the_post_decides(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_teacher_step(project)
    url = reverse("projects:head_teacher_link", args=[head_teacher_link_token(step)])
    response = client.get(url)
    assert response.status_code == 200
    html = _html(response)
    assert project.title in html
    assert step.partner.teacher.full_name in html
    assert step.school.name in html
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    response = client.post(url, {"decision": "reject"})
    assert "Say why you reject the project" in _html(response)
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "You confirmed the project" in _html(response)
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.APPROVED
    assert step.decided_via == ApprovalStep.Via.EMAIL_LINK
    # Used once: the same link now says so, changes nothing, and is no server error.
    for response in [client.get(url), client.post(url, {"decision": "reject", "comment": "Too late"})]:
        assert response.status_code == 200
        assert "This link cannot be used" in _html(response)
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.APPROVED


def test_a_bad_or_expired_link_gives_a_clear_page(client, teacher_es, teacher_fr, settings):
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_teacher_step(project)
    response = client.get(reverse("projects:head_teacher_link", args=["not-a-token"]))
    assert response.status_code == 200
    assert "This link is not valid." in _html(response)
    token = head_teacher_link_token(step)
    ApprovalStep.objects.filter(pk=step.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    settings.PROJECTS_HEAD_TEACHER_LINK_DAYS = -1
    response = client.post(reverse("projects:head_teacher_link", args=[token]), {"decision": "approve"})
    assert response.status_code == 200
    assert "This link has expired." in _html(response)
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
