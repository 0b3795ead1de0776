"""The projects JSON API: the same rules and explanations as the pages, 404 for what one may not see."""

import json

import pytest

from tests.accounts.factories import UserFactory
from tests.projects.factories import decider_for, make_open_project, make_pending_project, make_project, project_data
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.network.services import block_create, contact_create
from twinning.projects import kits
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.projects.selectors import invitation_refusals
from twinning.schools.models import Employment


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def as_json(refusals):
    return [{"code": r.code, "message": r.message, "fixed_by": r.fixed_by, "action": r.action} for r in refusals]


def found_payload(**changes):
    data = project_data(**changes)
    data["planned_start"] = str(data["planned_start"])
    data["planned_end"] = str(data["planned_end"])
    return data


@pytest.fixture
def pupil(db):
    return UserFactory(is_pupil=True, first_name="Pupil")


@pytest.fixture
def other_teacher_es(db):
    user = UserFactory(is_validated=True, first_name="Marta", last_name="Vidal")
    EmploymentFactory(teacher=user, school=SchoolFactory(country="ES"), validation=Employment.Validation.VALIDATED)
    return user


@pytest.fixture
def draft(teacher_es):
    return make_project(founder=teacher_es, title="Draft of Lucía")


@pytest.fixture
def pending(teacher_es, teacher_fr):
    return make_pending_project(teacher_es, teacher_fr, title="Pending project")


# --- my projects -------------------------------------------------------------------------


def test_my_projects_are_grouped(client, teacher_es, teacher_fr, draft):
    opened = make_open_project(teacher_es, teacher_fr, title="Open project")
    client.force_login(teacher_es)
    body = client.get("/api/projects/").json()
    assert [p["title"] for p in body["pending"]] == ["Draft of Lucía"]
    assert [p["title"] for p in body["open"]] == ["Open project"]
    assert body["closed"] == []
    assert body["open"][0]["id"] == opened.pk
    assert body["open"][0]["my_role"] == "founder"


def test_an_invitation_waiting_for_my_answer_is_pending(client, pending, teacher_fr):
    client.force_login(teacher_fr)
    body = client.get("/api/projects/").json()
    assert [(p["title"], p["my_state"]) for p in body["pending"]] == [("Pending project", "invited")]


@pytest.mark.django_db
def test_my_projects_needs_a_session(client):
    assert client.get("/api/projects/").status_code == 401


# --- one project ---------------------------------------------------------------------------


def test_a_member_gets_the_whole_project(client, teacher_es, draft):
    client.force_login(teacher_es)
    body = client.get(f"/api/projects/{draft.pk}").json()
    assert body["is_member"] is True
    assert body["description"] == draft.description
    assert body["work_process"] == draft.work_process
    assert [p["user_id"] for p in body["partners"]] == [teacher_es.pk]


def test_a_draft_is_404_for_other_teachers_and_signed_out(client, draft, teacher_fr):
    assert client.get(f"/api/projects/{draft.pk}").status_code == 404
    client.force_login(teacher_fr)
    assert client.get(f"/api/projects/{draft.pk}").status_code == 404


def test_public_open_project_shows_only_its_public_part(client, teacher_es, teacher_fr, other_teacher_es):
    project = make_open_project(teacher_es, teacher_fr, title="Public project", is_public=True)
    for viewer in (None, other_teacher_es):
        if viewer:
            client.force_login(viewer)
        body = client.get(f"/api/projects/{project.pk}").json()
        assert body["title"] == "Public project"
        assert body["is_member"] is False
        assert body["description"] is None
        assert body["partners"] is None
        assert sorted(body["countries"]) == ["ES", "FR"]
        assert len(body["partner_schools"]) == 2


