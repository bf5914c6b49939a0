"""Polite, bounded HTTP fetches of feeds.

Why not `response.aread()`: a feed server can send an endless body, drip one byte a
second, or send a gzip bomb that is small on the wire and gigabytes decompressed.
So we read raw chunks as a stream, decompress them ourselves with a bound on the
output (`max_length`), stop at `max_bytes` counted after decompression, and put the
whole exchange under a total deadline.

Errors are exceptions whose `str()` is the sentence feed health shows.

    FetchError
    ├── HTTPStatusError   a 4xx/5xx answer (status, and Retry-After when given)
    ├── BodyTooLarge      more than max_bytes after decompression
    ├── BadEncoding       a compressed body that does not decompress
    └── Timeout           no answer, or the whole exchange took too long
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

MAX_BODY_BYTES = 10 * 1024 * 1024
"""Default cap on a feed body, counted after decompression."""
PERMANENT_REDIRECTS = {301, 308}


class FetchError(Exception):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, status: int, reason: str, retry_after_s: float | None = None) -> None:
        text = f"HTTP {status} {reason}".strip()
        if status == 410:
            text = "HTTP 410 Gone: the publisher removed this feed; polling stopped"
        elif retry_after_s is not None:
            text += f" (server asks to wait {retry_after_s:.0f} s)"
        super().__init__(text)
        self.status = status
        self.retry_after_s = retry_after_s


class BodyTooLarge(FetchError):
    pass


class BadEncoding(FetchError):
    pass


class Timeout(FetchError):
    pass


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int
    """200, or 304 (then `body` is empty)."""
    body: bytes
    headers: dict[str, str]
    url: str
    """Where the body finally came from, after redirects."""
    moved_to: str | None
    """The new address when the feed answered with a permanent redirect (301/308)."""


class Limits:
    """Concurrency: at most `per_host` requests to one host, `total` in all."""

    def __init__(self, *, per_host: int = 2, total: int = 16) -> None:
        self.per_host = per_host
        self._total = asyncio.Semaphore(total)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def host(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.per_host)
        return sem

    @property
    def total(self) -> asyncio.Semaphore:
        return self._total


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits | None = None,
    max_bytes: int = MAX_BODY_BYTES,
    deadline_s: float = 60.0,
) -> Fetched:
    """GET `url` conditionally, within the limits; see the module docstring."""
    headers = {"Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline_s):
            if limits is None:
                return await _get(client, url, headers, max_bytes)
            async with limits.total, limits.host(url):
                return await _get(client, url, headers, max_bytes)
    except TimeoutError as exc:
        raise Timeout(f"timed out: no complete answer within {deadline_s:.0f} s") from exc
    except httpx.TimeoutException as exc:
        what = {
            httpx.ConnectTimeout: "could not connect",
            httpx.ReadTimeout: "the server stopped sending",
            httpx.PoolTimeout: "no free connection",
        }.get(type(exc), "no answer")
        raise Timeout(f"timed out: {what}") from exc


async def _get(
    client: httpx.AsyncClient, url: str, headers: Mapping[str, str], max_bytes: int
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        moved_to = None
        for hop in response.history:
            if hop.status_code in PERMANENT_REDIRECTS:
                moved_to = str(response.url)
                break
        if response.status_code == 304:
            return Fetched(304, b"", dict(response.headers), str(response.url), moved_to)
        if response.status_code >= 400:
            retry = retry_after_s(response.headers.get("Retry-After"))
            raise HTTPStatusError(response.status_code, response.reason_phrase, retry)
        body = await _read_bounded(response, max_bytes)
        return Fetched(
            response.status_code, body, dict(response.headers), str(response.url), moved_to
        )


async def _read_bounded(response: httpx.Response, max_bytes: int) -> bytes:
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    decoder = None
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding not in ("", "identity"):
        raise BadEncoding(f"unsupported Content-Encoding {encoding!r}")
    out = bytearray()
    too_large = BodyTooLarge(f"response larger than {max_bytes / 1e6:g} MB, cut off")
    async for raw in response.aiter_raw():
        if decoder is None:
            out += raw
        else:
            data = raw
            while data:
                try:
                    chunk = decoder.decompress(data, max_bytes + 1 - len(out))
                except zlib.error as exc:
                    raise BadEncoding(f"{encoding} body does not decompress ({exc})") from exc
                out += chunk
                if len(out) > max_bytes:
                    raise too_large
                data = decoder.unconsumed_tail
        if len(out) > max_bytes:
            raise too_large
    return bytes(out)


def retry_after_s(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After in seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
