"""Hostile text in groups and partner finding, rendered by Chromium: nothing of it runs.

The shared payloads (`tests/xss_payloads.py`) are stored through the services
(quicker than the forms, which the page tests already use) as group thread
titles and messages, project ideas' titles, descriptions and keywords, and
public replies to an idea. Then the pages that show them are opened in the
browser with `alert`, `confirm`, `prompt` and a marker function replaced by
recorders, and a listener for real dialogs. On every page: no dialog, nothing
recorded, no navigation away, no request to another host, and no more scripts,
event-handler attributes or embedding elements than the same page shows for
harmless text; every payload is on the page as text.
"""

import textwrap
from collections.abc import Sequence
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.groups.factories import add_member, make_group
from tests.schools.factories import EmploymentFactory, SchoolFactory
from tests.xss_payloads import XSS_PAYLOADS
from twinning.accounts.models import User
from twinning.discussions.models import Thread
from twinning.discussions.services import post_reply, thread_start
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import idea_access
from twinning.forums.services import category_create, idea_publish
from twinning.groups.models import Group
from twinning.groups.permissions import group_access
from twinning.groups.services import activity_forum_access

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "__xssMarker"
INIT_SCRIPT = textwrap.dedent(
    f"""
    window.__xss = [];
    (() => {{
      const recorder = (kind) => function () {{
        window.__xss.push(kind + ":" + Array.from(arguments).map(String).join(","));
      }};
      window.alert = recorder("alert");
      window.confirm = recorder("confirm");
      window.prompt = recorder("prompt");
      window.{MARKER} = recorder("marker");
    }})();
    """
)
# What the page offers to run script or embed content: compared with the same page holding harmless text.
DOM_PROBE = """() => {
  const all = Array.from(document.querySelectorAll("*"));
  const handlers = all.filter((el) => Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith("on")));
  const urls = all.filter((el) => ["href", "src", "action", "data", "formaction", "xlink:href"].some((name) => {
    const value = (el.getAttribute(name) || "").replace(/[\\s\\x00-\\x1f]/g, "").toLowerCase();
    return value.startsWith("javascript:") || value.startsWith("data:");
  }));
  const count = (selector) => document.querySelectorAll(selector).length;
  return {
    scripts: count("script"),
    handlers: handlers.length,
    scriptUrls: urls.length,
    embeds: count("iframe, object, embed, frame, frameset, img, svg, math, video, audio, source"),
    headTags: count("base, meta[http-equiv], link:not([rel=stylesheet]):not([rel=icon])"),
    forms: count("form"),
    styles: count("style, [style]"),
  };
}"""
MAX_KEYWORDS = 300


def _marked(payload: str) -> str:
    """The payload calling the page's marker instead of `alert` (both are recorded if they ever run)."""
    return payload.replace("alert(", f"{MARKER}(")


def _shown(payload: str) -> str:
    return " ".join(payload.split())


def _all_shown(texts: list[str], payloads: list[str]) -> None:
    """Every payload is shown as text on one of the pages (of a list split into pages)."""
    missing = [payload for payload in payloads if not any(_shown(payload) in text for text in texts)]
    assert missing == [], missing


def _teacher(email: str) -> User:
    user: User = UserFactory(email=email, is_validated=True)  # type: ignore[assignment]
    EmploymentFactory(teacher=user, school=SchoolFactory(country="FR"))
    return user


def _keyword_bundles(payloads: list[str]) -> list[str]:
    """The payloads packed into as few keyword fields (at most 300 characters) as they fit in."""
    bundles: list[str] = []
    current = ""
    for payload in payloads:
        candidate = f"{current}, {payload}" if current else payload
        if len(candidate) > MAX_KEYWORDS:
            bundles.append(current)
            candidate = payload
        current = candidate
    bundles.append(current)
    return bundles


def _category(slug: str) -> Category:
    return category_create(name=f"Forum {slug}", slug=slug, kind=Category.Kind.OTHER)


