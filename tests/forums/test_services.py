"""Publishing, editing and closing ideas: the rules, with nothing stored when one refuses."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from tests.forums.factories import category, publish
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Post, Thread, ThreadFollow
from twinning.forums.models import Category, Idea
from twinning.forums.services import idea_close, idea_update
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db


def _fields(idea: Idea, **changes: object) -> dict[str, object]:
    fields = {
        name: getattr(idea, name)
        for name in (
            "title",
            "description",
            "age_bands",
            "subjects",
            "languages",
            "countries_wanted",
            "keywords",
            "availability",
        )
    }
    fields["category"] = idea.category
    fields.update(changes)
    return fields


def test_default_forums_exist_each_with_its_replies_forum():
    slugs = set(Category.objects.values_list("slug", flat=True))
    assert {"ages-0-3", "ages-10-12", "ages-20-plus", "etwinning-plus", "national-projects"} <= slugs
    assert Category.objects.filter(kind="age").count() == 7
    assert Category.objects.values("forum_id").distinct().count() == Category.objects.count()


def test_publish_opens_the_thread_counts_and_records_progress(teacher_es):
    idea = publish(teacher_es)
    assert idea.status == Idea.Status.OPEN
    thread = Thread.objects.get(pk=idea.thread_id)
    assert thread.forum_id == category().forum_id
    assert thread.title == idea.title
    assert Post.objects.get(thread=thread).body == idea.description
    assert category().idea_count == 1
    assert ProgressAction.objects.filter(user=teacher_es, kind="idea_written", key=str(idea.pk)).count() == 1
    # The author hears of replies as "idea_reply", not as a follower too.
    assert not ThreadFollow.objects.filter(thread=thread, user=teacher_es).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": ""}, "description"),
        ({"age_bands": []}, "age_bands"),
        ({"age_bands": ["99-100"]}, "age_bands"),
        ({"languages": []}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"subjects": ["alchemy"]}, "subjects"),
        ({"countries_wanted": ["ZZ"]}, "countries_wanted"),
        ({"keywords": "k" * 301}, "keywords"),
        ({"availability": "a" * 201}, "availability"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(teacher_es, changes, field):
    with pytest.raises(ValidationError) as refused:
        publish(teacher_es, **changes)
    assert field in refused.value.message_dict
    assert not Idea.objects.exists()
    assert not Thread.objects.exists()
    assert category().idea_count == 0


def test_a_closed_forum_takes_no_new_idea(teacher_es):
    Category.objects.filter(slug="ages-10-12").update(is_active=False)
    with pytest.raises(DomainError):
        publish(teacher_es)
    assert not Idea.objects.exists()


def test_pupils_and_inactive_accounts_cannot_publish(db):
    for user in (UserFactory(is_pupil=True, is_validated=True), UserFactory(is_active=False, is_validated=True)):
        with pytest.raises(PermissionRefused):
            publish(user)
    assert not Idea.objects.exists()


def test_a_teacher_not_validated_publishes_a_held_idea(pending_teacher_es):
    idea = publish(pending_teacher_es)
    assert idea.status == Idea.Status.OPEN
    assert not idea.author.is_validated


def test_the_author_edits_and_the_thread_follows(teacher_es):
    idea = publish(teacher_es)
    idea_update(actor=teacher_es, idea=idea, **_fields(idea, title="Clouds", description="New text"))  # type: ignore[arg-type]
    idea.refresh_from_db()
    assert idea.title == "Clouds"
    assert Thread.objects.get(pk=idea.thread_id).title == "Clouds"
    assert Post.objects.get(thread_id=idea.thread_id).body == "New text"


def test_moving_an_idea_moves_its_replies_and_the_counts(teacher_es):
    idea = publish(teacher_es)
    plus = category("etwinning-plus")
    idea_update(actor=teacher_es, idea=idea, **_fields(idea, category=plus))  # type: ignore[arg-type]
    assert Thread.objects.get(pk=idea.thread_id).forum_id == plus.forum_id
    assert category().idea_count == 0
    assert category("etwinning-plus").idea_count == 1


def test_only_the_author_edits_and_closes(teacher_es, teacher_fr, css_officer):
    idea = publish(teacher_es)
    for other in (teacher_fr, css_officer):
        with pytest.raises(PermissionRefused):
            idea_update(actor=other, idea=idea, **_fields(idea, title="Taken"))  # type: ignore[arg-type]
        with pytest.raises(PermissionRefused):
            idea_close(actor=other, idea=idea)
    idea.refresh_from_db()
    assert idea.title != "Taken"
    assert idea.status == Idea.Status.OPEN


def test_bad_edit_stores_nothing(teacher_es):
    idea = publish(teacher_es)
    with pytest.raises(ValidationError):
        idea_update(actor=teacher_es, idea=idea, **_fields(idea, title="", languages=[]))  # type: ignore[arg-type]
    idea.refresh_from_db()
    assert idea.title == "Weather diaries across Europe"


def test_closing_locks_the_thread_once_and_freezes_the_idea(teacher_es):
    idea = publish(teacher_es)
    idea_close(actor=teacher_es, idea=idea)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.CLOSED
    assert idea.closed_at is not None
    assert Thread.objects.get(pk=idea.thread_id).is_locked
    assert category().idea_count == 0
    with pytest.raises(DomainError):
        idea_close(actor=teacher_es, idea=idea)
    with pytest.raises(PermissionRefused):
        idea_update(actor=teacher_es, idea=idea, **_fields(idea, title="Again"))  # type: ignore[arg-type]
    assert category().idea_count == 0


def test_progress_counts_each_idea_once(teacher_es):
    first = publish(teacher_es)
    idea_update(actor=teacher_es, idea=first, **_fields(first, title="Edited"))  # type: ignore[arg-type]
    assert ProgressAction.objects.filter(user=teacher_es, kind="idea_written").count() == 1
