"""A feed failure in one line of words a user can act on, for feed health.

httpx wraps the operating system's error; the words come from the innermost cause
("connection refused", "host name does not resolve").
"""

from __future__ import annotations

import httpx

from feeds.ingest.fetch import FetchError
from feeds.ingest.parse import FeedParseError

__all__ = ["describe_error"]


def describe_error(exc: BaseException) -> str:
    """One line for feed health: what went wrong, in words a user can act on."""
    if isinstance(exc, FetchError | FeedParseError):
        return str(exc)
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        if any(isinstance(c, ConnectionRefusedError) for c in causes):
            return "connection refused"
        text = " ".join(str(c) for c in causes)
        if (
            "Name or service not known" in text
            or "nodename nor servname" in text
            or "getaddrinfo" in text
        ):
            return "host name does not resolve (no network, or a wrong URL)"
        if "refused" in text.lower():
            return "connection refused"
        return f"cannot connect ({text or type(exc).__name__})"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.HTTPError):
        return f"{type(exc).__name__}: {exc}"
    return f"unexpected error: {type(exc).__name__}: {exc}"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it, innermost last (httpx wraps the OS error)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain
