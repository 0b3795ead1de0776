"""Each role x each action through the pages: allowed does it, refused is a 404 and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.twinspace.factories import make_twinspace
from twinning.discussions.models import Thread
from twinning.documents.models import Document
from twinning.twinspace.models import Comment, Membership, Page, Pupil, TwinSpace, Update
from twinning.twinspace.pages import page_create
from twinning.twinspace.services import twinspace_close, update_post

pytestmark = pytest.mark.django_db

PERSONAS = ["teacher_admin", "teacher", "visitor", "pupil_admin", "pupil", "outsider", "other_admin", "other_pupil"]


@pytest.fixture
def world():
    cast = make_twinspace()
    other = make_twinspace(title="Another project")
    people = {
        "teacher_admin": cast.teacher_admin,
        "teacher": cast.teacher,
        "visitor": cast.visitor,
        "pupil_admin": cast.pupil_admin,
        "pupil": cast.pupil,
        "outsider": UserFactory(is_validated=True),
        "other_admin": other.teacher_admin,
        "other_pupil": other.pupil,
    }
    update = update_post(actor=cast.teacher_admin, twinspace=cast.twinspace, board="home", body="Welcome")
    draft = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Draft plan")
    return cast, people, update, draft


def _url(name, ts, *args):
    return reverse(f"twinspace:{name}", args=[ts.pk, *args])


def act_read_home(client, cast, update, draft):
    r = client.get(_url("home", cast.twinspace))
    return r.status_code == 200 and b"Welcome" in r.content


def act_post_update(client, cast, update, draft):
    client.post(_url("update_new", cast.twinspace), {"board": "home", "body": "News!"})
    return Update.objects.filter(body="News!").exists()


def act_post_on_wall(client, cast, update, draft):
    client.post(_url("update_new", cast.twinspace), {"board": "pupils_wall", "body": "Hello wall"})
    return Update.objects.filter(body="Hello wall", board="pupils_wall").exists()


def act_comment(client, cast, update, draft):
    client.post(_url("comment_new", cast.twinspace, update.pk), {"body": "Nice"})
    return Comment.objects.filter(body="Nice").exists()


def act_pin(client, cast, update, draft):
    client.post(_url("update_pin", cast.twinspace, update.pk), {"pinned": "1"})
    update.refresh_from_db()
    return update.is_pinned


def act_create_page(client, cast, update, draft):
    client.post(_url("page_new", cast.twinspace), {"title": "Made"})
    return Page.objects.filter(title="Made").exists()


def act_publish_page(client, cast, update, draft):
    client.post(_url("page_new", cast.twinspace), {"title": "Out", "publish": "on"})
    return Page.objects.filter(title="Out", status="published").exists()


def act_make_public(client, cast, update, draft):
    client.post(_url("page_new", cast.twinspace), {"title": "World", "publish": "on", "public": "on"})
    return Page.objects.filter(is_public=True).exists()


def act_read_draft(client, cast, update, draft):
    return client.get(_url("page", cast.twinspace, draft.pk)).status_code == 200


def act_upload_material(client, cast, update, draft):
    upload = SimpleUploadedFile("notes.txt", b"Plain notes for the class.\n", content_type="text/plain")
    client.post(reverse("twinspace:materials:upload", args=[cast.twinspace.pk]), {"title": "Notes", "file": upload})
    return Document.objects.filter(library=cast.twinspace.materials).exists()


def act_read_materials(client, cast, update, draft):
    return client.get(reverse("twinspace:materials:documents", args=[cast.twinspace.pk])).status_code == 200


def act_read_board(client, cast, update, draft):
    return client.get(reverse("twinspace:board:threads", args=[cast.twinspace.pk])).status_code == 200


def act_post_on_board(client, cast, update, draft):
    client.post(reverse("twinspace:board:thread_new", args=[cast.twinspace.pk]), {"title": "Plan", "body": "B"})
    return Thread.objects.filter(forum=cast.twinspace.teachers_board).exists()


def act_start_forum_thread(client, cast, update, draft):
    client.post(reverse("twinspace:forum:thread_new", args=[cast.twinspace.pk]), {"title": "Hi", "body": "All"})
    return Thread.objects.filter(forum=cast.twinspace.forum).exists()


def act_read_members(client, cast, update, draft):
    return client.get(_url("members", cast.twinspace)).status_code == 200


def act_manage_members(client, cast, update, draft):
    guest = UserFactory(is_validated=True, email="guest@example.org")
    client.post(_url("visitor_add", cast.twinspace), {"email": "guest@example.org"})
    return Membership.objects.filter(twinspace=cast.twinspace, user=guest).exists()


def act_create_pupils(client, cast, update, draft):
    client.post(_url("pupils_new", cast.twinspace), {"nicknames": "Mia\nTom"})
    return Pupil.objects.filter(twinspace=cast.twinspace, nickname="Mia").exists()


def act_reset_password(client, cast, update, draft):
    before = cast.pupil.password
    client.post(_url("pupil_password", cast.twinspace, cast.pupil.pk))
    cast.pupil.refresh_from_db()
    return cast.pupil.password != before


ALL = {"teacher_admin", "teacher", "visitor", "pupil_admin", "pupil"}
TEACHERS = {"teacher_admin", "teacher", "visitor"}
WRITERS = {"teacher_admin", "teacher"}
POSTERS = {"teacher_admin", "teacher", "pupil_admin", "pupil"}
ADMIN = {"teacher_admin"}

MATRIX = [
    (act_read_home, ALL),
    (act_post_update, WRITERS),
    (act_post_on_wall, POSTERS),
    (act_comment, POSTERS),
    (act_pin, ADMIN),
    (act_create_page, {"teacher_admin", "teacher", "pupil_admin"}),
    (act_publish_page, WRITERS),
    (act_make_public, ADMIN),
    (act_read_draft, TEACHERS),
    (act_upload_material, WRITERS),
    (act_read_materials, ALL),
    (act_read_board, TEACHERS),
    (act_post_on_board, WRITERS),
    (act_start_forum_thread, {"teacher_admin", "teacher", "pupil_admin"}),
    (act_read_members, ALL),
    (act_manage_members, ADMIN),
    (act_create_pupils, ADMIN),
    (act_reset_password, ADMIN),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("action", "allowed"), MATRIX, ids=[a.__name__ for a, _ in MATRIX])
def test_permission_matrix(client, world, persona, action, allowed):
    cast, people, update, draft = world
    client.force_login(people[persona])
    assert action(client, cast, update, draft) is (persona in allowed)


@pytest.mark.parametrize(
    "name",
    ["home", "wall", "pages", "members", "pupils", "page_new", "forum:threads", "board:threads", "materials:documents"],
)
@pytest.mark.parametrize("persona", ["outsider", "other_admin", "other_pupil"])
def test_non_members_get_404_everywhere(client, world, persona, name):
    cast, people, _update, _draft = world
    client.force_login(people[persona])
    assert client.get(reverse(f"twinspace:{name}", args=[cast.twinspace.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "visitor", "pupil_admin", "pupil"])
def test_only_admins_reach_pupil_management(client, world, persona):
    cast, people, _update, _draft = world
    client.force_login(people[persona])
    assert client.get(_url("pupils", cast.twinspace)).status_code == 404
    assert client.get(_url("pupil_password", cast.twinspace, cast.pupil.pk)).status_code == 404
    assert client.get(_url("member_remove", cast.twinspace, cast.pupil.pk)).status_code == 404


@pytest.mark.parametrize(
    "action",
    [
        act_post_update,
        act_comment,
        act_pin,
        act_create_page,
        act_upload_material,
        act_create_pupils,
        act_start_forum_thread,
    ],
)
def test_closed_twinspace_is_read_only_even_for_admins(client, world, action):
    cast, _people, update, draft = world
    twinspace_close(twinspace=cast.twinspace)
    client.force_login(cast.teacher_admin)
    assert act_read_home(client, cast, update, draft)
    assert action(client, cast, update, draft) is False


def test_public_page_readable_signed_out_and_drafts_are_not(client, world):
    cast, _people, _update, draft = world
    public = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Show", publish=True, public=True)
    published = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Inside", publish=True)
    assert client.get(reverse("twinspace:public_page", args=[public.pk])).status_code == 200
    assert client.get(reverse("twinspace:public_page", args=[published.pk])).status_code == 404
    assert client.get(reverse("twinspace:public_page", args=[draft.pk])).status_code == 404
    assert client.get(_url("home", cast.twinspace)).status_code == 302  # to the login


def test_pupil_sees_own_draft_but_not_others(client, world):
    cast, _people, _update, draft = world
    own = page_create(actor=cast.pupil_admin, twinspace=cast.twinspace, title="Mine")
    client.force_login(cast.pupil_admin)
    assert client.get(_url("page", cast.twinspace, own.pk)).status_code == 200
    assert client.get(_url("page", cast.twinspace, draft.pk)).status_code == 404
    client.force_login(cast.pupil)
    assert client.get(_url("page", cast.twinspace, own.pk)).status_code == 404


def test_delete_own_update_and_admin_deletes_any(client, world):
    cast, _people, update, _draft = world
    mine = update_post(actor=cast.pupil, twinspace=cast.twinspace, board="pupils_wall", body="Mine")
    client.force_login(cast.pupil_admin)
    assert client.post(_url("update_delete", cast.twinspace, mine.pk)).status_code == 404
    client.force_login(cast.pupil)
    assert client.get(_url("update_delete", cast.twinspace, mine.pk)).status_code == 200
    client.post(_url("update_delete", cast.twinspace, mine.pk))
    assert not Update.objects.filter(pk=mine.pk).exists()
    client.force_login(cast.teacher_admin)
    client.post(_url("update_delete", cast.twinspace, update.pk))
    assert not Update.objects.filter(pk=update.pk).exists()
    assert TwinSpace.objects.filter(pk=cast.twinspace.pk).exists()
