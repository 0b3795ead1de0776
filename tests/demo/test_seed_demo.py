import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from twinning.accounts.models import SupportService, User
from twinning.core.vocabularies import COUNTRIES
from twinning.demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PUPIL_LOGIN
from twinning.forums.models import Idea
from twinning.groups.models import Group
from twinning.groups.models import Invitation as GroupInvitation
from twinning.groups.models import Membership as GroupMembership
from twinning.profiles.models import Profile
from twinning.progress.models import ProgressAction
from twinning.projects.models import ApprovalStep, Kit, Project
from twinning.schools.models import Employment, School
from twinning.twinspace.models import Pupil

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = [
    "demo.teacher@twinning.test",
    "demo.head@twinning.test",
    "demo.nss.es@twinning.test",
    "demo.nss.fr@twinning.test",
    "demo.region.an@twinning.test",
    "demo.css@twinning.test",
    "demo.pending@twinning.test",
    "admin@twinning.test",
]


def seed(**sizes: int) -> None:
    call_command("seed_demo", teachers=sizes.get("teachers", 40), schools=sizes.get("schools", 20))


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        School.objects.count(),
        Employment.objects.count(),
        Profile.objects.count(),
        SupportService.objects.count(),
        ProgressAction.objects.count(),
        EmailAddress.objects.count(),
    )


def test_running_twice_creates_nothing_the_second_time(capsys):
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert "already present" in capsys.readouterr().out


def test_demo_accounts_exist_and_can_log_in(client):
    seed()
    for email in DEMO_ACCOUNTS:
        assert client.login(email=email, password=DEMO_PASSWORD), email
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
        client.logout()
    assert User.objects.get(email="admin@twinning.test").is_superuser


def test_demo_roles_and_scopes():
    seed()
    teacher = User.objects.get(email="demo.teacher@twinning.test")
    assert teacher.is_validated
    assert teacher.profile.is_complete
    current = teacher.employments.get(end_date__isnull=True)
    assert (current.school.country, current.school.region) == ("ES", "ES-AN")
    assert teacher.employments.filter(end_date__isnull=False).exists()  # a past school in the history
    assert (
        User.objects.get(email="demo.head@twinning.test")
        .employments.filter(role=Employment.Role.HEAD_TEACHER, school=current.school, end_date__isnull=True)
        .exists()
    )
    pending = User.objects.get(email="demo.pending@twinning.test")
    assert not pending.is_validated
    assert pending.employments.get().validation == Employment.Validation.PENDING
    assert SupportService.objects.get(kind="national", country="ES").staff.filter(email="demo.nss.es@twinning.test")
    assert SupportService.objects.get(kind="national", country="FR").staff.filter(email="demo.nss.fr@twinning.test")
    assert SupportService.objects.get(kind="regional", region="ES-AN").staff.filter(
        email="demo.region.an@twinning.test"
    )
    assert SupportService.objects.get(kind="central").staff.filter(email="demo.css@twinning.test")
    assert SupportService.objects.filter(kind="regional", region="ES-CT").exists()
    national = set(SupportService.objects.filter(kind="national").values_list("country", flat=True))
    assert national == {code for code, _label in COUNTRIES}


def test_invariants_hold():
    seed()
    current_validated = Employment.objects.filter(
        teacher=OuterRef("pk"), end_date__isnull=True, validation=Employment.Validation.VALIDATED
    )
    users = User.objects.annotate(ok=Exists(current_validated))
    assert not users.filter(Q(is_validated=True, ok=False) | Q(is_validated=False, ok=True)).exists()
    adults = User.objects.filter(is_pupil=False)
    assert Profile.objects.count() == adults.count()
    assert EmailAddress.objects.filter(verified=True).count() == adults.count()
    assert not Profile.objects.filter(user__is_pupil=True).exists()
    assert not EmailAddress.objects.filter(user__is_pupil=True).exists()
    assert User.objects.filter(is_validated=False, employments__isnull=False).exists()
    for employment in Employment.objects.select_related("school"):
        if employment.validation == Employment.Validation.VALIDATED and employment.end_date is None:
            assert employment.school.is_verified
    with_school = User.objects.filter(employments__isnull=False).distinct().count()
    assert ProgressAction.objects.filter(kind="school_added").count() == with_school


