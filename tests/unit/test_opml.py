"""OPML in and out: other readers' feed lists join the config without touching its comments."""

from __future__ import annotations

import pytest

from feeds.config import FeedConfig, load_config
from feeds.opml import OPMLError, read_opml, toml_blocks, write_opml
from tests.test_console_script import run

OPML = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>desk</title></head><body>
  <outline text="Middle East">
    <outline text="Levant wire" xmlUrl="https://wire.example.org/levant.xml"/>
    <outline title="Quote &quot;desk&quot;" text="ignored" xmlUrl="https://wire.example.org/quote.xml"/>
  </outline>
  <outline text="Again" xmlUrl="https://wire.example.org/levant.xml"/>
  <outline text="Local file" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


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


def test_the_cli_appends_to_the_users_config_and_keeps_its_comments(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('# my desk\n[[feeds]]\nname = "Mine"\nurl = "https://mine.example.org/rss"\n')
    opml = tmp_path / "desk.opml"
    opml.write_bytes(OPML)
    result = run("--config", str(config), "feeds", "import", str(opml))
    assert result.returncode == 0, result.stderr
    assert "2 feeds added" in result.stdout
    assert config.read_text().startswith("# my desk\n")
    assert [f.name for f in load_config(config).feeds] == ["Mine", "Levant wire", 'Quote "desk"']
    again = run("--config", str(config), "feeds", "import", str(opml))
    assert "0 feeds added, 2 already there" in again.stdout
    exported = run("--config", str(config), "feeds", "export").stdout
    urls = [f.url for f in read_opml(exported.encode())]
    assert urls == ["https://mine.example.org/rss", *urls[1:]] and len(urls) == 3
