"""Images of a public page: sent inline to anyone while a published public page shows them, 404 otherwise."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.documents.files import PDF, upload
from tests.profiles.factories import image_bytes
from tests.twinspace.factories import make_twinspace
from twinning.documents.services import document_upload
from twinning.twinspace.engines import library_access
from twinning.twinspace.pages import page_create, page_update
from twinning.twinspace.permissions import space_access

pytestmark = pytest.mark.django_db


def _share(cast, name="river.png", data=None):
    access = library_access(space_access(cast.teacher_admin, cast.twinspace))
    return document_upload(
        actor=cast.teacher_admin,
        library=cast.twinspace.materials,
        access=access,
        title=name,
        upload=upload(name, data if data is not None else image_bytes("PNG", (8, 8))),
    )


def _src(cast, document):
    return reverse("twinspace:materials:download", args=[cast.twinspace.pk, document.pk]) + "?inline=1"


def _page(cast, body, *, public=True, publish=True):
    return page_create(
        actor=cast.teacher_admin,
        twinspace=cast.twinspace,
        title="Our river",
        body=body,
        publish=publish,
        public=public,
        parental_consent=True,
    )


@pytest.fixture
def cast():
    return make_twinspace()


def _img(cast, document):
    return f'<p>The river</p><img src="{_src(cast, document)}" alt="river">'


@pytest.mark.parametrize("who", ["signed_out", "outsider", "other_pupil"])
def test_an_image_on_a_public_page_is_shown_to_anyone_with_safe_headers(client, cast, who):
    image = _share(cast)
    page = _page(cast, _img(cast, image))
    if who == "outsider":
        client.force_login(UserFactory(is_validated=True))
    elif who == "other_pupil":
        client.force_login(make_twinspace(title="Elsewhere").pupil)
    public = client.get(reverse("twinspace:public_page", args=[page.pk]))
    assert public.status_code == 200
    assert _src(cast, image).replace("&", "&amp;") in public.content.decode()

    response = client.get(_src(cast, image))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == image.file.open("rb").read()


def test_outsiders_get_404_for_everything_else_of_the_materials(client, cast):
    shown = _share(cast)
    hidden = _share(cast, "secret.png")
    pdf = _share(cast, "plan.pdf", PDF)
    _page(cast, _img(cast, shown) + f"<p>see {_src(cast, hidden)} and {_src(cast, pdf)}</p>")
    twinspace = cast.twinspace.pk
    assert client.get(_src(cast, hidden)).status_code == 404  # named in the text, not shown as an image
    assert client.get(_src(cast, pdf)).status_code == 404
    assert client.get(reverse("twinspace:materials:download", args=[twinspace, shown.pk])).status_code == 404
    assert client.get(reverse("twinspace:materials:documents", args=[twinspace])).status_code == 404
    assert client.get(reverse("twinspace:materials:delete", args=[twinspace, shown.pk])).status_code in (302, 404)
    client.force_login(UserFactory(is_validated=True))
    assert client.get(reverse("twinspace:materials:documents", args=[twinspace])).status_code == 404
    assert client.get(reverse("twinspace:materials:delete", args=[twinspace, shown.pk])).status_code == 404
    assert client.post(reverse("twinspace:materials:delete", args=[twinspace, shown.pk])).status_code == 404
    assert type(shown).objects.filter(pk=shown.pk).exists()


@pytest.mark.parametrize("state", ["not_public", "draft", "unpublished_later", "other_twinspace"])
def test_an_image_not_on_a_published_public_page_stays_404_for_outsiders(client, cast, state):
    image = _share(cast)
    if state == "not_public":
        _page(cast, _img(cast, image), public=False)
    elif state == "draft":
        _page(cast, _img(cast, image), public=False, publish=False)
    elif state == "unpublished_later":
        page = _page(cast, _img(cast, image))
        assert client.get(_src(cast, image)).status_code == 200
        page_update(
            actor=cast.teacher_admin,
            page=page,
            title=page.title,
            body=page.body,
            publish=False,
            public=False,
            parental_consent=True,
        )
    else:
        # Another TwinSpace's public page cannot point at this one's materials (the source is dropped when saved),
        # and a public page of this TwinSpace showing another image does not open this one.
        other = make_twinspace(title="Elsewhere")
        _page(other, _img(cast, image))
        _page(cast, _img(cast, _share(cast, "other.png")))

    assert client.get(_src(cast, image)).status_code == 404
    # Members still see it.
    client.force_login(cast.pupil)
    assert client.get(_src(cast, image)).status_code == 200