def test_projects_in_every_state_and_a_twinspace_with_a_pupil(client):
    seed()
    teacher = User.objects.get(email="demo.teacher@twinning.test")
    statuses = set(Project.objects.values_list("status", flat=True))
    assert statuses == {choice.value for choice in Project.Status}
    mine = Project.objects.filter(partners__teacher=teacher).distinct()
    assert set(mine.values_list("status", flat=True)) == {choice.value for choice in Project.Status}
    assert Kit.objects.filter(is_published=True).count() >= 3
    # Every open or closed project went through its whole pipeline and has a TwinSpace.
    for project in Project.objects.filter(status__in=["open", "closed"]):
        assert project.twinspace_id is not None
        assert not project.steps.exclude(state=ApprovalStep.State.APPROVED).exists()
    # The queues of the demo officers have something to decide.
    assert ApprovalStep.objects.filter(state="waiting", kind="national", country="ES").exists()
    assert ApprovalStep.objects.filter(state="waiting", kind="regional", region="ES-AN").exists()
    pupil = Pupil.objects.get(login=DEMO_PUPIL_LOGIN)
    assert pupil.twinspace.pages.exists()
    assert pupil.twinspace.materials.documents.exists()
    response = client.post(reverse("pupils:login"), {"login": DEMO_PUPIL_LOGIN, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("twinspace:home", args=[pupil.twinspace_id])).status_code == 200


def test_full_size_is_a_believable_community():
    call_command("seed_demo")
    assert School.objects.values("country").distinct().count() >= 40
    assert School.objects.count() >= 400
    teachers = User.objects.filter(employments__isnull=False).distinct()
    assert teachers.count() >= 800
    waiting = teachers.filter(is_validated=False).count()
    assert 0.05 * teachers.count() < waiting < 0.2 * teachers.count()
    assert School.objects.filter(is_verified=False).exists()
    assert Employment.objects.filter(role=Employment.Role.HEAD_TEACHER).count() > 100
    plus = Profile.objects.filter(available_for_plus=True, user__employments__school__country__in=["UA", "GE"])
    assert plus.exists()
    assert Employment.objects.filter(end_date__isnull=False).count() > 50


def test_the_demo_teacher_has_a_network_to_explore(client, django_capture_on_commit_callbacks):
    from twinning.activity.models import FeedEntry, Post
    from twinning.messaging.models import ConversationMember
    from twinning.network.models import Contact, ContactInvitation, Follow
    from twinning.notifications.models import Notification
    from twinning.search.backends.base import PeopleFilters
    from twinning.search.selectors import people_search

    with django_capture_on_commit_callbacks(execute=True):  # the feed is filled by tasks queued on commit
        call_command("seed_demo")
    teacher = User.objects.get(email="demo.teacher@twinning.test")
    assert Contact.objects.filter(Q(user_low=teacher) | Q(user_high=teacher)).count() >= 6
    assert Follow.objects.filter(follower=teacher).count() == 10
    assert Follow.objects.filter(followed=teacher).count() >= 5
    waiting = ContactInvitation.objects.filter(status=ContactInvitation.Status.PENDING)
    assert waiting.filter(recipient=teacher).count() == 2
    assert waiting.filter(sender=teacher).count() == 1
    assert Post.objects.count() >= 8
    assert FeedEntry.objects.filter(owner=teacher).count() >= 8
    assert ConversationMember.objects.filter(user=teacher, unread_count__gt=0).count() == 1
    assert Notification.objects.filter(recipient=teacher, read_at__isnull=True).exists()
    assert ProgressAction.objects.filter(user=teacher, kind="contact_made").count() == 6

    client.force_login(teacher)
    assert client.get("/").status_code == 200
    found = people_search(viewer=teacher, query="Fernandez", filters=PeopleFilters(countries=("ES",)))
    assert teacher.pk in [person.user.pk for person in found.items]


def test_groups_of_both_kinds_approved_and_waiting():
    seed()
    teacher = User.objects.get(email="demo.teacher@twinning.test")
    approved = Group.objects.filter(status=Group.Status.APPROVED)
    assert set(approved.values_list("kind", flat=True)) == {"open", "closed"}
    assert set(Group.objects.filter(status=Group.Status.REQUESTED).values_list("kind", flat=True)) == {
        "open",
        "closed",
    }
    assert approved.filter(is_central=True).exists()
    assert GroupMembership.objects.filter(user=teacher).count() >= 3
    assert GroupInvitation.objects.filter(invitee=teacher, state="pending").exists()
    lively = approved.get(name="Climate education network")
    assert lively.forum.threads.count() >= 2
    assert lively.activities.count() >= 2
    assert lively.library.documents.exists()


def test_project_ideas_across_ages_and_countries_one_held():
    seed()
    ideas = Idea.objects.all()
    assert ideas.count() >= 8
    assert len({band for bands in ideas.values_list("age_bands", flat=True) for band in bands}) >= 4
    assert len({c for wanted in ideas.values_list("countries_wanted", flat=True) for c in wanted}) >= 10
    assert ideas.filter(status="closed").exists()
    assert ideas.filter(author__is_validated=False).exists()  # held until its author is validated
    assert all(idea.thread.post_count >= 1 for idea in ideas.filter(author__is_validated=True)[:8])


def test_events_past_ongoing_and_future_of_every_type():
    from django.utils import timezone

    from twinning.events.models import Event

    seed()
    now = timezone.now()
    events = Event.objects.all()
    assert set(events.values_list("kind", flat=True)) == {choice.value for choice in Event.Kind}
    assert set(events.values_list("format", flat=True)) == {"online", "face_to_face"}
    assert events.filter(ends_at__lt=now).exists()
    assert events.filter(starts_at__lte=now, ends_at__gt=now).exists()
    assert events.filter(starts_at__gt=now).exists()
    assert events.filter(status="cancelled").exists()
    assert events.filter(visibility="private", invitations__isnull=False).exists()
    assert all(event.seats_taken <= event.capacity for event in events)


def test_self_learning_modules_one_completed_and_one_started_by_the_demo_teacher(client):
    from twinning.learning.models import Completion, Module, StepVisit

    seed()
    me = User.objects.get(email="demo.teacher@twinning.test")
    modules = Module.objects.filter(is_published=True)
    assert modules.count() >= 3
    assert all(module.steps.exists() and module.questions.count() >= 2 for module in modules)
    assert Completion.objects.filter(user=me).count() == 1
    assert StepVisit.objects.filter(user=me).count() == 2
    assert ProgressAction.objects.filter(user=me, kind="module_completed").count() == 1
    client.force_login(me)
    html = client.get(reverse("learning:index")).content.decode()
    assert html.count("learning-card") == modules.count()
    assert "learning-status--completed" in html
    assert "learning-status--in_progress" in html
    assert "1 module completed" in client.get(reverse("profiles:detail", args=[me.pk])).content.decode()


def test_courses_with_open_future_and_closed_applications_and_certificates_for_the_demo_teacher(client):
    from django.utils import timezone

    from twinning.certificates.selectors import eligible_certificates
    from twinning.events.selectors import registration_window
    from twinning.learning.models import ActivityDone, Course, CourseCompletion

    seed()
    now = timezone.now()
    me = User.objects.get(email="demo.teacher@twinning.test")
    courses = list(Course.objects.select_related("event"))
    assert {course.event.kind for course in courses} == {"learning_event", "online_seminar"}
    windows = {registration_window(course.event, now).state for course in courses}
    assert windows == {"before", "open", "closed"}
    assert any(course.event.ends_at < now for course in courses)
    assert any(course.event.starts_at <= now < course.event.ends_at for course in courses)
    assert any(course.event.starts_at > now for course in courses)
    assert any(course.event.waiting_count > 0 for course in courses)
    assert all(course.event.seats_taken <= course.event.capacity for course in courses)
    learning_events = [course for course in courses if course.event.kind == "learning_event"]
    assert all(course.activities.exists() and course.activities_required >= 1 for course in learning_events)
    assert ActivityDone.objects.filter(user=me).count() == 4
    assert CourseCompletion.objects.filter(user=me).count() == 1
    assert ProgressAction.objects.filter(user=me, kind__in=["course_completed", "seminar_attended"]).count() == 2
    kinds = {item.kind for item in eligible_certificates(user=me)}
    assert kinds == {"event_attendance", "course_completion", "project_participation"}
    client.force_login(me)
    html = client.get(reverse("learning:courses")).content.decode()
    assert html.count(reverse("learning:course", args=[courses[0].pk])) >= 1
