"""A step's text: the same short list of tags as TwinSpace pages, without images.

The text is cleaned with nh3 whenever a step is saved, so what is stored is
what is shown: links only to http(s) and mailto addresses, no scripts, no styles.
"""

from urllib.parse import urlsplit

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
LINK_SCHEMES = {"http", "https", "mailto"}


def sanitise_step_body(html: str) -> str:
    """The step text with only allowed tags and attributes; unsafe links dropped."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return value if urlsplit(value.strip()).scheme.lower() in LINK_SCHEMES else None
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
