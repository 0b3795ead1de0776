"""Groups and partner finding in a real browser.

A teacher asks for a closed group, the central support service approves it,
she invites a contact who accepts and starts a discussion; then a teacher
publishes a project idea, another finds it with the idea search's filters and
answers it publicly, and the author reads the answer from her notification.
"""

import re
from urllib.parse import urlsplit

import pytest

from tests.accounts.factories import PASSWORD, UserFactory, make_officer
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import SupportService, User
from twinning.discussions.models import Post
from twinning.forums.models import Category, Idea
from twinning.forums.services import category_create, idea_publish
from twinning.groups.models import Group, Invitation, Membership
from twinning.network.services import contact_create

pytestmark = pytest.mark.django_db(transaction=True)

GROUP = "Teaching with rivers"
THREAD = "Our first field trip"
THREAD_BODY = "We walked along the river and counted the birds. What did your class find?"
IDEA = "Rivers and water quality across Europe"
IDEA_KEYWORDS = "rivers, water quality, field work"
REPLY = "My class in Seville would love to compare the Guadalquivir with your river."


def _teacher(*, email: str, first: str, last: str, country: str) -> User:
    user: User = UserFactory(email=email, first_name=first, last_name=last, is_validated=True)  # type: ignore[assignment]
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country))
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


def _status(page, text: str) -> None:
    page.get_by_role("status").filter(has_text=text).first.wait_for()


def _own_host_only(live_server, urls: list[str]) -> None:
    own = urlsplit(live_server.url).netloc
    assert urls
    assert {urlsplit(url).netloc for url in urls if urlsplit(url).scheme in ("http", "https")} == {own}


def _forum(slug: str, name: str, age_band: str) -> Category:
    """A default partner-finding forum (another transactional test may have emptied the tables)."""
    found = Category.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return category_create(name=name, slug=slug, kind=Category.Kind.AGE, age_band=age_band)