def test_private_open_project_is_404_for_non_members(client, teacher_es, teacher_fr, other_teacher_es):
    project = make_open_project(teacher_es, teacher_fr, is_public=False)
    client.force_login(other_teacher_es)
    assert client.get(f"/api/projects/{project.pk}").status_code == 404
    client.force_login(teacher_fr)
    assert client.get(f"/api/projects/{project.pk}").json()["is_member"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("pk", [987654, 0, 2**63])
def test_unknown_projects_are_404(client, pk):
    assert client.get(f"/api/projects/{pk}").status_code == 404


# --- pipeline ----------------------------------------------------------------------------------


def test_pipeline_for_founder_invitee_and_deciders(client, pending, teacher_es, teacher_fr, nss_officer_es):
    national = pending.steps.get(kind=ApprovalStep.Kind.NATIONAL)
    for viewer in (teacher_es, teacher_fr, nss_officer_es):
        client.force_login(viewer)
        response = client.get(f"/api/projects/{pending.pk}/pipeline")
        assert response.status_code == 200, viewer
        steps = response.json()
        assert {s["kind"] for s in steps} >= {"cofounder", "head_teacher", "national"}
        row = next(s for s in steps if s["id"] == national.pk)
        assert row["state"] == "waiting"
        assert row["for_user_id"] == teacher_es.pk
        assert row["waiting_since"]


def test_pipeline_is_404_for_others(client, pending, teacher_es, teacher_fr, other_teacher_es, nss_officer_fr):
    for viewer in (other_teacher_es, nss_officer_fr):
        client.force_login(viewer)
        assert client.get(f"/api/projects/{pending.pk}/pipeline").status_code == 404
    client.logout()
    public = make_open_project(other_teacher_es, teacher_fr, is_public=True)
    assert client.get(f"/api/projects/{public.pk}/pipeline").status_code == 404


# --- who can be invited -----------------------------------------------------------------------


def test_invitation_check_says_the_same_as_the_selector(client, teacher_es, teacher_fr, draft):
    client.force_login(teacher_es)
    body = client.get(f"/api/projects/{draft.pk}/invitation-check/{teacher_fr.pk}").json()
    expected = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr)
    assert [r.code for r in expected] == ["not_contact"]
    assert body == {"may_invite": False, "invite_as": "cofounder", "refusals": as_json(expected)}
    assert body["refusals"][0]["action"] == "invite_contact"

    contact_create(first=teacher_es, second=teacher_fr)
    body = client.get(f"/api/projects/{draft.pk}/invitation-check/{teacher_fr.pk}").json()
    assert body == {"may_invite": True, "invite_as": "cofounder", "refusals": []}


def test_invitation_check_explains_same_country_and_blocks(client, teacher_es, other_teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=other_teacher_es)
    block_create(actor=teacher_es, blocked=teacher_fr)
    client.force_login(teacher_es)
    for teacher, code in ((other_teacher_es, "same_country"), (teacher_fr, "blocked")):
        body = client.get(f"/api/projects/{draft.pk}/invitation-check/{teacher.pk}").json()
        expected = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher)
        assert code in [r.code for r in expected]
        assert body["refusals"] == as_json(expected)


def test_invitation_check_404s(client, teacher_es, teacher_fr, draft, pupil):
    client.force_login(teacher_fr)
    assert client.get(f"/api/projects/{draft.pk}/invitation-check/{teacher_es.pk}").status_code == 404
    client.force_login(teacher_es)
    assert client.get(f"/api/projects/{draft.pk}/invitation-check/987654").status_code == 404
    assert client.get(f"/api/projects/{draft.pk}/invitation-check/{pupil.pk}").status_code == 404


# --- founding ----------------------------------------------------------------------------------


def test_found_a_project(client, teacher_es):
    client.force_login(teacher_es)
    response = post(client, "/api/projects/", found_payload(title="From the API"))
    assert response.status_code == 201
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert project.title == "From the API"
    assert project.status == Project.Status.DRAFT
    assert project.founded_by == teacher_es
    assert body["is_member"] is True


