"""A project's whole life up to the first pupil's reply, in a real browser: founded from a kit,
a co-founder from another country, both head teachers, the regional and two national services,
the TwinSpace, two pupils' accounts and a reply in the forum."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD, UserFactory, make_officer
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import SupportService
from twinning.discussions.models import Post
from twinning.network.services import contact_create
from twinning.projects.kits import kit_create
from twinning.projects.models import ApprovalStep, Project
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Rivers of Europe"
KIT_SUMMARY = "Classes compare the river of their town: its water, its wildlife and its stories."
KIT_ACTIVITIES = "Week 1: introduce yourselves. Week 2: measure the water. Week 3: share a map of the river."
HEAD_FR_EMAIL = "direction@college-moulin.example.org"


def _teacher(*, email: str, first: str, last: str, school, role: str = Employment.Role.TEACHER):
    user = UserFactory(email=email, first_name=first, last_name=last, is_validated=True)
    EmploymentFactory(teacher=user, school=school, role=role)
    profile_of(user, available_for_projects=True)
    return user


def _new_page(browser, live_server):
    """A page in a fresh browser profile: nobody signed in, no cookies shared with the others."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", service_workers="block")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Home", exact=True).first.wait_for()


def _approve_from_support(browser, live_server, officer, *, title: str, step_kind: str) -> None:
    """The officer opens Support, the projects queue, and approves the one step waiting in their scope."""
    context, page = _new_page(browser, live_server)
    _log_in(page, officer.email)
    page.get_by_role("link", name="Support", exact=True).click()
    page.get_by_role("navigation", name="Support queues").get_by_role(
        "link", name=re.compile(r"^Projects waiting for approval")
    ).click()
    rows = page.get_by_role("row").filter(has_text=title)
    assert rows.count() == 1
    assert step_kind in rows.inner_text()
    # The hidden ": <title>" after "Approve" is a block of its own: Chromium's name reads "Approve : <title>".
    rows.get_by_role("button", name=re.compile(rf"^Approve\s*: {re.escape(title)}$")).click()
    page.get_by_role("status").filter(has_text=f"You approved “{title}”.").wait_for()
    page.get_by_text("No project is waiting for your approval.").wait_for()
    context.close()


