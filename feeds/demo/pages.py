"""The demo's article pages: each story's page, inside the clutter of a real news site.

Pure (no sockets): `render_article` answers one request at one simulated hour. The page
text is in feeds/demo/pages/: the summary as the lede, then paragraphs written for the
demo, inside navigation, a cookie banner, a "Most read" box and comments.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from importlib import resources
from string import Template
from typing import Any

from feeds.demo.feed import TEXT_TYPE, DemoResponse, article_path
from feeds.demo.scenario import PACKAGE, Scenario, ScenarioStory

__all__ = ["DemoPage", "DemoPages", "load_pages", "render_article"]

_HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class DemoPage:
    """What the article page of one story says beyond its summary."""

    body: tuple[str, ...] = ()
    """Paragraphs after the lede (the lede is the story's summary)."""
    claims: tuple[Mapping[str, Any], ...] = ()
    """What only the body asserts, as scenario claims (for tests and docs; never served)."""
    comments: tuple[str, ...] = ()
    kind: str = "article"
    """ "article", or "paywall" for a subscriber-only stub."""


@dataclass(frozen=True, slots=True)
class DemoPages:
    """The page template and each story's page text (feeds/demo/pages/)."""

    template: str
    pages: Mapping[str, DemoPage]

    def page(self, story_id: str) -> DemoPage:
        return self.pages.get(story_id, DemoPage())


def load_pages() -> DemoPages:
    """The article pages packaged with frontwatch."""
    folder = resources.files(PACKAGE).joinpath("pages")
    template = folder.joinpath("article.html").read_text(encoding="utf-8")
    data = json.loads(folder.joinpath("articles.json").read_text(encoding="utf-8"))
    pages = {
        str(sid): DemoPage(
            body=tuple(str(p) for p in entry.get("body", ())),
            claims=tuple(entry.get("claims", ())),
            comments=tuple(str(c) for c in entry.get("comments", ())),
            kind=str(entry.get("kind", "article")),
        )
        for sid, entry in data["stories"].items()
    }
    return DemoPages(template, pages)


_PAYWALL_SCHEMA = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
)
_DEFAULT_COMMENTS = ("Thanks for the update.", "Stay safe, everyone.")


def _links(stories: Sequence[ScenarioStory], tag: str) -> str:
    return "\n".join(
        f'      <{tag}><a href="{escape(article_path(s.id))}">{escape(s.title)}</a></{tag}>'
        for s in stories
    )


def render_article(
    scenario: Scenario, pages: DemoPages, story_id: str, hours: float
) -> DemoResponse:
    """Answer GET /articles/<id>.html at simulated hour `hours`: 404 before it is published.

    Around the article: the newest other stories in "Most read" and earlier stories
    of the same front in "More on this story", headlines with distances in them, as
    on a real site; trafilatura must leave them out.
    """
    story = next((s for s in scenario.stories if s.id == story_id), None)
    if story is None or story.at_hours > hours:
        return DemoResponse(404, {"Content-Type": TEXT_TYPE}, b"no such article\n")
    page = pages.page(story_id)
    published = scenario.published(story)
    paragraphs = [story.summary, *page.body] if story.summary else list(page.body)
    if page.kind == "paywall":
        paragraphs = [
            *paragraphs[:2],
            "Subscribe to continue reading. Already a subscriber? Log in.",
        ]
    others = sorted(
        (s for s in scenario.stories if s.at_hours <= hours and s.id != story.id),
        key=lambda s: (s.at_hours, s.id),
        reverse=True,
    )
    front = story.id.split("-", 1)[0]
    related = [s for s in others if s.id.startswith(front) and s.at_hours < story.at_hours]
    feed = scenario.feed(story.feeds[0])
    comments = page.comments or _DEFAULT_COMMENTS
    html = Template(pages.template).substitute(
        title=escape(story.title),
        outlet=escape(feed.name if feed else "Demo Wire"),
        published=published.isoformat(),
        published_text=format_datetime(published, usegmt=True),
        story_id=escape(story.id),
        schema=_PAYWALL_SCHEMA if page.kind == "paywall" else "",
        body="\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs),
        most_read=_links(others[:4], "li"),
        related=_links(related[:3], "li"),
        comments="\n".join(
            f'    <div class="comment"><p class="comment-author">reader{n + 1}</p>'
            f"<p>{escape(c)}</p></div>"
            for n, c in enumerate(comments)
        ),
    )
    return DemoResponse(200, {"Content-Type": _HTML_TYPE}, html.encode("utf-8"))
