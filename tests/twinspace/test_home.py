"""Home and the pupils' wall: pagination, pin and unpin, deletion behind a confirmation, comment counts;
and what a pupil sees there and in the member list (names only, no teachers' addresses or profile links)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import needs_concurrent_connections, run_together
from tests.twinspace.factories import make_twinspace
from twinning.twinspace.models import Comment, Update
from twinning.twinspace.services import comment_add, comment_delete, update_post
from twinning.twinspace.views import UPDATES_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_twinspace()


def _url(name, cast, *args):
    return reverse(f"twinspace:{name}", args=[cast.twinspace.pk, *args])


def _post(cast, body, *, board="home", author=None, minutes_ago=0):
    update = update_post(actor=author or cast.teacher_admin, twinspace=cast.twinspace, board=board, body=body)
    Update.objects.filter(pk=update.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return update


def _bodies(response):
    return re.findall(r'<div class="post__body"><p>(.*?)</p>', response.content.decode())


def test_home_is_paginated_newest_first_with_pinned_on_top(client, cast):
    total = UPDATES_PER_PAGE + 5
    updates = [_post(cast, f"News {n}", minutes_ago=n) for n in range(total)]
    oldest = updates[-1]
    client.force_login(cast.teacher_admin)
    client.post(_url("update_pin", cast, oldest.pk), {"pinned": "1"})

    first = client.get(_url("home", cast))
    second = client.get(_url("home", cast) + "?page=2")

    assert _bodies(first)[:3] == [f"News {total - 1}", "News 0", "News 1"]
    assert len(_bodies(first)) == UPDATES_PER_PAGE
    assert 'href="?page=2"' in first.content.decode()
    assert len(_bodies(second)) == 5
    assert f"News {total - 1}" not in _bodies(second)
    assert client.get(_url("home", cast) + "?page=99").status_code == 200  # past the end: the last page

    client.post(_url("update_pin", cast, oldest.pk), {"pinned": "0"})
    assert not Update.objects.get(pk=oldest.pk).is_pinned
    assert _bodies(client.get(_url("home", cast)))[0] == "News 0"


@pytest.mark.parametrize("who", ["teacher", "visitor", "pupil_admin", "pupil"])
def test_only_teacher_administrators_pin(client, cast, who):
    update = _post(cast, "Welcome")
    client.force_login(getattr(cast, who))
    assert "Pin</button>" not in client.get(_url("home", cast)).content.decode()
    assert client.post(_url("update_pin", cast, update.pk), {"pinned": "1"}).status_code == 404
    assert not Update.objects.get(pk=update.pk).is_pinned


def test_deleting_asks_first_then_removes_the_post_and_its_comments(client, cast):
    update = _post(cast, "Trip on Friday", author=cast.teacher)
    comment_add(actor=cast.pupil, update=update, body="Yes!")
    client.force_login(cast.teacher)

    confirm = client.get(_url("update_delete", cast, update.pk))

    assert confirm.status_code == 200
    assert "Trip on Friday" in confirm.content.decode()
    assert Update.objects.filter(pk=update.pk).exists()
    response = client.post(_url("update_delete", cast, update.pk))
    assert response.status_code == 302
    assert not Update.objects.filter(pk=update.pk).exists()
    assert not Comment.objects.exists()


def test_a_member_deletes_only_their_own_posts_and_comments(client, cast):
    update = _post(cast, "Admin's news")
    wall = _post(cast, "Pupil's drawing", board="pupils_wall", author=cast.pupil)
    other = comment_add(actor=cast.pupil_admin, update=update, body="Not yours")
    own = comment_add(actor=cast.pupil, update=update, body="Mine")
    client.force_login(cast.pupil)

    assert client.get(_url("update_delete", cast, update.pk)).status_code == 404
    assert client.post(_url("comment_delete", cast, other.pk)).status_code == 404
    assert client.get(_url("comment_delete", cast, own.pk)).status_code == 200
    client.post(_url("comment_delete", cast, own.pk))
    client.post(_url("update_delete", cast, wall.pk))

    assert list(Comment.objects.values_list("body", flat=True)) == ["Not yours"]
    assert list(Update.objects.values_list("body", flat=True)) == ["Admin's news"]
    assert Update.objects.get(pk=update.pk).comment_count == 1


def test_comment_count_follows_comments_and_deletes(client, cast):
    update = _post(cast, "Welcome")
    client.force_login(cast.pupil)
    for body in ["One", "Two", "Three"]:
        client.post(_url("comment_new", cast, update.pk), {"body": body})
    client.post(_url("comment_new", cast, update.pk), {"body": "   "})  # refused: nothing written
    assert Update.objects.get(pk=update.pk).comment_count == 3
    first = Comment.objects.get(body="One")
    client.post(_url("comment_delete", cast, first.pk))
    assert client.post(_url("comment_delete", cast, first.pk)).status_code == 404
    assert Update.objects.get(pk=update.pk).comment_count == 2 == update.comments.count()


@pytest.mark.django_db(transaction=True)
def test_two_deletes_of_one_comment_at_once_count_down_once():
    needs_concurrent_connections()
    cast = make_twinspace()
    update = _post(cast, "Welcome")
    comment_add(actor=cast.pupil, update=update, body="Keep")
    doomed = comment_add(actor=cast.pupil, update=update, body="Twice")

    def delete():
        return comment_delete(
            actor=cast.pupil, comment=Comment.objects.select_related("update__twinspace").get(pk=doomed.pk)
        )

    run_together(delete, delete)

    assert Update.objects.get(pk=update.pk).comment_count == 1 == update.comments.count()


def test_a_pupil_sees_names_only(client, cast):
    update = _post(cast, "Welcome", author=cast.teacher)
    comment_add(actor=cast.teacher_admin, update=update, body="Hello pupils")
    _post(cast, "Our drawing", board="pupils_wall", author=cast.pupil_admin)
    client.force_login(cast.pupil)
    teachers = [cast.teacher_admin, cast.teacher, cast.visitor]

    for name in ["home", "wall", "members", "pages", "forum:threads", "materials:documents"]:
        html = client.get(_url(name, cast)).content.decode()
        links = re.findall(r'href="([^"#?]+)', html)
        assert all(link.startswith(("/twinspace/", "/pupils/", "/static/")) or link == "/" for link in links), name
        for teacher in teachers:
            assert teacher.email not in html
            assert reverse("profiles:detail", args=[teacher.pk]) not in html

    members = client.get(_url("members", cast)).content.decode()
    assert cast.teacher.full_name in members
    assert "School" not in members
    assert "Add pupils" not in members
    assert f"role-{cast.pupil.twinspace_memberships.get().pk}" not in members
