"""Following teachers: the database rules, the services, the pages and the progress they count."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from twinning.core.errors import DomainError
from twinning.network.models import Follow
from twinning.network.selectors import follow_counts, followers_of, following_of, is_following
from twinning.network.services import follow_create, follow_delete
from twinning.profiles.models import Audience
from twinning.progress.models import ProgressAction
from twinning.progress.rules import Area
from twinning.progress.selectors import progress_summary

pytestmark = pytest.mark.django_db


def _communication(user) -> int:
    summary = progress_summary(user=user)
    return next(a.counted for a in summary.areas if a.area == Area.COMMUNICATION)


# The database rules


def test_the_database_refuses_following_oneself(teacher_es):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=teacher_es, followed=teacher_es)


def test_the_database_refuses_following_twice(teacher_es, teacher_fr):
    Follow.objects.create(follower=teacher_es, followed=teacher_fr)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=teacher_es, followed=teacher_fr)


# Services and selectors


def test_follow_is_one_way_and_counted(teacher_es, teacher_fr):
    follow_create(actor=teacher_es, followed=teacher_fr)

    assert is_following(follower=teacher_es, followed=teacher_fr)
    assert not is_following(follower=teacher_fr, followed=teacher_es)
    assert follow_counts(user=teacher_fr) == (1, 0)
    assert follow_counts(user=teacher_es) == (0, 1)
    assert [f.follower for f in followers_of(user=teacher_fr)] == [teacher_es]
    assert [f.followed for f in following_of(user=teacher_es)] == [teacher_fr]


def test_following_twice_returns_the_same_row(teacher_es, teacher_fr):
    first = follow_create(actor=teacher_es, followed=teacher_fr)
    second = follow_create(actor=teacher_es, followed=teacher_fr)
    assert first.pk == second.pk
    assert Follow.objects.count() == 1


def test_nobody_follows_themselves(teacher_es):
    with pytest.raises(DomainError):
        follow_create(actor=teacher_es, followed=teacher_es)
    assert not Follow.objects.exists()


def test_an_inactive_account_cannot_be_followed(teacher_es):
    gone = UserFactory(is_active=False)
    with pytest.raises(DomainError):
        follow_create(actor=teacher_es, followed=gone)
    assert not Follow.objects.exists()


def test_unfollow_removes_the_row_and_is_quiet_when_not_following(teacher_es, teacher_fr):
    follow_create(actor=teacher_es, followed=teacher_fr)
    follow_delete(actor=teacher_es, followed=teacher_fr)
    follow_delete(actor=teacher_es, followed=teacher_fr)
    assert not Follow.objects.exists()


def test_lists_are_newest_first(teacher_es):
    older, newer = UserFactory(), UserFactory()
    follow_create(actor=teacher_es, followed=older)
    follow_create(actor=teacher_es, followed=newer)
    assert [f.followed for f in following_of(user=teacher_es)] == [newer, older]


# Progress


def test_progress_counts_each_followed_person_once(teacher_es, teacher_fr):
    follow_create(actor=teacher_es, followed=teacher_fr)
    follow_delete(actor=teacher_es, followed=teacher_fr)
    follow_create(actor=teacher_es, followed=teacher_fr)
    assert ProgressAction.objects.filter(user=teacher_es, kind="follow").count() == 1
    assert _communication(teacher_es) == 1


def test_progress_for_following_is_capped_at_ten(teacher_es):
    for user in UserFactory.create_batch(12):
        follow_create(actor=teacher_es, followed=user)
    assert ProgressAction.objects.filter(user=teacher_es, kind="follow").count() == 12
    assert progress_summary(user=teacher_es).counts["follow"] == 12
    assert _communication(teacher_es) == 10


# Pages


def _post(client, name, user):
    return client.post(reverse(name, args=[user.pk]))


def test_anonymous_visitors_are_sent_to_log_in(client, teacher_fr):
    responses = [_post(client, name, teacher_fr) for name in ["network:follow", "network:unfollow"]]
    responses += [
        client.get(reverse(name, args=[teacher_fr.pk])) for name in ["network:followers", "network:following"]
    ]
    for response in responses:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()


def test_follow_and_unfollow_from_the_profile(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    profile_url = reverse("profiles:detail", args=[teacher_fr.pk])

    html = client.get(profile_url).content.decode()
    assert f'action="{reverse("network:follow", args=[teacher_fr.pk])}"' in html

    response = _post(client, "network:follow", teacher_fr)
    assert response.status_code == 302
    assert response["Location"] == profile_url
    assert is_following(follower=teacher_es, followed=teacher_fr)
    html = client.get(profile_url).content.decode()
    assert "You now follow" in html
    assert f'action="{reverse("network:unfollow", args=[teacher_fr.pk])}"' in html
    assert "1 follower" in html

    response = _post(client, "network:unfollow", teacher_fr)
    assert response["Location"] == profile_url
    assert not is_following(follower=teacher_es, followed=teacher_fr)


def test_the_owner_sees_no_follow_button(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()
    assert reverse("network:follow", args=[teacher_es.pk]) not in html
    assert reverse("network:followers", args=[teacher_es.pk]) in html


def test_following_oneself_through_the_url_changes_nothing(client, teacher_es):
    client.force_login(teacher_es)
    response = _post(client, "network:follow", teacher_es)
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_following_a_hidden_profile_is_not_found_and_stores_nothing(client, teacher_es, teacher_fr):
    profile_of(teacher_fr, visibility=Audience.CONTACTS)
    client.force_login(teacher_es)
    assert _post(client, "network:follow", teacher_fr).status_code == 404
    assert client.get(reverse("network:followers", args=[teacher_fr.pk])).status_code == 404
    assert client.get(reverse("network:following", args=[teacher_fr.pk])).status_code == 404
    assert not Follow.objects.exists()


def test_a_get_on_follow_is_refused(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    assert client.get(reverse("network:follow", args=[teacher_fr.pk])).status_code == 405
    assert client.get(reverse("network:unfollow", args=[teacher_fr.pk])).status_code == 405
    assert not Follow.objects.exists()


def test_lists_show_only_people_the_viewer_may_see(client, teacher_es, teacher_fr):
    shown = UserFactory(first_name="Shown", last_name="Follower")
    hidden = UserFactory(first_name="Hidden", last_name="Follower")
    profile_of(hidden, visibility=Audience.CONTACTS)
    follow_create(actor=shown, followed=teacher_fr)
    follow_create(actor=hidden, followed=teacher_fr)
    client.force_login(teacher_es)

    html = client.get(reverse("network:followers", args=[teacher_fr.pk])).content.decode()
    assert "Shown Follower" in html
    assert "Hidden Follower" not in html

    client.force_login(hidden)
    html = client.get(reverse("network:followers", args=[teacher_fr.pk])).content.decode()
    assert "Hidden Follower" in html


def test_following_list_and_empty_states(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    html = client.get(reverse("network:following", args=[teacher_es.pk])).content.decode()
    assert "You do not follow anybody yet" in html
    html = client.get(reverse("network:followers", args=[teacher_es.pk])).content.decode()
    assert "Nobody follows you yet" in html

    follow_create(actor=teacher_es, followed=teacher_fr)
    html = client.get(reverse("network:following", args=[teacher_es.pk])).content.decode()
    assert teacher_fr.full_name in html


def test_the_followers_list_is_paginated(client, teacher_es):
    for user in UserFactory.create_batch(31):
        follow_create(actor=user, followed=teacher_es)
    client.force_login(teacher_es)
    first = client.get(reverse("network:followers", args=[teacher_es.pk]))
    second = client.get(reverse("network:followers", args=[teacher_es.pk]), {"page": 2})
    assert len(first.context["people"]) == 30
    assert len(second.context["people"]) == 1


def _queries_for_followers_page(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("network:followers", args=[user.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_followers_list_costs_the_same_with_1_or_30_followers(client, teacher_es):
    follow_create(actor=UserFactory(), followed=teacher_es)
    client.force_login(teacher_es)
    _queries_for_followers_page(client, teacher_es)  # warm the session and caches
    with_one = _queries_for_followers_page(client, teacher_es)
    for user in UserFactory.create_batch(29):
        follow_create(actor=user, followed=teacher_es)
    with_thirty = _queries_for_followers_page(client, teacher_es)
    assert with_thirty == with_one


# Notifications and blocks


def test_a_new_follow_notifies_the_followed_teacher_once(teacher_es, teacher_fr):
    from twinning.notifications.models import Notification

    follow_create(actor=teacher_es, followed=teacher_fr)
    follow_create(actor=teacher_es, followed=teacher_fr)  # already following: nothing new
    follow_delete(actor=teacher_es, followed=teacher_fr)
    follow_create(actor=teacher_es, followed=teacher_fr)  # following again: not announced twice

    notification = Notification.objects.get()
    assert notification.kind == "new_follower"
    assert notification.recipient == teacher_fr
    assert notification.actor == teacher_es
    assert notification.url == reverse("profiles:detail", args=[teacher_es.pk])


def test_a_refused_follow_notifies_nobody(teacher_es):
    from twinning.notifications.models import Notification

    with pytest.raises(DomainError):
        follow_create(actor=teacher_es, followed=UserFactory(is_active=False))
    assert not Notification.objects.exists()


@pytest.mark.parametrize("blocker", ["owner", "visitor"])
def test_no_follow_button_under_a_block_either_way(client, teacher_es, teacher_fr, blocker):
    from twinning.network.models import Block

    profile_of(teacher_fr, visibility=Audience.EVERYONE)
    follow_button = f'action="{reverse("network:follow", args=[teacher_fr.pk])}"'
    client.force_login(teacher_es)
    assert follow_button in client.get(reverse("profiles:detail", args=[teacher_fr.pk])).content.decode()

    if blocker == "owner":
        Block.objects.create(blocker=teacher_fr, blocked=teacher_es)
    else:
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    assert follow_button not in client.get(reverse("profiles:detail", args=[teacher_fr.pk])).content.decode()
