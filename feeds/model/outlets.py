"""Outlets: corroboration counts independent outlets, not feeds.

A feed's outlet is its `outlet` key, else the label before the public suffix of its URL's
host, with a few known feed hosts mapped to their publisher (feeds.bbci.co.uk -> "bbc").
A host that is an IP address or "localhost" says nothing about its owner, so such a feed
is its own outlet (the demo's loopback feeds are three outlets).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from feeds.config import FeedConfig

__all__ = ["outlet_of_url", "outlets"]


_TWO_LEVEL_SUFFIXES = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk",
        "com.au", "net.au", "org.au", "co.nz", "org.nz", "co.za", "org.za",
        "co.jp", "ne.jp", "or.jp", "co.kr", "or.kr", "co.in", "net.in", "org.in",
        "com.br", "com.ar", "com.mx", "com.tr", "com.ua", "org.ua", "in.ua", "com.sy",
        "com.eg", "com.sa", "com.qa", "com.lb", "co.il", "org.il", "com.pk", "com.ng",
        "com.cn", "com.hk", "com.sg", "com.tw", "co.id", "com.my", "com.ph",
    }
)  # fmt: skip
"""Public suffixes of two labels, so bbc.co.uk gives "bbc" and not "co"."""

_KNOWN_HOSTS = {
    "bbci": "bbc",
    "dj": "wsj",
    "nyt": "nytimes",
    "guim": "theguardian",
    "rferl": "rferl",
    "feedburner": "",
}
"""Registered-domain labels that are a publisher's feed or CDN domain, -> the outlet.
An empty value means a feed host shared by many publishers: the feed is its own outlet."""


def outlet_of_url(url: str) -> str | None:
    """The outlet a feed URL's host belongs to ("bbc"); None when the host cannot say."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) < 2:
        return None
    size = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES and len(labels) >= 3 else 2
    label = labels[-size]
    known = _KNOWN_HOSTS.get(label, label)
    return known or None


def outlets(feeds: Sequence[FeedConfig]) -> dict[str, str]:
    """feed name -> outlet: the `outlet` key, else from the URL, else the feed's own name."""
    return {f.name: f.outlet or outlet_of_url(f.url) or f.name for f in feeds}
