import pytest
from django.urls import reverse

from tests.twinspace.factories import make_twinspace
from twinning.core.errors import DomainError, PermissionRefused
from twinning.progress.models import ProgressAction
from twinning.twinspace.models import Page
from twinning.twinspace.pages import page_create, page_move, page_update, sanitise_body

pytestmark = pytest.mark.django_db

XSS = [
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<p onclick="alert(1)">hi</p>', "<p>hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="https://example.org">x</a>', '<a href="https://example.org" rel="noopener noreferrer">x</a>'),
    ('<a href="mailto:a@example.org">x</a>', '<a href="mailto:a@example.org" rel="noopener noreferrer">x</a>'),
    ('<a href="/people/3/">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<img src="https://evil.example/x.png" onerror="alert(1)">', "<img>"),
    ('<img src="data:image/png;base64,AAAA">', "<img>"),
    ('<img src="//evil.example/twinspace/1/materials/1/download/">', "<img>"),
    ('<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>"),
    ("<style>body{display:none}</style><h2>T</h2>", "<h2>T</h2>"),
    ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ("<h1>Big</h1>", "Big"),
]


@pytest.mark.parametrize(("dirty", "clean"), XSS)
def test_sanitise_strips_unsafe_html(dirty, clean):
    cast = make_twinspace()
    assert sanitise_body(dirty, twinspace=cast.twinspace) == clean


def test_images_only_from_this_twinspace_materials():
    cast = make_twinspace()
    other = make_twinspace(title="Other")
    own = f'<img src="/twinspace/{cast.twinspace.pk}/materials/4/download/" alt="river">'
    foreign = f'<img src="/twinspace/{other.twinspace.pk}/materials/4/download/">'
    escape = f'<img src="/twinspace/{cast.twinspace.pk}/materials/../../{other.twinspace.pk}/materials/4/download/">'
    assert sanitise_body(own, twinspace=cast.twinspace) == own
    assert sanitise_body(foreign, twinspace=cast.twinspace) == "<img>"
    assert sanitise_body(escape, twinspace=cast.twinspace) == "<img>"


def _image(cast):
    return f'<p>Our trip</p><img src="/twinspace/{cast.twinspace.pk}/materials/1/download/" alt="">'


def test_publishing_a_page_with_images_needs_parental_consent():
    cast = make_twinspace()
    with pytest.raises(DomainError) as refused:
        page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Trip", body=_image(cast), publish=True)
    assert refused.value.field == "parental_consent"
    assert not Page.objects.exists()
    draft = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Trip", body=_image(cast))
    assert draft.status == Page.Status.DRAFT
    with pytest.raises(DomainError):
        page_update(
            actor=cast.teacher_admin, page=draft, title="Trip", body=_image(cast), publish=True, public=False,
            parental_consent=False,
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == Page.Status.DRAFT
    page = page_update(
        actor=cast.teacher_admin, page=draft, title="Trip", body=_image(cast), publish=True, public=True,
        parental_consent=True,
    )  # fmt: skip
    assert page.status == Page.Status.PUBLISHED
    assert page.is_public


def test_text_only_page_publishes_without_consent():
    cast = make_twinspace()
    page = page_create(actor=cast.teacher, twinspace=cast.twinspace, title="Plan", body="<p>x</p>", publish=True)
    assert page.status == Page.Status.PUBLISHED


def test_only_teacher_admin_makes_a_page_public():
    cast = make_twinspace()
    with pytest.raises(PermissionRefused):
        page_create(actor=cast.teacher, twinspace=cast.twinspace, title="P", publish=True, public=True)
    assert not Page.objects.exists()
    page = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="P", publish=True, public=True)
    assert page.is_public


def test_pupil_admin_makes_drafts_only_and_pupils_make_nothing():
    cast = make_twinspace()
    with pytest.raises(PermissionRefused):
        page_create(actor=cast.pupil_admin, twinspace=cast.twinspace, title="P", publish=True)
    page = page_create(actor=cast.pupil_admin, twinspace=cast.twinspace, title="P")
    assert page.status == Page.Status.DRAFT
    for actor in (cast.pupil, cast.visitor):
        with pytest.raises(PermissionRefused):
            page_create(actor=actor, twinspace=cast.twinspace, title="P")


def test_page_creation_records_progress_for_teachers_only():
    cast = make_twinspace()
    page = page_create(actor=cast.teacher, twinspace=cast.twinspace, title="P")
    page_create(actor=cast.pupil_admin, twinspace=cast.twinspace, title="Q")
    assert ProgressAction.objects.filter(user=cast.teacher, kind="twinspace_page_created", key=str(page.pk)).exists()
    assert not ProgressAction.objects.filter(user=cast.pupil_admin).exists()


def test_reorder_pages():
    cast = make_twinspace()
    a, b, c = (page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title=t) for t in "ABC")
    page_move(actor=cast.teacher_admin, page=c, up=True)
    assert list(Page.objects.values_list("title", flat=True)) == ["A", "C", "B"]
    page_move(actor=cast.teacher_admin, page=a, up=True)
    assert list(Page.objects.values_list("title", flat=True)) == ["A", "C", "B"]
    with pytest.raises(PermissionRefused):
        page_move(actor=cast.teacher, page=b, up=True)


def test_a_twinspace_belongs_to_the_projects_section_of_the_top_bar(client):
    space = make_twinspace()
    client.force_login(space.teacher_admin)
    for url in (
        reverse("twinspace:home", args=[space.twinspace.pk]),
        reverse("twinspace:forum:threads", args=[space.twinspace.pk]),
    ):
        html = client.get(url).content.decode()
        assert f'<a href="{reverse("projects:index")}" aria-current="page">' in html
        assert f'<a href="{reverse("home")}" aria-current="page">' not in html