def test_found_from_a_published_kit_only(client, teacher_es, css_officer):
    kit = kits.kit_create(
        actor=css_officer, title="Kit", summary="S", activities="A", subjects=["art"], age_bands=["7-9"]
    )
    client.force_login(teacher_es)
    response = post(client, "/api/projects/", found_payload(kit_id=kit.pk))
    assert response.status_code == 400
    assert response.json()["field"] == "kit_id"
    assert not Project.objects.exists()
    kits.kit_set_published(actor=css_officer, kit=kit, published=True)
    response = post(client, "/api/projects/", found_payload(kit_id=kit.pk))
    assert response.status_code == 201
    assert Project.objects.get().kit == kit


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"title": "Nul\x00byte"}, 422),
        ({"description": "a\x00b"}, 422),
        ({"subjects": ["art\x00"]}, 422),
        ({"title": "x" * 201}, 422),
        ({"planned_start": "not a date"}, 422),
        ({"subjects": ["astrology"]}, 400),
        ({"title": ""}, 400),
        ({"planned_start": "2031-01-01", "planned_end": "2030-01-01"}, 400),
    ],
)
def test_bad_projects_are_refused_with_nothing_stored(client, teacher_es, changes, status):
    client.force_login(teacher_es)
    response = post(client, "/api/projects/", {**found_payload(), **changes})
    assert response.status_code == status
    assert response.json()["detail"]
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_founding_needs_a_session(client):
    assert post(client, "/api/projects/", found_payload()).status_code == 401
    assert not Project.objects.exists()


# --- inviting -------------------------------------------------------------------------------------


def test_a_refused_invitation_lists_the_selectors_reasons(client, teacher_es, teacher_fr, draft):
    client.force_login(teacher_es)
    expected = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr)
    response = post(client, f"/api/projects/{draft.pk}/invitations", {"user_id": teacher_fr.pk})
    assert response.status_code == 400
    assert response.json()["refusals"] == as_json(expected)
    assert not Partner.objects.filter(teacher=teacher_fr).exists()
    draft.refresh_from_db()
    assert draft.status == Project.Status.DRAFT


