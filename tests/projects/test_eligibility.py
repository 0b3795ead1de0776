"""Who can be invited, explained: each rule both ways (the reason shows while the condition holds,
and goes once it is fixed), and the same answers for a whole contact list in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from tests.projects.factories import make_open_project, make_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.network.models import Block
from twinning.network.services import contact_create
from twinning.projects import services
from twinning.projects.selectors import invitable_contacts, invitation_refusals
from twinning.schools.models import Employment


def _codes(inviter, project, teacher) -> set[str]:
    return {r.code for r in invitation_refusals(inviter=inviter, project=project, teacher=teacher)}


def _teacher(country: str, **kw):
    user = UserFactory(is_validated=True, **kw)
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country), validation=Employment.Validation.VALIDATED)
    return user


@pytest.fixture
def draft(teacher_es):
    return make_project(founder=teacher_es)


def test_a_contact_from_another_country_may_be_invited(teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    assert invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr) == []


def test_not_a_contact_both_ways(teacher_es, teacher_fr, draft):
    refusals = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr)
    assert [(r.code, r.action) for r in refusals] == [("not_contact", "invite_contact")]
    assert refusals[0].fixed_by == "You: invite them as a contact; once they accept, invite them here"
    contact_create(first=teacher_es, second=teacher_fr)
    assert "not_contact" not in _codes(teacher_es, draft, teacher_fr)


def test_not_validated_both_ways(teacher_es, draft):
    pending = _teacher("FR")
    pending.is_validated = False
    pending.save()
    contact_create(first=teacher_es, second=pending)
    assert _codes(teacher_es, draft, pending) == {"not_validated"}
    pending.is_validated = True
    pending.save()
    assert _codes(teacher_es, draft, pending) == set()


def test_the_inviter_not_validated_is_told_so(pending_teacher_es, teacher_fr):
    project = make_project(founder=pending_teacher_es)  # a not-yet-validated teacher may found a draft
    contact_create(first=pending_teacher_es, second=teacher_fr)
    refusals = invitation_refusals(inviter=pending_teacher_es, project=project, teacher=teacher_fr)
    assert [r.code for r in refusals] == ["not_validated"]
    assert refusals[0].message.startswith("You are not validated yet")


def test_not_available_both_ways(teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    profile_of(teacher_fr, available_for_projects=False)
    refusals = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr)
    assert [(r.code, r.fixed_by) for r in refusals] == [
        ("not_available", f"{teacher_fr.full_name}, by saying in their profile that they are available for projects")
    ]
    profile_of(teacher_fr, available_for_projects=True)
    assert _codes(teacher_es, draft, teacher_fr) == set()


def test_plus_country_needs_both_halves_each_its_own_reason(teacher_es, draft):
    ukrainian = _teacher("UA", first_name="Olena", last_name="Koval")
    contact_create(first=teacher_es, second=ukrainian)
    refusals = invitation_refusals(inviter=teacher_es, project=draft, teacher=ukrainian)
    assert [(r.code, r.fixed_by, r.action) for r in refusals] == [
        (
            "plus_not_available",
            "Olena Koval, by saying in their profile that they are available for eTwinning Plus projects",
            "",
        ),
        ("plus_not_open", "You: tick “open to eTwinning Plus partners” in the project's information", "edit_project"),
    ]
    profile_of(ukrainian, available_for_plus=True)
    assert _codes(teacher_es, draft, ukrainian) == {"plus_not_open"}
    services.project_update(actor=teacher_es, project=draft, open_to_plus=True)
    draft.refresh_from_db()
    assert _codes(teacher_es, draft, ukrainian) == set()
    profile_of(ukrainian, available_for_plus=False)
    assert _codes(teacher_es, draft, ukrainian) == {"plus_not_available"}


def test_same_country_only_for_the_cofounder(teacher_es, teacher_fr):
    other_es = _teacher("ES")
    contact_create(first=teacher_es, second=other_es)
    draft = make_project(founder=teacher_es)
    assert _codes(teacher_es, draft, other_es) == {"same_country"}
    other_fr = _teacher("FR")
    contact_create(first=teacher_es, second=other_fr)
    assert _codes(teacher_es, draft, other_fr) == set()
    # A later partner may come from the founder's country.
    project = make_open_project(teacher_es, teacher_fr)
    assert _codes(teacher_es, project, other_es) == set()


def test_blocked_either_way_without_saying_who(teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    for blocker, blocked in [(teacher_es, teacher_fr), (teacher_fr, teacher_es)]:
        Block.objects.create(blocker=blocker, blocked=blocked)
        refusals = invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher_fr)
        assert [(r.code, r.message) for r in refusals] == [("blocked", "You cannot invite this teacher.")]
        Block.objects.all().delete()
    assert _codes(teacher_es, draft, teacher_fr) == set()


def test_self_pupil_inactive(teacher_es, teacher_fr, draft):
    assert "self" in _codes(teacher_es, draft, teacher_es)
    pupil = UserFactory(is_pupil=True)
    assert _codes(teacher_es, draft, pupil) == {"pupil"}
    contact_create(first=teacher_es, second=teacher_fr)
    teacher_fr.is_active = False
    teacher_fr.save()
    assert _codes(teacher_es, draft, teacher_fr) == {"inactive"}
    teacher_fr.is_active = True
    teacher_fr.save()
    assert _codes(teacher_es, draft, teacher_fr) == set()


def test_already_invited_and_one_cofounder_per_draft(teacher_es, teacher_fr, draft):
    contact_create(first=teacher_es, second=teacher_fr)
    other_fr = _teacher("FR")
    contact_create(first=teacher_es, second=other_fr)
    partner = services.cofounder_invite(actor=teacher_es, project=draft, teacher=teacher_fr)
    draft.refresh_from_db()
    # Pending now: nobody else can be invited, and teacher_fr is already in.
    assert "already_in_project" in _codes(teacher_es, draft, teacher_fr)
    assert "project_state" in _codes(teacher_es, draft, other_fr)
    services.invitation_withdraw(actor=teacher_es, partner=partner)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert _codes(teacher_es, draft, teacher_fr) == set()


def test_only_founders_and_teacher_admins_invite(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    outsider = _teacher("IT")
    newcomer = _teacher("DE")
    contact_create(first=outsider, second=newcomer)
    assert "not_allowed" in _codes(outsider, project, newcomer)
    contact_create(first=teacher_fr, second=newcomer)
    assert _codes(teacher_fr, project, newcomer) == set()  # the co-founder is a teacher administrator


def test_invitation_refused_by_the_service_with_the_same_reasons(teacher_es, teacher_fr, draft):
    with pytest.raises(services.InvitationRefused) as exc:
        services.cofounder_invite(actor=teacher_es, project=draft, teacher=teacher_fr)
    assert [r.code for r in exc.value.refusals] == ["not_contact"]
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not draft.partners.filter(teacher=teacher_fr).exists()
    assert not draft.steps.exists()


def test_invitable_contacts_match_the_single_rules_in_constant_queries(teacher_es, draft):
    def build(count: int) -> None:
        for i in range(count):
            country = ["FR", "ES", "UA", "IT"][i % 4]
            teacher = _teacher(country)
            contact_create(first=teacher_es, second=teacher)
            if i % 3 == 0:
                profile_of(teacher, available_for_projects=False)

    build(1)
    with CaptureQueriesContext(connection) as one:
        result = invitable_contacts(inviter=teacher_es, project=draft)
    assert len(result) == 1
    build(7)
    with CaptureQueriesContext(connection) as many:
        result = invitable_contacts(inviter=teacher_es, project=draft)
    assert len(result) == 8
    assert len(one.captured_queries) == len(many.captured_queries)
    for teacher, refusals in result:
        assert refusals == invitation_refusals(inviter=teacher_es, project=draft, teacher=teacher)
