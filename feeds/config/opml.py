"""OPML: the feed lists other readers import and export.

Import reads every `<outline>` with an `xmlUrl` (nested folders included) and
appends the feeds the config does not have yet as `[[feeds]]` blocks at the end of
the file, so the user's comments and layout stay as they were.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feeds.config.schema import FeedConfig


class OPMLError(Exception):
    """An OPML file we cannot read; str() says why."""


@dataclass(frozen=True, slots=True)
class OPMLFeed:
    name: str
    url: str


def read_opml(data: bytes, *, source: str = "OPML") -> list[OPMLFeed]:
    """Feeds listed in an OPML document, in document order, without duplicates."""
    if b"<!ENTITY" in data:
        raise OPMLError(f"{source}: entity declarations are not accepted in OPML")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OPMLError(f"{source}: not well-formed XML ({exc})") from None
    if root.tag.lower() != "opml":
        raise OPMLError(f"{source}: expected an <opml> document, found <{root.tag}>")
    feeds: list[OPMLFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        seen.add(url)
        name = (outline.get("title") or outline.get("text") or urlsplit(url).netloc).strip()
        feeds.append(OPMLFeed(" ".join(name.split())[:200], url))
    return feeds


def write_opml(feeds: Sequence[FeedConfig], *, title: str = "frontwatch feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = ET.SubElement(root, "body")
    for feed in feeds:
        ET.SubElement(body, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def toml_blocks(feeds: Sequence[OPMLFeed], existing: Sequence[FeedConfig]) -> tuple[str, int]:
    """`[[feeds]]` blocks for the feeds not already configured (by URL or by name)."""
    urls = {f.url for f in existing}
    names = {f.name.casefold() for f in existing}
    blocks = []
    for feed in feeds:
        if feed.url in urls:
            continue
        name = feed.name
        n = 2
        while name.casefold() in names:
            name = f"{feed.name} ({n})"
            n += 1
        names.add(name.casefold())
        urls.add(feed.url)
        blocks.append(f"[[feeds]]\nname = {_toml_string(name)}\nurl = {_toml_string(feed.url)}\n")
    if not blocks:
        return "", 0
    header = f"\n# Imported from OPML on {datetime.now(UTC):%Y-%m-%d}.\n"
    return header + "\n".join(blocks), len(blocks)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