def test_closed_group_requested_approved_invited_and_discussed(browser, live_server, page, requested_urls):
    central = make_officer(
        kind=SupportService.Kind.CENTRAL, email="anna@example.org", first_name="Anna", last_name="Novak"
    )
    marta = _teacher(email="marta@example.org", first="Marta", last="Kowalska", country="PL")
    jonas = _teacher(email="jonas@example.org", first="Jonas", last="Berg", country="DE")
    contact_create(first=marta, second=jonas)

    # Marta asks for a closed group from Groups, with the form.
    _log_in(page, marta.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups", exact=True).click()
    page.get_by_role("heading", name="Groups", level=1).wait_for()
    page.get_by_role("link", name="Ask for a new group").click()
    form = page.locator("main form")
    form.get_by_label("Name").fill(GROUP)
    form.get_by_label("Description").fill("For teachers who take their pupils to the river.")
    form.get_by_label("Aims").fill("Share field-trip plans and what the pupils found.")
    form.get_by_label("Topic").select_option(label="Geography")
    form.get_by_label("Language").select_option(label="English")
    form.get_by_label("Closed: by invitation only").check()
    form.get_by_role("button", name="Send the request").click()
    _status(page, f"Your request for “{GROUP}” is sent")
    requests = page.get_by_role("region", name="My requests")
    requests.get_by_text(GROUP).wait_for()
    group = Group.objects.get(name=GROUP)
    assert group.status == Group.Status.REQUESTED
    assert group.kind == Group.Kind.CLOSED
    assert group.requested_by == marta

    # Anna, of the central support service, approves it from Support -> Group requests.
    anna_context, anna = _new_page(browser, live_server)
    _log_in(anna, central.email)
    anna.get_by_role("link", name="Support", exact=True).click()
    anna.get_by_role("navigation", name="Support queues").get_by_role("link", name="Group requests").click()
    rows = anna.get_by_role("row").filter(has_text=GROUP)
    assert rows.count() == 1
    assert "Marta Kowalska" in rows.inner_text()
    rows.get_by_role("button", name=re.compile(rf"^Approve\s*: {re.escape(GROUP)}$")).click()
    _status(anna, f"“{GROUP}” is approved and open.")
    anna.get_by_text("No group request is waiting.").wait_for()
    anna_context.close()
    group.refresh_from_db()
    assert group.status == Group.Status.APPROVED
    assert Membership.objects.get(group=group, user=marta).role == Membership.Role.ADMIN

    # Before any invitation, Jonas finds nothing of the closed group's discussions.
    jonas_context, jonas_page = _new_page(browser, live_server)
    _log_in(jonas_page, jonas.email)
    response = jonas_page.goto(f"/groups/{group.pk}/discussions/")
    assert response is not None
    assert response.status == 404

    # Marta opens her group from the notification and invites Jonas, a contact, from the invite page.
    page.get_by_role("link", name="Notifications", exact=True).click()
    page.get_by_role("button", name=re.compile(re.escape(f"approved your group “{GROUP}”"))).click()
    page.get_by_role("heading", name=GROUP, level=1).wait_for()
    sections = page.get_by_role("navigation", name="Group sections")
    sections.get_by_role("link", name=re.compile(r"^Members")).click()
    page.get_by_role("link", name="Invite teachers").click()
    page.get_by_role("heading", name="Your contacts").wait_for()
    page.get_by_role("button", name=re.compile(r"^Invite\s*: Jonas Berg$")).click()
    _status(page, "Jonas Berg is invited.")
    assert Invitation.objects.get(group=group, invitee=jonas).state == Invitation.State.PENDING

    # Jonas accepts from his notification, then starts a thread in the group's Discussions.
    jonas_page.get_by_role("link", name="Notifications", exact=True).click()
    jonas_page.get_by_role(
        "button", name=re.compile(re.escape(f"Marta Kowalska invites you to join the group “{GROUP}”."))
    ).click()
    jonas_page.get_by_role("heading", name="My group invitations").wait_for()
    invitation = jonas_page.get_by_role("listitem").filter(has_text=GROUP)
    invitation.get_by_role("button", name="Accept").click()
    _status(jonas_page, f"Welcome to “{GROUP}”.")
    jonas_page.get_by_role("heading", name=GROUP, level=1).wait_for()
    assert Membership.objects.get(group=group, user=jonas).role == Membership.Role.MEMBER
    jonas_page.get_by_role("navigation", name="Group sections").get_by_role("link", name="Discussions").click()
    jonas_page.get_by_label("Title", exact=True).fill(THREAD)
    jonas_page.get_by_label("Message", exact=True).fill(THREAD_BODY)
    jonas_page.get_by_role("button", name="Start the thread").click()
    jonas_page.get_by_role("heading", name=THREAD).wait_for()
    jonas_context.close()
    assert Post.objects.filter(author=jonas, thread__forum=group.forum, body=THREAD_BODY).count() == 1

    # Marta reads Jonas's message in the group's Discussions.
    sections = page.get_by_role("navigation", name="Group sections")
    sections.get_by_role("link", name="Discussions").click()
    page.get_by_role("link", name=THREAD).click()
    page.get_by_role("heading", name=THREAD).wait_for()
    messages = page.get_by_role("list", name="Messages in this thread")
    messages.get_by_text(THREAD_BODY).wait_for()
    assert "Jonas Berg" in messages.inner_text()

    # Nothing Marta's pages asked for came from another host.
    _own_host_only(live_server, requested_urls)


def test_idea_published_found_with_filters_and_answered(browser, live_server, page, requested_urls):
    forum = _forum("ages-13-15", "Pupils aged 13 to 15", "13-15")
    sofia = _teacher(email="sofia@example.org", first="Sofia", last="Rossi", country="IT")
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", country="ES")
    other = _teacher(email="piet@example.org", first="Piet", last="Jansen", country="NL")
    # Ideas on the same keyword that one filter each rules out.
    decoys = {
        "River ages decoy": {"age_bands": ["7-9"], "languages": ["en"], "countries_wanted": ["ES"]},
        "River language decoy": {"age_bands": ["13-15"], "languages": ["de"], "countries_wanted": ["ES"]},
        "River country decoy": {"age_bands": ["13-15"], "languages": ["en"], "countries_wanted": ["PT"]},
    }
    for title, fields in decoys.items():
        idea_publish(
            actor=other,
            category=forum,
            title=title,
            description="Pupils test the water of their river.",
            subjects=["geography"],
            keywords="water",
            **fields,  # type: ignore[arg-type]
        )

    # Sofia publishes her idea from Partner finding, with the form.
    _log_in(page, sofia.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partner finding").click()
    page.get_by_role("heading", name="Partner finding", level=1).wait_for()
    page.get_by_role("link", name="Publish a project idea").first.click()
    page.get_by_role("heading", name="Publish a project idea").wait_for()
    form = page.locator("main form")
    form.get_by_label("Forum").select_option(label=forum.name)
    form.get_by_label("Title").fill(IDEA)
    form.get_by_label("Your idea").fill(
        "Our pupils measure the water of the Tiber every week; measure yours and compare."
    )
    form.get_by_role("group", name="Pupils' ages").get_by_label("13 to 15").check()
    form.get_by_role("group", name="Subjects").get_by_label("Geography").check()
    languages = form.get_by_role("group", name="Languages of the project")
    languages.get_by_label("English").check()
    languages.get_by_label("Italian").check()
    form.get_by_label("Partner countries wanted").select_option(label=["Spain", "France"])
    form.get_by_label("Keywords").fill(IDEA_KEYWORDS)
    form.get_by_label("When I can start").fill("From October, for the school year.")
    form.get_by_role("button", name="Publish").click()
    _status(page, "Your idea is published.")
    page.get_by_role("heading", name=IDEA, level=1).wait_for()
    idea = Idea.objects.get(title=IDEA)
    assert idea.author == sofia
    assert idea.age_bands == ["13-15"]
    assert sorted(idea.languages) == ["en", "it"]
    assert sorted(idea.countries_wanted) == ["ES", "FR"]
    assert idea.keywords == IDEA_KEYWORDS

    # Lucía finds it with the idea search: a keyword, the pupils' age, a language and her country.
    lucia_context, lucia_page = _new_page(browser, live_server)
    lucia_urls: list[str] = []
    lucia_page.on("request", lambda request: lucia_urls.append(request.url))
    _log_in(lucia_page, lucia.email)
    lucia_page.get_by_role("navigation", name="Main").get_by_role("link", name="Partner finding").click()
    search = lucia_page.get_by_role("search", name="Search the ideas")
    search.get_by_label("Keywords").fill("water")
    search.get_by_label("Pupils' age").select_option(label="13 to 15")
    search.get_by_label("Language").select_option(label="English")
    search.get_by_label("Partner country").select_option(label="Spain")
    search.get_by_role("button", name="Search").click()
    lucia_page.get_by_role("heading", name="Find project ideas").wait_for()
    results = lucia_page.get_by_role("region", name="Project ideas found")
    results.get_by_role("link", name=IDEA).wait_for()
    assert results.locator(".search-idea").count() == 1
    for title in decoys:
        assert results.get_by_text(title).count() == 0
    query = dict(part.split("=", 1) for part in urlsplit(lucia_page.url).query.split("&"))
    assert (query["q"], query["age"], query["language"], query["country"]) == ("water", "13-15", "en", "ES")

    # She answers publicly from the idea's page.
    results.get_by_role("link", name=IDEA).click()
    lucia_page.get_by_role("heading", name=IDEA, level=1).wait_for()
    lucia_page.get_by_label("Your reply").fill(REPLY)
    lucia_page.get_by_role("button", name="Post the reply").click()
    lucia_page.get_by_text(REPLY).first.wait_for()
    lucia_context.close()
    _own_host_only(live_server, lucia_urls)
    assert Post.objects.filter(thread=idea.thread, author=lucia, body=REPLY).count() == 1

    # Sofia is told, and reads the reply on her idea's page.
    page.get_by_role("link", name="Notifications", exact=True).click()
    page.get_by_role("button", name=re.compile(re.escape(f"Lucía García answered your project idea “{IDEA}”."))).click()
    page.get_by_role("heading", name=IDEA, level=1).wait_for()
    replies = page.get_by_role("list", name="Replies to this idea")
    replies.get_by_text(REPLY).wait_for()
    assert "Lucía García" in replies.inner_text()
    _own_host_only(live_server, requested_urls)
