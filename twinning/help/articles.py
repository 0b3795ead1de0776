"""The help articles: a slug, a title, a one-line summary and the template holding the text."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Article:
    slug: str
    title: Promise
    summary: Promise

    @property
    def template_name(self) -> str:
        return f"help/articles/{self.slug}.html"


ARTICLES: dict[str, Article] = {
    article.slug: article
    for article in [
        Article(
            "getting-started",
            _("Getting started"),
            _("From signing up to finding your first partner, step by step."),
        ),
        Article(
            "validation",
            _("Validation: why and who"),
            _("Why we confirm that you work at a school, who does it, and how long it takes."),
        ),
        Article(
            "profile-and-privacy",
            _("Your profile and your privacy"),
            _("What your profile shows, who can see it, and how to change that at any time."),
        ),
        Article(
            "progress",
            _("The progress bar"),
            _("What the bar measures, the five areas, and why each action counts only so many times."),
        ),
        Article(
            "projects",
            _("Projects and the approval steps"),
            _("Founding a project with a partner abroad, who approves it, and what happens while you wait."),
        ),
        Article(
            "twinspace",
            _("The TwinSpace and its roles"),
            _("The shared workspace of an approved project: its sections and who may do what there."),
        ),
        Article(
            "partner-finding",
            _("Partner finding"),
            _("Publishing a project idea, held ideas, answering in public or in private, and closing an idea."),
        ),
        Article(
            "groups",
            _("Groups"),
            _("Asking for a group, open and closed groups, moderators and activities."),
        ),
        Article(
            "events",
            _("Events"),
            _("Organising an event, registering, the waiting list, the video room and your calendar."),
        ),
        Article(
            "professional-development",
            _("Professional development"),
            _("Learning events, online seminars, self-learning modules and your certificates."),
        ),
        Article(
            "pupil-accounts",
            _("Pupil accounts"),
            _("For teachers: making accounts for your pupils, printing their logins, new passwords and removal."),
        ),
    ]
}