def test_found_from_kit_approve_open_twinspace_and_pupil_replies(browser, live_server, page, requested_urls):
    central = make_officer(kind=SupportService.Kind.CENTRAL, first_name="Anna", last_name="Novak")
    kit_create(
        actor=central,
        title=TITLE,
        summary=KIT_SUMMARY,
        description="Each class adopts the river nearest to its school.",
        aims="Observe, measure and compare; write in English for a real partner.",
        activities=KIT_ACTIVITIES,
        expected_results="A shared map of the rivers and a booklet of river stories.",
        subjects=["biology", "geography"],
        age_bands=["13-15"],
        languages=["en"],
        is_published=True,
    )
    # Lucía's school in Andalusia has a head teacher on Twinning; Camille's school in France does not,
    # so her head teacher answers through the emailed link.
    triana = SchoolFactory(
        name="IES Triana", country="ES", region="ES-AN", head_teacher_email="direccion@ies-triana.example.org"
    )
    moulin = SchoolFactory(name="Collège Jean Moulin", country="FR", head_teacher_email=HEAD_FR_EMAIL)
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", school=triana)
    carmen = _teacher(
        email="carmen@example.org", first="Carmen", last="López", school=triana, role=Employment.Role.HEAD_TEACHER
    )
    camille = _teacher(email="camille@example.org", first="Camille", last="Dubois", school=moulin)
    pablo = _teacher(
        email="pablo@example.org", first="Pablo", last="Ruiz", school=SchoolFactory(name="IES Nervión", country="ES")
    )
    contact_create(first=lucia, second=camille)
    contact_create(first=lucia, second=pablo)
    regional_an = make_officer(
        kind=SupportService.Kind.REGIONAL, country="ES", region="ES-AN", email="rocio@example.org"
    )
    national_es = make_officer(kind=SupportService.Kind.NATIONAL, country="ES", email="elena@example.org")
    national_fr = make_officer(kind=SupportService.Kind.NATIONAL, country="FR", email="julien@example.org")

    # Lucía browses the kits from the Projects tab and starts from one.
    _log_in(page, lucia.email)
    page.get_by_role("link", name="Projects", exact=True).click()
    page.get_by_role("heading", name="My projects").wait_for()
    page.get_by_role("link", name="Browse project kits").click()
    page.get_by_role("heading", name="Project kits").wait_for()
    page.get_by_role("link", name=TITLE, exact=True).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    page.get_by_role("link", name="Use this kit").click()

    # The form starts filled in from the kit; she adds what a kit cannot know.
    page.get_by_role("heading", name="Create a project").wait_for()
    page.get_by_text(f"Started from the kit “{TITLE}”").wait_for()
    assert page.get_by_label("Title").input_value() == TITLE
    assert page.get_by_label("Summary").input_value() == KIT_SUMMARY
    assert page.get_by_label("Work process").input_value() == KIT_ACTIVITIES
    assert page.get_by_label("Biology").is_checked()
    assert page.get_by_label("Geography").is_checked()
    assert page.get_by_label("13 to 15").is_checked()
    assert page.get_by_label("English").is_checked()
    assert page.get_by_label("Planned start").input_value() == ""
    page.get_by_label("Title").fill(f"{TITLE}: Guadalquivir and Loire")
    page.get_by_label("French").check()
    page.get_by_label("Spanish").check()
    today = datetime.date.today()
    page.get_by_label("Planned start").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Planned end").fill((today + datetime.timedelta(days=240)).isoformat())
    page.get_by_role("button", name="Save and choose a co-founder").click()

    # The invite page says why Pablo, from Spain too, cannot be co-founder, and lets her invite Camille.
    page.get_by_role("heading", name="Choose your co-founder").wait_for()
    page.get_by_role("status").filter(has_text="Your project is saved as a draft.").wait_for()
    project = Project.objects.get()
    assert project.title == f"{TITLE}: Guadalquivir and Loire"
    assert project.status == Project.Status.DRAFT
    assert project.kit is not None
    assert project.kit.title == TITLE
    assert sorted(project.languages) == ["en", "es", "fr"]
    pablo_row = page.get_by_role("listitem").filter(has_text="Pablo Ruiz").filter(has=page.locator(".projects__body"))
    pablo_row.get_by_text("A co-founder must teach in a different country from the founder.").wait_for()
    pablo_row.get_by_text("Who can fix it: You: choose a teacher from another country").wait_for()
    assert pablo_row.get_by_role("button", name=re.compile("Invite as co-founder")).count() == 0
    page.get_by_role("button", name="Invite as co-founder Camille Dubois").click()
    page.get_by_role("status").filter(has_text="Camille Dubois is invited as your co-founder.").wait_for()
    page.get_by_role("heading", name=project.title).wait_for()

    # Camille accepts from her Projects tab.
    camille_context, camille_page = _new_page(browser, live_server)
    _log_in(camille_page, camille.email)
    camille_page.get_by_role("link", name="Projects", exact=True).click()
    camille_page.get_by_role("button", name=f"Accept {project.title}").click()
    camille_page.get_by_role("status").filter(has_text=f"You joined “{project.title}”.").wait_for()
    camille_context.close()
    project.refresh_from_db()
    assert project.status == Project.Status.PENDING

    # Carmen, head teacher of IES Triana and a member of Twinning, confirms from her notification.
    carmen_context, carmen_page = _new_page(browser, live_server)
    _log_in(carmen_page, carmen.email)
    carmen_page.get_by_role("link", name="Notifications", exact=True).click()
    carmen_page.get_by_role("button", name=f"The project “{project.title}” waits for your approval.").click()
    carmen_page.get_by_role("heading", name="Confirm a project of your school").wait_for()
    carmen_page.get_by_label("Comment").fill("Our school takes part gladly.")
    carmen_page.get_by_role("button", name="Confirm the project").click()
    carmen_page.get_by_role("status").filter(has_text="You confirmed the project.").wait_for()
    carmen_context.close()

    # Camille's head teacher has no account: she answers from the link in her email, signed out.
    [email] = [message for message in mail.outbox if message.to == [HEAD_FR_EMAIL]]
    link = re.search(r"https?://\S+/projects/confirm/\S+/", str(email.body))
    assert link is not None
    head_context, head_page = _new_page(browser, live_server)
    head_page.goto(live_server.url + urlsplit(link.group(0)).path)
    head_page.get_by_role("heading", name="A project of your school waits for your confirmation").wait_for()
    head_page.get_by_role("button", name="Confirm the project").click()
    head_page.get_by_text(f"You confirmed the project “{project.title}”.").wait_for()
    head_context.close()

    # The regional service of Andalusia and the two national services approve from Support.
    _approve_from_support(browser, live_server, regional_an, title=project.title, step_kind="Regional approval")
    _approve_from_support(
        browser, live_server, national_es, title=project.title, step_kind="National Support Service approval"
    )
    _approve_from_support(
        browser, live_server, national_fr, title=project.title, step_kind="National Support Service approval"
    )

    # Lucía sees every step approved on the timeline, and the project open.
    page.reload()
    page.get_by_role("heading", name=project.title).wait_for()
    header = page.locator(".projects__header")
    assert header.locator(".badge").inner_text() == "Open"
    steps = page.locator(".projects__timeline > li")
    assert steps.count() == 6
    kinds = [steps.nth(i).get_by_role("heading").inner_text() for i in range(steps.count())]
    for kind in kinds:
        assert kind.endswith("Approved"), kinds
    assert sorted(kind.removesuffix("Approved").strip() for kind in kinds) == sorted(
        ["Co-founder's acceptance"]
        + ["Head teacher's confirmation"] * 2
        + ["Regional approval"]
        + ["National Support Service approval"] * 2
    )
    assert set(ApprovalStep.objects.filter(project=project).values_list("state", flat=True)) == {"approved"}
    page.get_by_role("link", name="Projects", exact=True).click()
    open_section = page.get_by_role("region", name=re.compile(r"^Open"))
    open_section.get_by_role("link", name=project.title).wait_for()

    # In the TwinSpace she makes two pupils' accounts and reads their passwords on the printable list.
    open_section.get_by_role("link", name="Go to TwinSpace").click()
    page.get_by_role("heading", name=project.title, level=1).wait_for()
    space = page.get_by_role("navigation", name="TwinSpace sections")
    space.get_by_role("link", name="Members").click()
    page.get_by_role("link", name="Add pupils").click()
    page.get_by_label("Nicknames, one per line").fill("Otter\nHeron")
    page.get_by_role("button", name="Make the accounts").click()
    page.get_by_role("heading", name="Pupils' login names and passwords").wait_for()
    cards = page.locator(".twinspace__credential")
    assert cards.count() == 2
    credentials = {}
    for i in range(2):
        card = cards.nth(i)
        nickname = card.locator("strong").inner_text()
        credentials[nickname] = (
            card.locator("dt:has-text('Login name') + dd").inner_text().strip(),
            card.locator("dt:has-text('Password') + dd").inner_text().strip(),
        )
        assert card.locator("dt:has-text('Sign in at') + dd").inner_text().strip() == f"{live_server.url}/pupils/login/"
    assert sorted(credentials) == ["Heron", "Otter"]
    login_name, password = credentials["Otter"]
    assert login_name
    assert password
    assert login_name != credentials["Heron"][0]

    # She starts a thread in the forum.
    space.get_by_role("link", name="Forum").click()
    page.get_by_label("Title", exact=True).fill("Our first measurements")
    page.get_by_label("Message", exact=True).fill("Post the temperature of your river here, with the date.")
    page.get_by_role("button", name="Start the thread").click()
    page.get_by_role("heading", name="Our first measurements").wait_for()

    # Otter signs in at the pupils' login and replies.
    pupil_context, pupil_page = _new_page(browser, live_server)
    pupil_page.goto("/pupils/login/")
    pupil_page.get_by_label("Login name").fill(login_name)
    pupil_page.get_by_label("Password").fill(password)
    pupil_page.get_by_role("button", name="Log in").click()
    pupil_page.get_by_role("heading", name="My TwinSpaces").wait_for()
    pupil_page.get_by_role("link", name=project.title).click()
    pupil_page.get_by_role("navigation", name="TwinSpace sections").get_by_role("link", name="Forum").click()
    pupil_page.get_by_role("link", name="Our first measurements").click()
    pupil_page.get_by_label("Your reply").fill("Our river was 14 degrees on Monday morning.")
    pupil_page.get_by_role("button", name="Post the reply").click()
    pupil_page.get_by_text("Our river was 14 degrees on Monday morning.").wait_for()
    pupil_context.close()
    assert Post.objects.filter(author__is_pupil=True, author__first_name="Otter").count() == 1

    # Lucía reads the pupil's reply.
    page.reload()
    page.get_by_role("list", name="Messages in this thread").get_by_text(
        "Our river was 14 degrees on Monday morning."
    ).wait_for()

    # Nothing Lucía's pages asked for came from another host.
    own = urlsplit(live_server.url).netloc
    assert requested_urls
    assert {urlsplit(url).netloc for url in requested_urls if urlsplit(url).scheme in ("http", "https")} == {own}
