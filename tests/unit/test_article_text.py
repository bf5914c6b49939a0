"""An article page's main text, composed with its story; which stories are worth fetching.

The pages (tests/support/pages.py) are shaped like real news pages: navigation, a
cookie banner, a "Most read" sidebar, related stories and reader comments, each carrying
a statement ("within 3 km of Kramatorsk") that is not the story's. The body's statements
must reach extraction; the rest must not.
"""

from __future__ import annotations

import httpx

from feeds.extract import Extractor
from feeds.geo import Gazetteer
from feeds.ingest import ArticleQueue, Limits, compose, main_text
from feeds.model import Front, Objective, is_relevant
from feeds.types import Story
from tests.support.pages import BODY, CONSENT, NOW, article_story, news_page

# --- main text ----------------------------------------------------------------------------


def test_main_text_keeps_the_body_and_drops_what_surrounds_it() -> None:
    page = news_page("Russian forces press towards Kramatorsk", BODY)
    text, outcome = main_text(page, "http://wire.test/news/kramatorsk.html")
    assert outcome == "ok" and text is not None
    for paragraph in BODY:
        assert paragraph in text
    assert "3 km" not in text
    for boilerplate in ("cookies", "Most read", "Related stories", "reader42", "Stay safe", "©"):
        assert boilerplate not in text
    assert text.split("\n\n") == BODY


def test_sidebar_and_related_headlines_make_no_claim_but_the_body_does(
    gazetteer: Gazetteer,
) -> None:
    page = news_page("Russian forces press towards Kramatorsk", BODY)
    text, _ = main_text(page, "http://wire.test/news/kramatorsk.html")
    s = article_story("http://wire.test/news/kramatorsk.html")
    summary_only = Extractor(gazetteer).extract(compose(s, None).text, countries=("UA",))
    composed = compose(s, text)
    full = Extractor(gazetteer).extract(composed.text, countries=("UA",))
    assert [d.value_km for d in summary_only.distances] == []
    assert [(d.value_km, d.reference and d.reference.name) for d in full.distances] == [
        (12, "Kramatorsk")
    ]
    assert composed.part_at(full.distances[0].start) == "article"
    # The summary's capture is still there, at the same offsets, from the summary.
    assert (
        [(c.event, c.place.name) for c in full.control]
        == [(c.event, c.place.name) for c in summary_only.control]
        == [("captured", "Bakhmut")]
    )
    assert full.control[0].start == summary_only.control[0].start
    assert composed.part_at(full.control[0].start) == "summary"


def test_compose_puts_each_part_where_it_says() -> None:
    s = article_story("http://x/")
    composed = compose(s, "First paragraph.\n\nSecond.")
    assert composed.text.startswith(s.text)
    for part, want in (
        ("title", s.title),
        ("summary", s.summary),
        ("article", "First paragraph.\n\nSecond."),
    ):
        span = composed.part(part)  # type: ignore[arg-type]
        assert span is not None and composed.text[span.start : span.end] == want
    assert compose(s, None).text == s.text
    assert [p.name for p in compose(s, None).parts] == ["title", "summary"]


def test_a_consent_page_without_a_redirect_is_still_a_consent_wall() -> None:
    assert main_text(CONSENT, "http://wire.test/news/a.html") == (None, "consent_wall")
    assert (
        main_text(b"<html>x</html>", "https://consent.wire.test/?continue=x")[1] == "consent_wall"
    )
    # An article about cookies is not a consent page.
    page = news_page("Cookie sales soar", BODY)
    assert main_text(page, "http://wire.test/news/cookie-sales-soar.html")[1] == "ok"


def test_a_full_article_with_a_subscribe_box_is_not_a_paywall() -> None:
    long_body = [*BODY, *BODY]
    page = news_page("Long read", [*long_body, "Subscribe to continue reading our coverage."])
    assert main_text(page, "http://wire.test/news/long.html")[1] == "ok"


# --- offering stories to the queue ---------------------------------------------------


def _queue(**kwargs: object) -> ArticleQueue:
    return ArticleQueue(
        lambda: httpx.AsyncClient(),
        Limits(),
        on_done=lambda s, r: None,
        clock=lambda: NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def test_offer_follows_the_feed_mode_relevance_age_and_links() -> None:
    queue = _queue(max_age_h=48)
    link = "http://wire.test/a"
    assert not queue.offer(article_story(link, sid="a"), "never", relevant=True)
    assert not queue.offer(article_story(link, sid="b"), "relevant", relevant=False)
    assert queue.offer(article_story(link, sid="c"), "relevant", relevant=True)
    assert queue.offer(article_story(link, sid="d"), "all", relevant=False)
    assert not queue.offer(article_story(link, sid="d"), "all", relevant=False)  # once per story
    assert not queue.offer(article_story(link, sid="e", hours_ago=49), "all", relevant=True)
    assert not queue.offer(article_story(None, sid="f"), "all", relevant=True)
    assert not queue.offer(article_story("ftp://wire.test/a", sid="g"), "all", relevant=True)
    assert queue.progress.queued == 2


# --- relevance ------------------------------------------------------------------------------


def test_relevance_is_a_front_place_a_claim_or_a_named_actor(gazetteer: Gazetteer) -> None:
    extractor = Extractor(gazetteer)
    pokrovsk = gazetteer.resolve("Pokrovsk", ("UA",))
    assert pokrovsk is not None
    front = Front(
        "Pokrovsk",
        attacker=("Russian forces", "troops"),
        defender=("Ukrainian forces",),
        countries=("UA",),
        objectives={pokrovsk.geonameid: Objective(pokrovsk)},
    )

    def relevant(title: str, summary: str = "", keywords: tuple[str, ...] = ()) -> bool:
        s = Story("x", "f", title, "http://x/", NOW, summary)
        return is_relevant(s, extractor.extract(s.text, countries=("UA",)), [front], keywords)

    assert relevant("Shelling hits Pokrovsk railway station")
    assert relevant("Power cuts in Kharkiv")  # a place in the front's country
    assert relevant("Russian forces step up drone attacks")  # a named actor
    assert not relevant("Grain prices rise on shipping worries")
    assert not relevant("Troops parade in Paris")  # generic alias, a place elsewhere
    assert relevant("Grain prices rise", keywords=("grain",))
