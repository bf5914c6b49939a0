"""OPML in and out: other readers' feed lists, read and written."""

from __future__ import annotations

import pytest

from feeds.config import FeedConfig, OPMLError, read_opml, toml_blocks, write_opml
from tests.support.paths import DATA

OPML = (DATA / "desk.opml").read_bytes()
"""A desk's feed list from another reader: nested, repeated, one local file."""


def test_nested_outlines_are_read_once_and_only_http():
    feeds = read_opml(OPML)
    assert [(f.name, f.url) for f in feeds] == [
        ("Levant wire", "https://wire.example.org/levant.xml"),
        ('Quote "desk"', "https://wire.example.org/quote.xml"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<opml><body>", "not well-formed XML"),
        (b"<rss/>", "expected an <opml> document, found <rss>"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><opml/>', "entity declarations are not accepted"),
    ],
)
def test_bad_opml_says_why(data, message):
    with pytest.raises(OPMLError, match=message):
        read_opml(data, source="desk.opml")


def test_export_then_import_round_trips():
    feeds = (
        FeedConfig("A & B", "https://a.example.org/rss"),
        FeedConfig("C", "http://c.example/f"),
    )
    again = read_opml(write_opml(feeds).encode())
    assert [(f.name, f.url) for f in again] == [(f.name, f.url) for f in feeds]


def test_only_new_feeds_become_blocks_and_names_stay_unique():
    existing = (FeedConfig("Levant wire", "https://other.example.org/x.xml"),)
    text, added = toml_blocks(read_opml(OPML), existing)
    assert added == 2
    assert 'name = "Levant wire (2)"' in text and 'name = "Quote \\"desk\\""' in text
