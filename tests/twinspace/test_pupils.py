import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.twinspace.factories import PUPIL_PASSWORD, make_twinspace
from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.twinspace.models import Membership, Pupil, Update
from twinning.twinspace.pages import page_create
from twinning.twinspace.pupils import PASSWORD_ALPHABET, pupil_remove, pupil_reset_password, pupils_create
from twinning.twinspace.services import comment_add, twinspace_member_add, update_post

pytestmark = pytest.mark.django_db


def test_bulk_create_makes_pupil_accounts_with_unique_logins():
    cast = make_twinspace()
    made = pupils_create(actor=cast.teacher_admin, twinspace=cast.twinspace, nicknames="Mia\n\n  Tom  \nÉlodie")
    assert [c.nickname for c in made] == ["Mia", "Tom", "Élodie"]
    assert len({c.login for c in made}) == 3
    assert made[2].login.startswith("elodie-")
    for item in made:
        user = item.pupil.user
        assert user.is_pupil
        assert user.email.endswith("@pupils.invalid")
        assert user.check_password(item.password)
        assert item.password not in user.password  # stored hashed
        assert len(item.password) == 10
        assert set(item.password) <= set(PASSWORD_ALPHABET)
        assert Membership.objects.get(user=user, twinspace=cast.twinspace).role == "pupil"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Mia\nTom\nmia", "Line 3"),
        ("Mia\n" + "x" * 41, "Line 2"),
        ("\n".join(f"P{i}" for i in range(41)), "at most 40"),
        ("   \n ", "one nickname per line"),
    ],
)
def test_bad_lists_are_refused_with_nothing_created(text, line):
    cast = make_twinspace()
    before = User.objects.count()
    with pytest.raises(DomainError) as refused:
        pupils_create(actor=cast.teacher_admin, twinspace=cast.twinspace, nicknames=text)
    assert line in refused.value.message
    assert User.objects.count() == before


def test_nickname_already_in_the_twinspace_is_refused():
    cast = make_twinspace()
    pupils_create(actor=cast.teacher_admin, twinspace=cast.twinspace, nicknames="Mia")
    with pytest.raises(DomainError) as refused:
        pupils_create(actor=cast.teacher_admin, twinspace=cast.twinspace, nicknames="Tom\nMIA")
    assert "Line 2" in refused.value.message
    assert not Pupil.objects.filter(nickname="Tom").exists()
    other = make_twinspace(title="Other")
    pupils_create(actor=other.teacher_admin, twinspace=other.twinspace, nicknames="Mia")  # another TwinSpace: fine


