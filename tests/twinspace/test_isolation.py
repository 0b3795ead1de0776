"""Pupils reach only their TwinSpaces: every other route of the project answers them 404, the API included."""

import re
import uuid

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.schools.factories import EmploymentFactory
from tests.twinspace.factories import make_twinspace
from twinning.messaging.services import conversation_start
from twinning.twinspace.middleware import pupil_may_open

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def _routes(patterns=None, prefix=""):
    """Every route of the project as a path template, walking includes."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def _fill(route: str, real_id: int) -> str:
    def one(match: re.Match) -> str:
        conv = match.group("conv")
        if conv == "int":
            return str(real_id)
        if conv == "uuid":
            return str(uuid.uuid4())
        return "x"

    url = PARAM.sub(one, route)
    url = GROUP.sub("x", url).replace("^", "").replace("$", "").replace("\\", "")
    return "/" + url.lstrip("/")


def _pupil_urls(real_id):
    urls = set()
    for route in _routes():
        url = _fill(route, real_id)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        urls.add((url, tuple(match.namespaces), match.url_name))
    return sorted(urls)


@pytest.fixture
def pupil_client(client):
    cast = make_twinspace()
    client.force_login(cast.pupil)
    return client, cast


def test_every_route_outside_the_allow_list_is_404_for_a_pupil(pupil_client):
    client, cast = pupil_client
    urls = _pupil_urls(cast.pupil.pk)
    checked = 0
    for url, namespaces, name in urls:
        if pupil_may_open(list(namespaces), name):
            continue
        if not namespaces and name == "home":
            assert client.get(url).url == reverse("twinspace:mine")
            continue
        checked += 1
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert checked > 100  # the walk really found the teachers' pages
    assert any(url.startswith("/api/") for url, *_ in urls)


@pytest.mark.parametrize(
    "url",
    ["/api/", "/api/docs", "/admin/", "/people/", "/messages/", "/search/people/", "/network/contacts/", "/settings/"],
)
def test_known_teacher_surfaces_are_404(pupil_client, url):
    client, _cast = pupil_client
    assert client.get(url).status_code == 404


def test_pupil_reaches_their_twinspace_and_logs_out(pupil_client):
    client, cast = pupil_client
    assert client.get(reverse("twinspace:mine")).status_code == 200
    assert client.get(reverse("twinspace:home", args=[cast.twinspace.pk])).status_code == 200
    assert client.get(reverse("twinspace:forum:threads", args=[cast.twinspace.pk])).status_code == 200
    page = client.get(reverse("twinspace:home", args=[cast.twinspace.pk])).content.decode()
    assert reverse("search:people") not in page  # the teachers' navigation is not shown to pupils
    client.post(reverse("pupils:logout"))
    assert client.get(reverse("twinspace:mine")).status_code == 302


def test_teachers_are_not_limited(client):
    cast = make_twinspace()
    client.force_login(cast.teacher)
    assert client.get(reverse("search:people")).status_code == 200


def test_pupil_profile_is_404_for_teachers(client):
    cast = make_twinspace()
    client.force_login(cast.teacher)
    assert client.get(reverse("profiles:detail", args=[cast.pupil.pk])).status_code == 404


def test_pupils_do_not_appear_in_people_search(client):
    cast = make_twinspace()
    twin = UserFactory(is_validated=True, first_name=cast.pupil.first_name, last_name="Control")
    EmploymentFactory(teacher=twin, validation="validated")
    client.force_login(cast.teacher)
    page = client.get(reverse("search:people"), {"q": cast.pupil.first_name}).content.decode()
    assert page.count('class="card search-person"') == 1  # the teacher of the same name, not the pupil
    assert "Control" in page


def test_teachers_cannot_message_a_pupil():
    cast = make_twinspace()
    from twinning.core.errors import DomainError

    with pytest.raises(DomainError):
        conversation_start(actor=cast.teacher, recipients=[cast.pupil], subject="", body="Hi")


def test_home_feed_shows_nothing_of_pupils(client):
    cast = make_twinspace()
    client.force_login(cast.teacher)
    page = client.get(reverse("home")).content.decode()
    assert cast.pupil.first_name not in page


def test_teachers_login_refuses_a_pupil(client):
    cast = make_twinspace()
    response = client.post(reverse("account_login"), {"login": cast.pupil.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
