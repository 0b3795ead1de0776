"""TwinSpace pages: rich text sanitised when saved, drafts and publication, the public toggle and parental consent.

The text is cleaned with nh3 on every save, so what is stored is what is
shown: a short list of tags, links only to http(s) and mailto addresses, and
images only from this TwinSpace's own materials (any other source is dropped).
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.progress.services import progress_record
from twinning.twinspace.models import Page, TwinSpace
from twinning.twinspace.permissions import SpaceAccess, public_pages, space_access

TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "img", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
LINK_SCHEMES = {"http", "https", "mailto"}
_IMG_WITH_SRC = re.compile(r"<img\b[^>]*\bsrc=", re.IGNORECASE)
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.IGNORECASE)


def materials_prefix(twinspace: TwinSpace) -> str:
    """Images may show only files of this TwinSpace's materials, served under this path."""
    return f"/twinspace/{twinspace.pk}/materials/"


def material_image_path(twinspace: TwinSpace, document_pk: int) -> str:
    """The address a page's `<img src>` uses for one image of the materials (add `?inline=1` to show it)."""
    return f"{materials_prefix(twinspace)}{document_pk}/download/"


def shown_on_public_page(*, twinspace: TwinSpace, document_pk: int) -> bool:
    """Whether a published public page of `twinspace` shows this document as an image.

    Such an image may be sent to anyone, signed out included, so that the
    public page does not show broken pictures; every other file of the
    materials stays for members only. The bodies were sanitised when saved,
    so their attributes are double-quoted.
    """
    path = material_image_path(twinspace, document_pk)
    bodies = public_pages().filter(twinspace_id=twinspace.pk, body__contains=path).values_list("body", flat=True)
    return any(urlsplit(html.unescape(src)).path == path for body in bodies for src in _IMG_SRC.findall(body))


def sanitise_body(html: str, *, twinspace: TwinSpace) -> str:
    """The page text with only allowed tags and attributes; unsafe links and foreign images dropped."""
    prefix = materials_prefix(twinspace)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return value if urlsplit(value.strip()).scheme.lower() in LINK_SCHEMES else None
        if tag == "img" and attribute == "src":
            parts = urlsplit(value.strip())
            if parts.scheme or parts.netloc or not parts.path.startswith(prefix) or ".." in parts.path:
                return None
            return value.strip()
        return value

    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    ).strip()


def shows_images(body: str) -> bool:
    return bool(_IMG_WITH_SRC.search(body))


def _access(actor: User, twinspace: TwinSpace) -> SpaceAccess:
    access = space_access(actor, twinspace)
    if not access.can_read:
        raise PermissionRefused()
    if twinspace.is_closed:
        raise DomainError(_("This TwinSpace is closed: it can be read but no longer changed."))
    return access


def _fill(
    page: Page, *, access: SpaceAccess, title: str, body: str, publish: bool, public: bool, consent: bool
) -> None:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give the page a title."), field="title")
    if len(title) > 200:
        raise DomainError(_("The title can be at most %(max)d characters long.") % {"max": 200}, field="title")
    page.title = title
    page.body = sanitise_body(body, twinspace=page.twinspace)
    page.parental_consent = consent
    if publish and not access.can_publish_page(page if page.pk else None):
        raise PermissionRefused(_("Only a teacher can publish this page."))
    if public and not access.can_make_public:
        raise PermissionRefused(_("Only a teacher administrator can make a page public."))
    if publish and shows_images(page.body) and not consent:
        raise DomainError(
            _(
                "This page shows images: tick “parental consent on file” to publish it, once the parents of "
                "every pupil shown have agreed. You can keep it as a draft meanwhile."
            ),
            field="parental_consent",
        )
    page.status = Page.Status.PUBLISHED if publish else Page.Status.DRAFT
    if access.can_make_public:
        page.is_public = public and publish
    elif not publish:
        page.is_public = False
    page.full_clean()


@transaction.atomic
def page_create(
    *,
    actor: User,
    twinspace: TwinSpace,
    title: str,
    body: str = "",
    publish: bool = False,
    public: bool = False,
    parental_consent: bool = False,
) -> Page:
    """Adds a page at the end (teacher administrators and members, pupil administrators).

    Teachers may publish it at once; only a teacher administrator makes it
    public; a page showing images is published only with parental consent on
    file. A teacher's first page counts for their progress.
    """
    access = _access(actor, twinspace)
    if not access.can_create_page:
        raise PermissionRefused()
    page = Page(twinspace=twinspace, created_by=actor)
    _fill(page, access=access, title=title, body=body, publish=publish, public=public, consent=parental_consent)
    last = Page.objects.filter(twinspace_id=twinspace.pk).aggregate(last=Max("position"))["last"]
    page.position = 0 if last is None else last + 1
    page.save()
    if access.is_teacher:
        progress_record(user=actor, kind="twinspace_page_created", key=str(page.pk))
    return page


@transaction.atomic
def page_update(
    *,
    actor: User,
    page: Page,
    title: str,
    body: str,
    publish: bool,
    public: bool,
    parental_consent: bool,
) -> Page:
    """Changes a page: its author, or a teacher administrator; the same publication rules as when created.

    Only a teacher administrator changes the public toggle; a teacher member
    editing a public page keeps it public unless they unpublish it. Pupil
    administrators edit their pages while they are drafts.
    """
    access = _access(actor, page.twinspace)
    if not access.can_edit_page(page):
        raise PermissionRefused()
    page = Page.objects.select_for_update().select_related("twinspace").get(pk=page.pk)
    if not access.can_make_public:
        public = page.is_public
    _fill(page, access=access, title=title, body=body, publish=publish, public=public, consent=parental_consent)
    page.save()
    return page


@transaction.atomic
def page_move(*, actor: User, page: Page, up: bool) -> None:
    """Swaps a page with its neighbour above or below (teacher administrators); nothing at either end."""
    access = _access(actor, page.twinspace)
    if not access.can_reorder_pages:
        raise PermissionRefused()
    pages = list(Page.objects.select_for_update().filter(twinspace_id=page.twinspace_id).order_by("position", "pk"))
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(pages):
        return
    pages[index], pages[other] = pages[other], pages[index]
    for position, item in enumerate(pages):
        if item.position != position:
            Page.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def page_delete(*, actor: User, page: Page) -> None:
    """Deletes a page: its author, or a teacher administrator."""
    access = _access(actor, page.twinspace)
    if not access.can_delete_page(page):
        raise PermissionRefused()
    Page.objects.filter(twinspace_id=page.twinspace_id, position__gt=page.position).update(position=F("position") - 1)
    page.delete()