def test_printable_sheet_shows_passwords_once(client):
    cast = make_twinspace()
    client.force_login(cast.teacher_admin)
    response = client.post(reverse("twinspace:pupils_new", args=[cast.twinspace.pk]), {"nicknames": "Mia\nTom"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for pupil in Pupil.objects.filter(nickname__in=["Mia", "Tom"]):
        assert pupil.login in page
    assert reverse("pupils:login") in page
    listing = client.get(reverse("twinspace:pupils", args=[cast.twinspace.pk])).content.decode()
    assert "Password" not in listing


def test_bad_list_through_the_page_shows_the_line(client):
    cast = make_twinspace()
    client.force_login(cast.teacher_admin)
    response = client.post(reverse("twinspace:pupils_new", args=[cast.twinspace.pk]), {"nicknames": "Mia\nmia"})
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not Pupil.objects.filter(nickname__iexact="mia").exists()


def test_reset_password_replaces_the_old_one():
    cast = make_twinspace()
    new = pupil_reset_password(actor=cast.teacher_admin, twinspace=cast.twinspace, pupil_user=cast.pupil)
    cast.pupil.refresh_from_db()
    assert cast.pupil.check_password(new.password)
    assert not cast.pupil.check_password(PUPIL_PASSWORD)
    with pytest.raises(PermissionRefused):
        pupil_reset_password(actor=cast.teacher, twinspace=cast.twinspace, pupil_user=cast.pupil)
    other = make_twinspace(title="Other")
    with pytest.raises(PermissionRefused):  # a pupil of another TwinSpace
        pupil_reset_password(actor=cast.teacher_admin, twinspace=cast.twinspace, pupil_user=other.pupil)


def test_remove_pupil_deletes_account_unless_in_another_twinspace():
    cast = make_twinspace()
    other = make_twinspace(title="Other")
    update = update_post(actor=cast.pupil, twinspace=cast.twinspace, board="pupils_wall", body="Hi")
    pupil_remove(actor=cast.teacher_admin, twinspace=cast.twinspace, pupil_user=cast.pupil)
    assert not User.objects.filter(pk=cast.pupil.pk).exists()
    assert Update.objects.get(pk=update.pk).author is None
    twinspace_member_add(twinspace=other.twinspace, user=cast.pupil_admin, role="pupil")
    pupil_remove(actor=cast.teacher_admin, twinspace=cast.twinspace, pupil_user=cast.pupil_admin)
    assert User.objects.filter(pk=cast.pupil_admin.pk).exists()


# Pupils' login


def test_pupil_login_good_and_bad(client):
    cast = make_twinspace()
    login = cast.pupil.pupil.login
    bad = client.post(reverse("pupils:login"), {"login": login, "password": "wrong-password"})
    assert bad.status_code == 400
    assert "_auth_user_id" not in client.session
    good = client.post(reverse("pupils:login"), {"login": login.upper(), "password": PUPIL_PASSWORD})
    assert good.url == reverse("twinspace:mine")
    assert client.session["_auth_user_id"] == str(cast.pupil.pk)


def test_pupil_login_refuses_teachers(client):
    cast = make_twinspace()
    from tests.accounts.factories import PASSWORD

    response = client.post(reverse("pupils:login"), {"login": cast.teacher.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_pupil_login_is_rate_limited_per_login_name(client):
    cast = make_twinspace()
    login = cast.pupil.pupil.login
    for _attempt in range(10):
        client.post(reverse("pupils:login"), {"login": login, "password": "nope"}, REMOTE_ADDR="10.0.0.1")
    # Even the right password is refused now, from another address too.
    response = client.post(
        reverse("pupils:login"), {"login": login, "password": PUPIL_PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    other = cast.pupil_admin.pupil.login
    ok = client.post(reverse("pupils:login"), {"login": other, "password": PUPIL_PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert ok.status_code == 302


def test_pupil_login_is_rate_limited_per_address(client):
    cast = make_twinspace()
    for attempt in range(10):
        client.post(reverse("pupils:login"), {"login": f"guess-{attempt}", "password": "x"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        reverse("pupils:login"), {"login": cast.pupil.pupil.login, "password": PUPIL_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


# Query-count guards


def _fill_board(cast, count):
    for index in range(count):
        update = update_post(actor=cast.teacher_admin, twinspace=cast.twinspace, board="home", body=f"News {index}")
        comment_add(actor=cast.pupil, update=update, body="Nice")
        comment_add(actor=cast.teacher, update=update, body="Yes")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "fill"),
    [
        ("home", _fill_board),
        (
            "pages",
            lambda cast, n: [
                page_create(actor=cast.teacher, twinspace=cast.twinspace, title=f"P{i}") for i in range(n)
            ],
        ),
        (
            "members",
            lambda cast, n: pupils_create(
                actor=cast.teacher_admin, twinspace=cast.twinspace, nicknames="\n".join(f"K{i}" for i in range(n))
            ),
        ),
    ],
)
def test_query_count_does_not_grow_with_rows(client, name, fill):
    one = make_twinspace(title="One")
    many = make_twinspace(title="Many")
    fill(one, 1)
    fill(many, 20)
    client.force_login(one.teacher_admin)
    url_one = reverse(f"twinspace:{name}", args=[one.twinspace.pk])
    _count(client, url_one)
    first = _count(client, url_one)
    client.force_login(many.teacher_admin)
    url_many = reverse(f"twinspace:{name}", args=[many.twinspace.pk])
    _count(client, url_many)
    assert _count(client, url_many) == first


def test_the_teachers_login_points_pupils_to_their_own_login(client):
    html = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("pupils:login")}"' in html