def _idea(author: User, category: Category, *, title: str, description: str, keywords: str) -> Idea:
    return idea_publish(
        actor=author,
        category=category,
        title=title,
        description=description,
        age_bands=["10-12"],
        subjects=["history"],
        languages=["en"],
        countries_wanted=["IT"],
        keywords=keywords,
    )


class Probe:
    """A signed-in page that records dialogs, recorder calls and requests, and checks one URL at a time."""

    def __init__(self, browser, live_server, user: User) -> None:
        self.context = browser.new_context(base_url=live_server.url, locale="en-GB", service_workers="block")
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(INIT_SCRIPT)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.host = urlsplit(live_server.url).netloc
        self.page.on("dialog", self._on_dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("popup", lambda popup: self.dialogs.append(f"popup {popup.url}"))
        self.page.goto("/accounts/login/")
        self.page.get_by_label("Email").fill(user.email)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign In").click()
        self.page.get_by_role("link", name="Home", exact=True).first.wait_for()

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def dom(self, url: str) -> dict[str, int]:
        """Opens `url` and returns what its DOM offers to run script (see DOM_PROBE)."""
        response = self.page.goto(url)
        assert response is not None
        assert response.status == 200, (url, response.status)
        return self.page.evaluate(DOM_PROBE)

    def check(self, url: str, *, baseline: dict[str, int], payloads: Sequence[str] = ()) -> str:
        """`url` runs none of the payloads and shows `payloads` as text; returns its main text."""
        self.requests.clear()
        found = self.dom(url)
        self.page.wait_for_timeout(250)
        assert self.dialogs == [], (url, self.dialogs)
        assert self.page.evaluate("window.__xss") == [], url
        assert urlsplit(self.page.url).path == urlsplit(url).path, (url, self.page.url)
        assert found == baseline, (url, found, baseline)
        assert self.page.evaluate(DOM_PROBE) == baseline, url
        foreign = [request for request in self.requests if urlsplit(request).netloc not in ("", self.host)]
        assert foreign == [], (url, foreign)
        text = _shown(self.page.locator("main").text_content() or "")
        missing = [payload for payload in payloads if _shown(payload) not in text]
        assert missing == [], (url, missing)
        return text

    def close(self) -> None:
        self.context.close()


def test_payloads_in_group_discussions_run_nothing(browser, live_server):
    assert len(XSS_PAYLOADS) >= 50
    admin = _teacher("admin@example.org")
    reader = _teacher("reader@example.org")
    hostile = make_group(admin=admin, name="Hostile words", kind=Group.Kind.CLOSED)
    harmless = make_group(admin=admin, name="Harmless words", kind=Group.Kind.CLOSED)
    for group in (hostile, harmless):
        add_member(group, reader)
    access = activity_forum_access(group_access(admin, hostile))
    assert hostile.forum is not None
    assert harmless.forum is not None
    # One thread per payload, its title and first message the payload itself.
    for payload in XSS_PAYLOADS:
        thread_start(actor=admin, forum=hostile.forum, access=access, title=payload, body=_marked(payload))
    # And one thread whose replies are the payloads calling the marker.
    replies = thread_start(
        actor=admin, forum=hostile.forum, access=access, title=XSS_PAYLOADS[0], body="Replies follow."
    )
    for payload in XSS_PAYLOADS:
        post_reply(actor=admin, thread=replies, access=access, body=_marked(payload))
    calm = thread_start(
        actor=admin,
        forum=harmless.forum,
        access=activity_forum_access(group_access(admin, harmless)),
        title="Plain words",
        body="Nothing to see.",
    )
    assert Thread.objects.filter(forum=hostile.forum).count() == len(XSS_PAYLOADS) + 1

    probe = Probe(browser, live_server, reader)
    try:
        threads_base = probe.dom(f"/groups/{harmless.pk}/discussions/")
        thread_base = probe.dom(f"/groups/{harmless.pk}/discussions/{calm.pk}/")
        # 25 threads a page: the payload threads fill three pages; every title is on one of them.
        texts = [
            probe.check(f"/groups/{hostile.pk}/discussions/?page={number}", baseline=threads_base)
            for number in (1, 2, 3)
        ]
        _all_shown(texts, XSS_PAYLOADS)
        # 50 messages a page, oldest first: the opening message and 71 replies on two pages.
        bodies = ["Replies follow.", *(_marked(payload) for payload in XSS_PAYLOADS)]
        for number, shown in ((1, bodies[:50]), (2, bodies[50:])):
            probe.check(
                f"/groups/{hostile.pk}/discussions/{replies.pk}/?page={number}",
                baseline=thread_base,
                payloads=[XSS_PAYLOADS[0], *shown],
            )
        # A thread opened by a payload, with its payload message.
        first = Thread.objects.filter(forum=hostile.forum).order_by("pk").first()
        assert first is not None
        probe.check(
            f"/groups/{hostile.pk}/discussions/{first.pk}/",
            baseline=thread_base,
            payloads=[XSS_PAYLOADS[0], _marked(XSS_PAYLOADS[0])],
        )
    finally:
        probe.close()


def test_payloads_in_project_ideas_and_replies_run_nothing(browser, live_server):
    author = _teacher("author@example.org")
    reader = _teacher("reader@example.org")
    replier = _teacher("replier@example.org")
    titles = _category("hostile-titles")
    bundles = _category("hostile-bundles")
    harmless = _category("harmless")
    # One idea per payload (title, description and keywords the payload) ...
    for payload in XSS_PAYLOADS:
        _idea(author, titles, title=payload, description=payload, keywords=payload)
    # ... and ideas whose description holds every payload and whose keywords hold as many as fit.
    description = "\n\n".join(XSS_PAYLOADS)
    bundled = [
        (payload, keywords, _idea(author, bundles, title=payload, description=description, keywords=keywords))
        for payload, keywords in zip(XSS_PAYLOADS, _keyword_bundles(XSS_PAYLOADS), strict=False)
    ]
    # The first bundle takes every payload as a public reply.
    answered = bundled[0][2]
    access = idea_access(replier, answered).replies()
    for payload in XSS_PAYLOADS:
        post_reply(actor=replier, thread=answered.thread, access=access, body=payload)
    calm = _idea(author, harmless, title="Plain idea", description="Nothing to see.", keywords="plain, calm")
    post_reply(actor=replier, thread=calm.thread, access=idea_access(replier, calm).replies(), body="A calm reply.")

    probe = Probe(browser, live_server, reader)
    try:
        search_base = probe.dom(reverse("search:ideas") + f"?category={harmless.slug}")
        idea_base = probe.dom(reverse("forums:idea", args=[calm.pk]))
        # The idea search: titles and descriptions, 20 a page; every payload is on one of the four pages.
        texts = [
            probe.check(reverse("search:ideas") + f"?category={titles.slug}&page={number}", baseline=search_base)
            for number in (1, 2, 3, 4)
        ]
        _all_shown(texts, XSS_PAYLOADS)
        # Each bundle's page: its title, every payload in the description, its keywords.
        for title, keywords, idea in bundled[1:]:
            probe.check(
                reverse("forums:idea", args=[idea.pk]), baseline=idea_base, payloads=[title, keywords, *XSS_PAYLOADS]
            )
        # The answered idea: 50 replies a page.
        for number, shown in ((1, XSS_PAYLOADS[:50]), (2, XSS_PAYLOADS[50:])):
            probe.check(
                reverse("forums:idea", args=[answered.pk]) + f"?page={number}",
                baseline=idea_base,
                payloads=[bundled[0][0], bundled[0][1], *shown],
            )
    finally:
        probe.close()
