"""The progress rules: which action kinds count, in which area, and up to how many times.

Other apps add their kinds here when they start recording them; a kind not
listed here is refused by `progress_record`, so a typo cannot pass silently.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary")
    COMMUNICATION = "communication", _("Communication")
    COOPERATION = "cooperation", _("Cooperation")
    NETWORK = "network", _("eTwinning network and professional development")
    QUALITY = "quality", _("Quality")


@dataclass(frozen=True)
class Rule:
    """An action kind: its area, how many of it count at most, and how to tell users about it."""

    kind: str
    area: Area
    cap: int
    label: Promise
    hint: Promise


RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in [
        Rule("first_login", Area.ELEMENTARY, 1, _("Logged in for the first time"), _("Log in to Twinning.")),
        Rule("school_added", Area.ELEMENTARY, 1, _("Added a school"), _("Add the school where you work.")),
        Rule("photo_added", Area.ELEMENTARY, 1, _("Added a profile photo"), _("Add a photo to your profile.")),
        Rule("about_written", Area.ELEMENTARY, 1, _("Wrote about yourself"), _("Write a few lines about yourself.")),
        Rule(
            "profile_complete",
            Area.ELEMENTARY,
            1,
            _("Completed your profile"),
            _("Fill in your photo, about text, subjects, languages and pupils' ages."),
        ),
        Rule(
            "follow",
            Area.COMMUNICATION,
            10,
            _("Followed a teacher"),
            _("Follow teachers whose work interests you, from their profile page."),
        ),
        Rule(
            "contact_made",
            Area.COMMUNICATION,
            10,
            _("Made a contact"),
            _("Invite teachers you would like to work with as contacts, or accept their invitations."),
        ),
        Rule(
            "message_sent",
            Area.COMMUNICATION,
            10,
            _("Wrote a private message"),
            _("Write to a contact or to a teacher whose profile interests you."),
        ),
        Rule(
            "post_written",
            Area.COMMUNICATION,
            10,
            _("Posted on your profile"),
            _("Share news of your class or an idea on your profile; your followers see it on their Home page."),
        ),
        Rule(
            "project_founded",
            Area.ELEMENTARY,
            1,
            _("Founded a project"),
            _("Found a project from the Projects page and invite a contact from another country."),
        ),
        Rule(
            "project_joined",
            Area.COOPERATION,
            5,
            _("Took part in a project"),
            _("Join a project as a founder or a partner: it counts once it is approved."),
        ),
        Rule(
            "twinspace_page_created",
            Area.COOPERATION,
            10,
            _("Created a TwinSpace page"),
            _("Add a page in one of your projects' TwinSpaces to show your pupils' work."),
        ),
        Rule(
            "twinspace_material_shared",
            Area.COOPERATION,
            10,
            _("Shared a material in a TwinSpace"),
            _("Upload a document or a picture to a TwinSpace's Materials."),
        ),
        Rule(
            "twinspace_forum_post",
            Area.COOPERATION,
            10,
            _("Wrote in a TwinSpace forum"),
            _("Start a thread or reply in a TwinSpace forum or on the teachers' board."),
        ),
        Rule(
            "idea_written",
            Area.ELEMENTARY,
            1,
            _("Wrote a project idea"),
            _("Publish a project idea in the partner-finding forums to find partners."),
        ),
        Rule(
            "group_joined",
            Area.NETWORK,
            5,
            _("Joined a group"),
            _("Join a group on a topic you care about, from the Groups page."),
        ),
        Rule(
            "group_activity_joined",
            Area.NETWORK,
            10,
            _("Took part in a group activity"),
            _("Answer an activity a group's moderators have set."),
        ),
        Rule(
            "group_moderated",
            Area.QUALITY,
            1,
            _("Moderated a group"),
            _("Run a group as its administrator or moderator."),
        ),
        Rule(
            "group_activity_run",
            Area.QUALITY,
            5,
            _("Ran a group activity"),
            _("As a group's moderator, set an activity for its members."),
        ),
        Rule(
            "event_attended",
            Area.NETWORK,
            10,
            _("Attended an event"),
            _("Register for an event in the Events calendar and take part in it."),
        ),
        Rule(
            "seminar_attended",
            Area.NETWORK,
            10,
            _("Attended an online seminar"),
            _("Apply for an online seminar in Professional development and join it in its video room."),
        ),
        Rule(
            "course_completed",
            Area.NETWORK,
            5,
            _("Completed a learning event"),
            _("Apply for a learning event in Professional development and complete its activities."),
        ),
        Rule(
            "event_organised",
            Area.QUALITY,
            5,
            _("Organised an event"),
            _("Organise a workshop, a presentation or a partner-search session for other teachers."),
        ),
    ]
}


SELF_LEARNING_KINDS: dict[str, Promise] = {
    "module_completed": _("Completed a self-learning module"),
}
"""Kinds of the self-learning part: counted apart, beside the five areas, with no cap and no share of the bar."""


def is_known_kind(kind: str) -> bool:
    return kind in RULES or kind in SELF_LEARNING_KINDS


def area_caps() -> dict[str, int]:
    """The most an area can count: the sum of its kinds' caps."""
    caps: dict[str, int] = {area.value: 0 for area in Area}
    for rule in RULES.values():
        caps[rule.area.value] += rule.cap
    return caps