def test_inviting_a_contact_sends_the_draft_for_approval(client, teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    client.force_login(teacher_es)
    response = post(client, f"/api/projects/{draft.pk}/invitations", {"user_id": teacher_fr.pk, "note": "Join us!"})
    assert response.status_code == 201
    assert response.json()["state"] == "invited"
    draft.refresh_from_db()
    assert draft.status == Project.Status.PENDING


def test_inviting_a_partner_into_an_open_project(client, teacher_es, teacher_fr, other_teacher_es):
    project = make_open_project(teacher_es, teacher_fr)
    contact_create(first=teacher_es, second=other_teacher_es)
    client.force_login(teacher_es)
    response = post(client, f"/api/projects/{project.pk}/invitations", {"user_id": other_teacher_es.pk})
    assert response.status_code == 201
    assert response.json()["role"] == "partner"


def test_inviting_into_someone_elses_project(client, teacher_es, teacher_fr, other_teacher_es, draft):
    client.force_login(teacher_fr)
    response = post(client, f"/api/projects/{draft.pk}/invitations", {"user_id": other_teacher_es.pk})
    assert response.status_code == 404
    assert not Partner.objects.filter(teacher=other_teacher_es).exists()


def test_invitation_note_with_nul_is_refused(client, teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    client.force_login(teacher_es)
    response = post(client, f"/api/projects/{draft.pk}/invitations", {"user_id": teacher_fr.pk, "note": "a\x00"})
    assert response.status_code == 422
    assert not Partner.objects.filter(teacher=teacher_fr).exists()


# --- answering -----------------------------------------------------------------------------------


def test_the_invitee_accepts(client, pending, teacher_fr):
    partner = Partner.objects.get(project=pending, teacher=teacher_fr)
    client.force_login(teacher_fr)
    response = post(client, f"/api/invitations/{partner.pk}/accept")
    assert response.status_code == 200
    assert response.json()["state"] == "active"
    assert post(client, f"/api/invitations/{partner.pk}/accept").status_code == 400


def test_the_invitee_declines_with_a_reason(client, pending, teacher_fr):
    partner = Partner.objects.get(project=pending, teacher=teacher_fr)
    client.force_login(teacher_fr)
    response = post(client, f"/api/invitations/{partner.pk}/decline", {"reason": "Not this year."})
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    pending.refresh_from_db()
    assert pending.status == Project.Status.STOPPED


def test_nobody_else_answers_an_invitation(client, pending, teacher_es, teacher_fr, other_teacher_es):
    partner = Partner.objects.get(project=pending, teacher=teacher_fr)
    for user in (teacher_es, other_teacher_es):
        client.force_login(user)
        assert post(client, f"/api/invitations/{partner.pk}/accept").status_code == 404
        assert post(client, f"/api/invitations/{partner.pk}/decline").status_code == 404
    partner.refresh_from_db()
    assert partner.state == Partner.State.INVITED


# --- deciding steps ---------------------------------------------------------------------------------


def test_the_nss_approves_its_step(client, pending, nss_officer_es):
    step = pending.steps.get(kind=ApprovalStep.Kind.NATIONAL)
    client.force_login(nss_officer_es)
    response = post(client, f"/api/steps/{step.pk}/approve", {"comment": "Good luck."})
    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    step.refresh_from_db()
    assert step.decided_by == nss_officer_es
    assert post(client, f"/api/steps/{step.pk}/approve").status_code == 400
    assert post(client, f"/api/steps/{step.pk}/reject", {"reason": "Late"}).status_code == 400


def test_the_head_teacher_rejects_with_a_reason(client, pending):
    step = pending.steps.get(kind=ApprovalStep.Kind.HEAD_TEACHER)
    head = decider_for(step)
    client.force_login(head)
    assert post(client, f"/api/steps/{step.pk}/reject", {"reason": ""}).status_code == 422
    assert post(client, f"/api/steps/{step.pk}/reject", {"reason": "   "}).status_code == 400
    assert post(client, f"/api/steps/{step.pk}/reject", {"reason": "a\x00"}).status_code == 422
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    response = post(client, f"/api/steps/{step.pk}/reject", {"reason": "We have no class for this."})
    assert response.status_code == 200
    assert response.json()["project_status"] == "stopped"


def test_steps_outside_ones_scope_are_404(client, pending, nss_officer_fr, teacher_es, teacher_fr):
    step = pending.steps.get(kind=ApprovalStep.Kind.NATIONAL)
    for user in (nss_officer_fr, teacher_es, teacher_fr):
        client.force_login(user)
        assert post(client, f"/api/steps/{step.pk}/approve").status_code == 404
        assert post(client, f"/api/steps/{step.pk}/reject", {"reason": "No"}).status_code == 404
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    client.force_login(nss_officer_fr)
    assert post(client, "/api/steps/987654/approve").status_code == 404


# --- pupils ---------------------------------------------------------------------------------------------


def test_pupils_get_404_everywhere(client, pupil, pending, teacher_fr, teacher_es):
    partner = Partner.objects.get(project=pending, teacher=teacher_fr)
    step = pending.steps.get(kind=ApprovalStep.Kind.NATIONAL)
    client.force_login(pupil)
    for url in (
        "/api/projects/",
        f"/api/projects/{pending.pk}",
        f"/api/projects/{pending.pk}/pipeline",
        f"/api/projects/{pending.pk}/invitation-check/{teacher_fr.pk}",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        ("/api/projects/", found_payload()),
        (f"/api/projects/{pending.pk}/invitations", {"user_id": teacher_es.pk}),
        (f"/api/invitations/{partner.pk}/accept", {}),
        (f"/api/invitations/{partner.pk}/decline", {}),
        (f"/api/steps/{step.pk}/approve", {}),
        (f"/api/steps/{step.pk}/reject", {"reason": "no"}),
    ):
        assert post(client, url, data).status_code == 404, url
    assert Project.objects.count() == 1
