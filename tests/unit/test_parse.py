"""The feed boundary: bytes in, plain-text stories out, and nothing else gets past it."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.ingest import FeedParseError, html_to_text, normalise_link, parse_feed
from tests.support.wire import Item, atom, rss

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_summaries_become_plain_text_with_paragraphs_kept():
    text = html_to_text("<p>Shelling near the <b>bridge</b> &amp; the market.</p><p>Two hurt.</p>")
    assert text == "Shelling near the bridge & the market.\n\nTwo hurt."


def test_titles_carry_no_markup():
    body = rss(Item("g1", "<i>Troops</i> advance &lt;east&gt;", "x"))
    (story,) = parse_feed(body, {}, feed="wire", now=NOW).stories
    assert story.title == "Troops advance <east>"


def test_links_are_normalised_for_identity():
    assert (
        normalise_link("HTTPS://News.Example.COM/world/story-1/?utm_source=rss&id=7#top")
        == "https://news.example.com/world/story-1?id=7"
    )


def test_story_id_falls_back_from_guid_to_link_to_a_hash():
    body = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>With link</title><link>http://w.test/a/?utm_medium=x</link></item>
      <item><title>Bare</title></item>
    </channel></rss>"""
    with_link, bare = parse_feed(body, {}, feed="wire", now=NOW).stories
    assert with_link.id == "http://w.test/a"
    assert bare.id.startswith("sha256:")
    again = parse_feed(body, {}, feed="wire", now=NOW).stories[1]
    assert again.id == bare.id  # stable across polls


def test_missing_and_future_dates_become_the_first_seen_time():
    body = rss(
        Item("a", "no date"),
        Item("b", "from the future", published=NOW + timedelta(days=2)),
        Item("c", "yesterday", published=NOW - timedelta(days=1)),
    )
    parsed = parse_feed(body, {}, feed="wire", now=NOW)
    a, b, c = parsed.stories
    assert a.published == NOW and b.published == NOW
    assert parsed.future_dated == 1
    assert c.published == NOW - timedelta(days=1)


def test_a_malformed_feed_keeps_its_good_entries_and_says_what_is_wrong():
    body = rss(Item("a", "First"), Item("b", "Second")).replace(
        b"</channel></rss>", b"<item><title>broken"
    )
    parsed = parse_feed(body, {}, feed="wire", now=NOW)
    assert [s.title for s in parsed.stories][:2] == ["First", "Second"]
    assert parsed.problem is not None and parsed.problem.startswith("malformed feed")


def test_an_html_page_is_not_a_feed():
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", {}, feed="w", now=NOW)


def test_an_entity_expansion_bomb_does_not_expand():
    lol = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>t</title><item><title>&lol4;</title></item></channel></rss>"""
    try:
        stories = parse_feed(lol, {}, feed="w", now=NOW).stories
    except FeedParseError:
        return
    assert all(len(s.title) < 1000 for s in stories)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_past_the_boundary(body):
    with contextlib.suppress(FeedParseError):
        parse_feed(body, {"content-type": "application/rss+xml"}, feed="w", now=NOW)


def test_an_external_entity_never_reads_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t</title>
<item><title>Leak &xxe; here</title><description>and &xxe;</description></item>
</channel></rss>""".encode()
    try:
        stories = parse_feed(body, {}, feed="w", now=NOW).stories
    except FeedParseError:
        return
    assert all("TOP-SECRET" not in s.title + s.summary for s in stories)


def test_an_atom_feed_reads_as_the_same_stories_as_rss():
    items = (
        Item("wire-1", "Troops & tanks <near> Al-Sukhna", "Shelling near the <b>bridge</b>.",
             "http://w.test/a", NOW - timedelta(hours=1)),
        Item("wire-2", "No date", "Talks resumed.", "http://w.test/b"),
    )  # fmt: skip
    from_rss = parse_feed(rss(*items), {}, feed="wire", now=NOW)
    from_atom = parse_feed(atom(*items), {}, feed="wire", now=NOW)
    assert from_atom.problem is None and from_rss.problem is None
    assert from_atom.stories == from_rss.stories
    assert [s.title for s in from_atom.stories] == ["Troops & tanks Al-Sukhna", "No date"]
