"""The "(?)" page: the rules for everyone, the viewer's next actions when signed in."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from tests.accounts.factories import UserFactory
from twinning.progress.rules import RULES, Area, area_caps
from twinning.progress.selectors import progress_explained, progress_summary, rules_by_area
from twinning.progress.services import progress_record

pytestmark = pytest.mark.django_db

PERSONAL_HEADING = "What would still count for you"


def test_anonymous_visitor_sees_every_area_and_rule_but_nothing_personal(client):
    response = client.get(reverse("progress:help"))

    assert response.status_code == 200
    html = response.content.decode()
    for area in Area:
        assert escape(str(area.label)) in html
    for rule in RULES.values():
        assert escape(str(rule.label)) in html
    assert PERSONAL_HEADING not in html
    assert "Sign in to see your own progress" in html


def test_each_rule_shows_its_cap(client):
    response = client.get(reverse("progress:help"))

    rows = dict(re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", response.content.decode()))
    for rule in RULES.values():
        expected = "1 time" if rule.cap == 1 else f"{rule.cap} times"
        assert rows[escape(str(rule.label))] == expected


def test_areas_without_rules_say_nothing_counts_yet(client):
    empty = [a for a, cap in area_caps().items() if cap == 0]
    response = client.get(reverse("progress:help"))

    html = response.content.decode()
    assert html.count("Nothing counts in this area yet") == len(empty)


def test_signed_in_teacher_sees_next_actions_which_shrink_as_actions_are_recorded(client):
    user = UserFactory()
    client.force_login(user)

    before = client.get(reverse("progress:help"))
    assert PERSONAL_HEADING in before.content.decode()
    assert [r.kind for r in before.context["next_actions"]] == list(RULES)
    assert escape(str(RULES["photo_added"].hint)) in before.content.decode()

    progress_record(user=user, kind="photo_added")
    progress_record(user=user, kind="first_login")

    after = client.get(reverse("progress:help"))
    kinds = [r.kind for r in after.context["next_actions"]]
    assert "photo_added" not in kinds
    assert "first_login" not in kinds
    assert len(kinds) == len(RULES) - 2
    assert escape(str(RULES["photo_added"].hint)) not in after.content.decode()
    assert escape(str(RULES["about_written"].hint)) in after.content.decode()


def test_someone_who_did_everything_is_told_so(client):
    user = UserFactory()
    for kind, rule in RULES.items():
        for n in range(rule.cap):
            progress_record(user=user, kind=kind, key=str(n))
    client.force_login(user)

    response = client.get(reverse("progress:help"))

    assert response.context["next_actions"] == []
    assert "Everything that counts today is done" in response.content.decode()


def test_explained_selector_leaves_out_the_personal_part_for_anonymous():
    context = progress_explained(user=None)

    assert context["summary"] is None
    assert context["next_actions"] == []
    assert [group.area for group in context["areas"]] == list(Area)


def test_rules_by_area_covers_every_rule_once():
    grouped = [rule.kind for group in rules_by_area() for rule in group.rules]

    assert sorted(grouped) == sorted(RULES)
    assert {g.area.value: g.cap for g in rules_by_area()} == area_caps()


def test_bar_include_is_accessible():
    user = UserFactory()
    progress_record(user=user, kind="first_login")
    summary = progress_summary(user=user)

    html = render_to_string("progress/_bar.html", {"progress": summary})

    assert html.count('role="progressbar"') == 1 + len(Area)
    assert f'aria-valuenow="{summary.percent}"' in html
    assert 'aria-label="How progress works"' in html
    assert reverse("progress:help") in html
    elementary = summary.areas[0]
    assert f"{elementary.counted} of {elementary.cap}" in html
    for area in Area:
        assert escape(str(area.label)) in html
