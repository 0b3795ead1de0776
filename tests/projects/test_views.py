"""Project pages: the Projects tab, founding (from scratch and from a kit), kits, the project page.

Each page both ways: who may open it, who gets a 404; bad input shows an error
and stores nothing; list pages keep their number of queries.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import image_bytes, upload
from tests.projects.factories import (
    decider_for,
    make_open_project,
    make_pending_project,
    make_project,
    project_data,
)
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.projects.kits import kit_create
from twinning.projects.models import ApprovalStep, Kit, Partner, Project
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _teacher(country: str, **kw):
    user = UserFactory(is_validated=True, **kw)
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country), validation=Employment.Validation.VALIDATED)
    return user


def _form_data(**overrides) -> dict:
    data = project_data()
    data.update(overrides)
    posted = {}
    for key, value in data.items():
        posted[key] = value.isoformat() if isinstance(value, dt.date) else value
    return posted


@pytest.fixture
def kit(css_officer) -> Kit:
    return kit_create(
        actor=css_officer,
        title="Bridges between our schools",
        summary="Pupils design bridges and compare them with their partners.",
        activities="Sketch, build, test, present.",
        subjects=["physics"],
        age_bands=["10-12"],
        languages=["en"],
        aims="Engineering basics.",
        is_published=True,
    )


# Who reaches the pages


def test_signed_out_visitors_are_asked_to_log_in(client, teacher_es):
    project = make_project(founder=teacher_es)
    for url in [
        reverse("projects:index"),
        reverse("projects:create"),
        reverse("projects:kits"),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:images", args=[project.pk]),
        reverse("projects:invite", args=[project.pk]),
        reverse("projects:delete", args=[project.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_pupils_never_reach_a_project_page(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr, is_public=True)
    pupil = UserFactory(is_pupil=True)
    client.force_login(pupil)
    for url in [
        reverse("projects:index"),
        reverse("projects:create"),
        reverse("projects:kits"),
        reverse("projects:detail", args=[project.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_nav_shows_projects_as_the_current_section(client, teacher_es):
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:index")))
    assert f'<a href="{reverse("projects:index")}" aria-current="page">' in html


# The Projects tab


def test_tab_groups_projects_and_offers_what_each_allows(client, teacher_es, teacher_fr):
    draft = make_project(founder=teacher_es, title="Draft about rivers")
    pending = make_pending_project(teacher_es, teacher_fr, title="Pending about birds")
    opened = make_open_project(teacher_es, teacher_fr, title="Open about songs")
    closed = make_open_project(teacher_es, teacher_fr, title="Closed about maps")
    Project.objects.filter(pk=closed.pk).update(status=Project.Status.CLOSED)
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:index")))
    pending_part = html[html.index('id="pending-heading"') : html.index('id="open-heading"')]
    open_part = html[html.index('id="open-heading"') : html.index('id="closed-heading"')]
    closed_part = html[html.index('id="closed-heading"') :]
    assert "Draft about rivers" in pending_part
    assert "Pending about birds" in pending_part
    assert reverse("projects:delete", args=[draft.pk]) in pending_part
    assert reverse("projects:invite", args=[draft.pk]) in pending_part
    # The pending project says whom it waits for, and since when.
    assert "Waiting for: Head teacher" in pending_part or "Waiting for: Co-founder" in pending_part
    assert "Open about songs" in open_part
    assert reverse("twinspace:home", args=[opened.twinspace_id]) in open_part
    assert reverse("projects:invite", args=[opened.pk]) in open_part
    assert "Closed about maps" in closed_part
    assert reverse("projects:detail", args=[pending.pk]) in pending_part
    assert reverse("projects:create") in html
    assert reverse("projects:kits") in html
    assert f'action="{reverse("search:projects")}"' in html


def test_tab_shows_an_invitation_waiting_for_my_answer_with_accept_and_decline(client, teacher_es, teacher_fr):
    make_pending_project(teacher_es, teacher_fr, title="Invitation about bees")
    row = Partner.objects.get(teacher=teacher_fr, state=Partner.State.INVITED)
    client.force_login(teacher_fr)
    html = _html(client.get(reverse("projects:index")))
    assert "Invitation about bees" in html
    assert reverse("projects:invitation_accept", args=[row.pk]) in html
    assert reverse("projects:invitation_decline", args=[row.pk]) in html


def test_tab_empty_states_say_what_to_do(client, teacher_es):
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:index")))
    assert "Nothing pending" in html
    assert "No open project yet" in html
    assert "No closed project" in html


def test_tab_lists_head_teacher_confirmations_waiting(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    Partner.objects.filter(project=project, teacher=teacher_fr).get()
    from twinning.projects.services import invitation_accept

    invitation_accept(actor=teacher_fr, partner=Partner.objects.get(project=project, teacher=teacher_fr))
    step = ApprovalStep.objects.filter(project=project, kind=ApprovalStep.Kind.HEAD_TEACHER).first()
    head = decider_for(step)
    client.force_login(head)
    html = _html(client.get(reverse("projects:index")))
    assert reverse("projects:step", args=[step.pk]) in html


def _tab_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("projects:index"))  # the first request after a login also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("projects:index")).status_code == 200
    return len(queries)


def test_tab_query_count_does_not_grow_with_projects(client, teacher_es):
    partners = [_teacher("FR") for _ in range(3)]
    make_project(founder=teacher_es)
    make_pending_project(teacher_es, partners[0])
    make_open_project(teacher_es, partners[0])
    closed = make_open_project(teacher_es, partners[1])
    Project.objects.filter(pk=closed.pk).update(status=Project.Status.CLOSED)
    few = _tab_queries(client, teacher_es)
    for index in range(19):
        make_project(founder=teacher_es)
        make_pending_project(teacher_es, partners[index % 3])
    for index in range(38):
        make_open_project(teacher_es, partners[index % 3])
    Project.objects.filter(status=Project.Status.OPEN).exclude(
        pk__in=Project.objects.filter(status=Project.Status.OPEN).order_by("pk").values("pk")[:20]
    ).update(status=Project.Status.CLOSED)
    assert Project.objects.filter(status=Project.Status.CLOSED).count() == 20
    many = _tab_queries(client, teacher_es)
    assert many == few


# Founding a project


def test_found_form_creates_a_draft_and_goes_on_to_choosing_the_cofounder(client, teacher_es):
    client.force_login(teacher_es)
    assert client.get(reverse("projects:create")).status_code == 200
    response = client.post(reverse("projects:create"), _form_data(title="Our shared garden", is_public="on"))
    project = Project.objects.get(title="Our shared garden")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:invite", args=[project.pk])
    assert project.status == Project.Status.DRAFT
    assert project.is_public is True
    assert project.subjects == project_data()["subjects"]


def test_found_form_refuses_an_end_before_the_start_and_stores_nothing(client, teacher_es):
    client.force_login(teacher_es)
    response = client.post(reverse("projects:create"), _form_data(planned_start="2031-06-01", planned_end="2031-01-01"))
    assert response.status_code == 200
    assert "The end cannot come before the start." in _html(response)
    assert not Project.objects.exists()


def test_found_form_refuses_unknown_codes_and_missing_fields(client, teacher_es):
    client.force_login(teacher_es)
    response = client.post(reverse("projects:create"), _form_data(subjects=["astrology"], title=""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"subjects", "title"}
    assert not Project.objects.exists()


def test_found_form_stores_a_valid_image_and_refuses_a_disguised_file(client, teacher_es):
    client.force_login(teacher_es)
    bad = upload(b"<html><script>alert(1)</script></html>", name="photo.jpg")
    response = client.post(reverse("projects:create"), {**_form_data(title="Bad image"), "image": bad})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Project.objects.exists()
    good = upload(image_bytes(), name="class.jpg")
    response = client.post(reverse("projects:create"), {**_form_data(title="Good image"), "image": good})
    assert response.status_code == 302
    assert Project.objects.get(title="Good image").image


def test_kit_prefills_the_found_form_and_is_remembered(client, teacher_es, kit):
    client.force_login(teacher_es)
    response = client.get(reverse("projects:create"), {"kit": kit.pk})
    html = _html(response)
    assert "Started from the kit “Bridges between our schools”" in html
    form = response.context["form"]
    assert form.initial["title"] == "Bridges between our schools"
    assert form.initial["work_process"] == "Sketch, build, test, present."
    assert form.initial["subjects"] == ["physics"]
    response = client.post(reverse("projects:create"), _form_data(title="Our bridges", kit=kit.pk))
    assert response.status_code == 302
    assert Project.objects.get(title="Our bridges").kit == kit


def test_an_unpublished_or_unknown_kit_prefills_nothing(client, teacher_es, kit):
    Kit.objects.filter(pk=kit.pk).update(is_published=False)
    client.force_login(teacher_es)
    for value in [kit.pk, 99999, "nonsense"]:
        response = client.get(reverse("projects:create"), {"kit": value})
        assert response.status_code == 200
        assert "Started from the kit" not in _html(response)
        assert "title" not in response.context["form"].initial
    response = client.post(reverse("projects:create"), _form_data(title="No kit", kit=kit.pk))
    assert Project.objects.get(title="No kit").kit is None


# Kits


def test_kit_list_shows_published_kits_with_filters(client, teacher_es, kit, css_officer):
    kit_create(
        actor=css_officer,
        title="Songs of the sea",
        summary="Music from coasts.",
        activities="Listen and sing.",
        subjects=["music"],
        age_bands=["7-9"],
        is_published=True,
    )
    kit_create(
        actor=css_officer,
        title="Unpublished plan",
        summary="Hidden.",
        activities="Nothing yet.",
        subjects=["physics"],
        age_bands=["10-12"],
    )
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:kits")))
    assert "Bridges between our schools" in html
    assert "Songs of the sea" in html
    assert "Unpublished plan" not in html
    html = _html(client.get(reverse("projects:kits"), {"subject": "music"}))
    assert "Songs of the sea" in html
    assert "Bridges between our schools" not in html
    html = _html(client.get(reverse("projects:kits"), {"age": "10-12"}))
    assert "Songs of the sea" not in html
    assert "Bridges between our schools" in html
    assert f"{reverse('projects:create')}?kit={kit.pk}" in html


def test_kit_page_offers_to_use_it_and_hides_unpublished_ones(client, teacher_es, kit):
    client.force_login(teacher_es)
    response = client.get(reverse("projects:kit", args=[kit.pk]))
    assert response.status_code == 200
    assert f"{reverse('projects:create')}?kit={kit.pk}" in _html(response)
    Kit.objects.filter(pk=kit.pk).update(is_published=False)
    assert client.get(reverse("projects:kit", args=[kit.pk])).status_code == 404


# The project page


def test_members_see_everything_and_the_timeline_says_who_is_awaited(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr, description="Secret plan of the lessons")
    ApprovalStep.objects.filter(project=project).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:detail", args=[project.pk])))
    assert "Secret plan of the lessons" in html
    assert "Co-founder&#x27;s acceptance" in html or "Co-founder's acceptance" in html
    assert teacher_fr.full_name in html
    assert "waiting for" in html
    assert " days" in html
    assert "Project log" in html
    assert reverse("projects:invitation_withdraw", args=[project.partners.get(teacher=teacher_fr).pk]) in html


def test_the_invitee_sees_the_project_and_can_answer(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr, description="What we will do")
    row = Partner.objects.get(project=project, teacher=teacher_fr)
    client.force_login(teacher_fr)
    html = _html(client.get(reverse("projects:detail", args=[project.pk])))
    assert "What we will do" in html
    assert reverse("projects:invitation_accept", args=[row.pk]) in html


def test_public_part_only_for_non_members_of_a_public_project(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr, is_public=True, description="Inner working notes")
    stranger = _teacher("IT")
    for viewer in [stranger, None]:
        client.logout()
        if viewer:
            client.force_login(viewer)
        response = client.get(reverse("projects:detail", args=[project.pk]))
        assert response.status_code == 200
        html = _html(response)
        assert project.title in html
        assert project.summary in html
        assert "Partner schools" in html
        assert "Inner working notes" not in html
        assert "Project log" not in html
        assert reverse("projects:edit", args=[project.pk]) not in html


def test_private_or_unapproved_projects_are_a_404_for_others(client, teacher_es, teacher_fr):
    private_open = make_open_project(teacher_es, teacher_fr, is_public=False)
    public_pending = make_pending_project(teacher_es, teacher_fr, is_public=True)
    stranger = _teacher("IT")
    client.force_login(stranger)
    for project in [private_open, public_pending]:
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("projects:detail", args=[private_open.pk])).status_code == 404
    assert client.get(reverse("projects:detail", args=[999999])).status_code == 404


def test_the_head_teacher_awaited_sees_the_project_with_a_confirm_link(client, teacher_es, teacher_fr):
    from twinning.projects.services import invitation_accept

    project = make_pending_project(teacher_es, teacher_fr, description="Plan for the head teacher")
    invitation_accept(actor=teacher_fr, partner=Partner.objects.get(project=project, teacher=teacher_fr))
    step = ApprovalStep.objects.filter(project=project, kind=ApprovalStep.Kind.HEAD_TEACHER).first()
    head = decider_for(step)
    client.force_login(head)
    html = _html(client.get(reverse("projects:detail", args=[project.pk])))
    assert "Plan for the head teacher" in html
    assert reverse("projects:step", args=[step.pk]) in html


def test_member_actions_follow_the_permissions(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    client.force_login(teacher_es)
    html = _html(client.get(reverse("projects:detail", args=[project.pk])))
    for name in ["edit", "images", "invite", "close", "leave"]:
        assert reverse(f"projects:{name}", args=[project.pk]) in html, name
    assert reverse("twinspace:home", args=[project.twinspace_id]) in html
    assert reverse("projects:delete", args=[project.pk]) not in html


def _detail_queries(client, user, project) -> int:
    client.force_login(user)
    client.get(reverse("projects:detail", args=[project.pk]))  # the first request after a login saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    return len(queries)


def test_detail_query_count_does_not_grow_with_partners(client, teacher_es, teacher_fr):
    from twinning.network.services import contact_create
    from twinning.projects.services import invitation_accept, partner_invite

    project = make_open_project(teacher_es, teacher_fr)

    def add_partner():
        teacher = _teacher("IT")
        contact_create(first=teacher_es, second=teacher)
        row = partner_invite(actor=teacher_es, project=project, teacher=teacher)
        invitation_accept(actor=teacher, partner=row)
        invited = _teacher("PT")
        contact_create(first=teacher_es, second=invited)
        partner_invite(actor=teacher_es, project=project, teacher=invited)

    add_partner()
    few = _detail_queries(client, teacher_es, project)
    for _ in range(9):
        add_partner()
    many = _detail_queries(client, teacher_es, project)
    assert many == few


def test_the_national_officer_awaited_sees_the_whole_project(client, teacher_es, teacher_fr, nss_officer_fr):
    project = make_pending_project(teacher_es, teacher_fr, description="Plan for the officers")
    from twinning.projects.services import invitation_accept

    invitation_accept(actor=teacher_fr, partner=Partner.objects.get(project=project, teacher=teacher_fr))
    assert ApprovalStep.objects.filter(project=project, kind=ApprovalStep.Kind.NATIONAL, country="FR").exists()
    client.force_login(nss_officer_fr)
    html = _html(client.get(reverse("projects:detail", args=[project.pk])))
    assert "Plan for the officers" in html
    assert "The National Support Service of France" in html
    client.force_login(_teacher("FR"))
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404


def test_the_timeline_names_the_co_founder_once_for_their_acceptance(client, teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    client.force_login(teacher_es)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f"{teacher_fr.full_name} — {teacher_fr.full_name}" not in html
    assert teacher_fr.full_name in html
