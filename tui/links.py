"""Opening a story's link in the browser: http and https only.

A feed can put any scheme in a link (javascript:, file:, a custom handler that
launches a program). The desk only ever wants a web page, so anything else is refused.
"""

from __future__ import annotations

import webbrowser
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")


def is_web_link(url: str | None) -> bool:
    """Whether `url` is an http(s) URL with a host and no control characters or spaces."""
    if not url or any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.hostname)


def open_link(url: str | None) -> bool:
    """Open `url` in the user's browser if it is a web link; return whether it was opened."""
    if not is_web_link(url):
        return False
    assert url is not None
    return bool(webbrowser.open(url))
