"""News article pages shaped like real ones, and the story that links to one.

The pages are written for these tests: navigation, a cookie banner, a "Most read"
sidebar, related stories and reader comments, each carrying a statement ("within 3 km
of Kramatorsk") that is not the story's. The body's statements must reach extraction;
the rest must not.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from feeds.types import Story
from tests.support.stories import NOW

HTML = {"Content-Type": "text/html; charset=utf-8"}

BODY = [
    "Russian troops had moved to within 12 km of Kramatorsk by Tuesday evening, a Ukrainian "
    "military spokesman said, after days of heavy shelling along the road from the east.",
    "The spokesman said units defending the approaches had been rotated overnight and that "
    "fresh supplies had reached the city. He gave no figures for losses on either side.",
    "Kramatorsk, an industrial city that housed around 150,000 people before the war, is the "
    "administrative centre of the part of the Donetsk region still held by Kyiv. Residents "
    "described hearing artillery through the night.",
    '"We are not leaving," said a shop owner in the city centre, who asked not to be named. '
    "Queues formed at the last open pharmacy as power was cut for several hours.",
]
ELSEWHERE = "Russian forces within 3 km of Kramatorsk, blogger claims"


def news_page(headline: str, body: list[str], *, extra_head: str = "") -> bytes:
    """A news article page with everything around the article that real ones have."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(headline)} | Test Wire</title>
<meta property="og:title" content="{escape(headline)}">{extra_head}
<style>.cookie-consent {{ position: fixed; bottom: 0 }}</style>
<script>window.dataLayer = [{{"page": "article"}}];</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your
experience and to measure our audience. By continuing you accept our cookie policy.</p>
<button>Accept all</button><button>Manage settings</button></div>
<header><nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a>
</li><li><a href="/europe">Europe</a></li><li><a href="/live">Live: {escape(ELSEWHERE)}</a>
</li></ul></nav></header>
<main><article>
<h1>{escape(headline)}</h1><p class="byline">By Test Reporter, 3 March 2026</p>
<div class="article-body">{paragraphs}</div>
</article>
<aside class="sidebar"><h2>Most read</h2><ul>
<li><a href="/a/1">{escape(ELSEWHERE)}</a></li>
<li><a href="/a/2">Grain prices rise on shipping fears</a></li></ul></aside>
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/a/3">Troops within 3 km of Kramatorsk as fighting nears the city</a></li>
<li><a href="/a/4">Power cuts hit eastern regions</a></li></ul></section>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p class="comment-author">reader42</p>
<p>I heard they are already within 3 km of Kramatorsk, the news is slow.</p></div>
<div class="comment"><p class="comment-author">anna_k</p><p>Stay safe everyone.</p></div>
</section></main>
<footer><p>&copy; Test Wire 2026. All rights reserved. Contact | Privacy | Terms</p></footer>
</body></html>""".encode()


PAYWALL = news_page(
    "Inside the battle for Kramatorsk",
    [
        "Russian troops had moved to within 9 km of Kramatorsk, officers told our correspondent.",
        "Subscribe to continue reading. Already a subscriber? Log in.",
    ],
    extra_head='<script type="application/ld+json">{"@type": "NewsArticle", '
    '"isAccessibleForFree": false}</script>',
)
CONSENT = b"""<!DOCTYPE html><html><head><title>Before you continue</title></head><body>
<h1>Before you continue</h1><p>We and our 842 partners use cookies and data to deliver our
services and to show personalised ads. Choose Accept all to agree, or Reject all.</p>
<form><button>Reject all</button><button>Accept all</button></form>
<a href="/privacy">Privacy settings</a></body></html>"""
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: frontwatch\nDisallow: /private/\n"


def article_story(
    link: str | None, *, sid: str = "s1", feed: str = "Test Wire", hours_ago: float = 1
) -> Story:
    """A feed story about Kramatorsk linking to `link`, published `hours_ago` before NOW.

    Its summary says only that Bakhmut was captured: any distance comes from the page.
    """
    return Story(
        id=sid,
        feed=feed,
        title="Russian forces press towards Kramatorsk",
        link=link,
        published=NOW - timedelta(hours=hours_ago),
        summary="Russian forces captured Bakhmut after months of fighting, officials said.",
    )
