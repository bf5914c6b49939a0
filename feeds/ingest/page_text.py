"""Page to text: the article in an HTML page, without its navigation, banners and comments.

`main_text` pulls the article out of the page with trafilatura, leaving navigation,
cookie banners, related-story links, sidebars and comments behind ("within 3 km of
Kramatorsk" in a "Most read" box is someone else's story), and says when the page is a
paywall or a consent wall rather than an article.

Why trafilatura: in published comparisons of open main-text extractors (the
ScrapingHub article-extraction benchmark; Bevendorff et al., SIGIR 2023) it has the
best mean F1 of the open ones; it drops comments and boilerplate on its own, falls
back to a readability-style pass and to jusText when its own heuristics find too
little, returns plain text (readability-lxml returns HTML we would have to strip),
needs no per-language stop lists (jusText alone does) and is maintained and
Apache-2.0. It needs lxml, and jusText needs `lxml_html_clean` since lxml 5.2.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from feeds.ingest.article_result import Outcome

__all__ = ["MIN_TEXT_CHARS", "PAYWALL_TEASER_CHARS", "looks_like_consent_url", "main_text"]

MIN_TEXT_CHARS = 300
"""Main text shorter than this is "too_little_text": about two feed summaries' worth;
less adds nothing the summary did not say, and is usually a stub or an index page."""
PAYWALL_TEASER_CHARS = 1500
"""With paywall markup on the page, text shorter than this is taken for a teaser; with
only paywall wording ("subscribe to continue reading"), text shorter than twice
`min_chars` is."""

_PAYWALL_MARKUP_RE = re.compile(
    r"""["']isaccessibleforfree["']\s*:\s*["']?false|class=["'][^"']*\bpaywall""",
    re.IGNORECASE,
)
"""What publishers put in the markup of a metered page (schema.org, paywall classes)."""
_PAYWALL_WORDS_RE = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|subscribe to read"
    r"|this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) subscribers"
    r"|subscribers only|to continue reading,? (?:please )?(?:subscribe|log in|sign in)",
    re.IGNORECASE,
)
"""What a reader sees at the cut; also found in promo boxes under full articles."""
_CONSENT_TEXT_RE = re.compile(
    r"cookie|consent|privacy (?:settings|choices|preferences)|accept all|reject all"
    r"|we and our (?:\d+ )?partners",
    re.IGNORECASE,
)
_CONSENT_URL_RE = re.compile(
    r"(?:^|[./])(?:consent|cookies?|privacy-?gate|gdpr)(?:[./?]|$)", re.IGNORECASE
)


def main_text(
    html: bytes, url: str, *, title: str | None = None, min_chars: int = MIN_TEXT_CHARS
) -> tuple[str | None, Outcome]:
    """The article in an HTML page, and the outcome: ok, too_little_text, paywall or
    consent_wall. Pure and synchronous (run it in a thread: ~1-20 ms a page).

    `url` is where the page came from after redirects: a consent gate is often known
    by its address alone. The headline is left out of the text (the feed's `title`, or
    the page's own), so a claim in it is counted once, from the title.
    """
    if looks_like_consent_url(url):
        return None, "consent_wall"
    text = _drop_headline(_extract(html, url), html, title)
    length = len(text or "")
    page = _head_of(html)
    if (length < PAYWALL_TEASER_CHARS and _PAYWALL_MARKUP_RE.search(page)) or (
        length < 2 * min_chars and _PAYWALL_WORDS_RE.search(page)
    ):
        return None, "paywall"
    if length >= min_chars:
        return text, "ok"
    if _CONSENT_TEXT_RE.search(_text_outside_banners(html)):
        return None, "consent_wall"
    return None, "too_little_text"


def _extract(html: bytes, url: str) -> str | None:
    import trafilatura  # 0.1 s to import: only when the first page arrives

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text:
        return None
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p) or None


_TITLE_RE = re.compile(
    r"""<meta[^>]+property=["']og:title["'][^>]+content=["']([^"']*)["']|<title[^>]*>([^<]*)<""",
    re.IGNORECASE,
)


def _drop_headline(text: str | None, html: bytes, title: str | None) -> str | None:
    """The text less a first paragraph that repeats the headline."""
    if not text:
        return text
    first, _, rest = text.partition("\n\n")
    titles = {_fold(title)} if title else set()
    for match in _TITLE_RE.finditer(_head_of(html)[:65536]):
        found = unescape(match.group(1) or match.group(2) or "")
        titles |= {_fold(found), _fold(re.split(r"\s[|\u2013\u2014-]\s", found)[0])}
    return (rest or None) if _fold(first) in titles - {""} else text


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _head_of(html: bytes) -> str:
    """The page as text for marker searches; the first 1 MB is plenty."""
    return html[: 1024 * 1024].decode("utf-8", errors="replace")


def _text_outside_banners(html: bytes) -> str:
    """The page's text less navigation, scripts and cookie banners.

    Most article pages carry a cookie banner; a consent *wall* is a page whose own
    content is the consent request, so banner-like elements (id or class naming
    cookies, consent or GDPR) do not count.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html[: 1024 * 1024])
    except (ValueError, lxml.etree.ParserError):
        return ""
    drop = (
        "//script | //style | //noscript | //nav | //header | //footer | //aside"
        " | //*[re:test(concat(@id, ' ', @class), 'cookie|consent|gdpr|banner', 'i')]"
    )
    for element in root.xpath(drop, namespaces={"re": "http://exslt.org/regular-expressions"}):
        if element.getparent() is not None:
            element.drop_tree()
    return " ".join(root.text_content().split())


def looks_like_consent_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_CONSENT_URL_RE.search(parts.netloc) or _CONSENT_URL_RE.search(parts.path))
