"""The self-learning part of the progress bar: completed modules counted beside the five areas, never in them."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from twinning.progress.rules import RULES, SELF_LEARNING_KINDS, area_caps
from twinning.progress.selectors import progress_summary
from twinning.progress.services import progress_record

pytestmark = pytest.mark.django_db


def test_module_completed_is_a_self_learning_kind_outside_the_five_areas():
    assert "module_completed" in SELF_LEARNING_KINDS
    assert "module_completed" not in RULES


def test_summary_counts_completed_modules_apart_and_leaves_the_areas_untouched():
    user = UserFactory()
    before = progress_summary(user=user)
    for key in ("1", "2", "3"):
        assert progress_record(user=user, kind="module_completed", key=key)
    assert not progress_record(user=user, kind="module_completed", key="1")
    after = progress_summary(user=user)
    assert after.self_learning == 3
    assert before.self_learning == 0
    assert [a.counted for a in after.areas] == [a.counted for a in before.areas]
    assert after.percent == before.percent == 0
    assert after.cap == sum(area_caps().values())
    assert all(rule.kind != "module_completed" for rule in after.next_actions())


def test_unknown_kinds_are_still_refused():
    with pytest.raises(ValueError, match="Unknown progress action kind"):
        progress_record(user=UserFactory(), kind="module_complete", key="1")


def _self_learning_line(html: str) -> str:
    match = re.search(r'<p class="progress__self-learning">(.*?)</p>', html, re.S)
    assert match, "the bar has no self-learning line"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_profile_shows_the_self_learning_count_beside_the_areas(client, teacher_es):
    client.force_login(teacher_es)
    url = reverse("profiles:detail", args=[teacher_es.pk])
    assert _self_learning_line(client.get(url).content.decode()) == "Self-learning 0 modules completed"
    progress_record(user=teacher_es, kind="module_completed", key="7")
    assert _self_learning_line(client.get(url).content.decode()) == "Self-learning 1 module completed"
    progress_record(user=teacher_es, kind="module_completed", key="8")
    assert _self_learning_line(client.get(url).content.decode()) == "Self-learning 2 modules completed"
