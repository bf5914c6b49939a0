"""robots.txt, fetched through our own polite `fetch()` and cached per host.

Why not `RobotFileParser.read()`: it opens its own blocking urllib connection with
no timeout, no size cap and not our User-Agent. We fetch the bytes with the shared
httpx client under the same per-host limits as everything else, then hand the lines
to `urllib.robotparser`.

What an answer means (RFC 9309, section 2.3.1):

- 2xx: the rules in the file;
- 4xx (404 above all): no rules, everything allowed;
- 5xx, a timeout, a refused connection: the site is unreachable, so everything is
  disallowed for now, and retried sooner than a good answer is.

Times are seconds on `time.monotonic()`.
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from feeds.ingest.fetch import BodyTooLarge, FetchError, HTTPStatusError, Limits, fetch

ROBOTS_MAX_BYTES = 512 * 1024
"""RFC 9309 asks parsers to read at least 500 KiB; past that the file is cut off."""
ROBOTS_TTL_S = 24 * 3600.0
"""A fetched robots.txt is trusted this long (RFC 9309: not more than 24 hours)."""
ROBOTS_RETRY_S = 15 * 60.0
"""An unreachable robots.txt is asked again after this long; until then, no fetching."""
ROBOTS_DEADLINE_S = 15.0
"""Whole-exchange deadline for one robots.txt, seconds."""
MAX_HOSTS = 2048
"""Hosts kept in the cache; the least recently used is dropped past this."""
AGENT = "frontwatch"
"""The product token robots.txt groups are matched against."""


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """One host's rules, or a blanket allow / deny."""

    parser: urllib.robotparser.RobotFileParser | None
    allow_all: bool
    expires: float
    """Monotonic seconds after which the rules are fetched again."""
    note: str
    """Why: "rules", "no robots.txt (HTTP 404)", "unreachable: ..."."""

    def allows(self, url: str, agent: str = AGENT) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(agent, url)


def robots_url(url: str) -> str:
    """The robots.txt that governs `url`: same scheme, host and port."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def parse_robots(body: bytes, *, expires: float) -> RobotsRules:
    """Rules from robots.txt bytes (UTF-8; undecodable bytes are replaced, not fatal)."""
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return RobotsRules(parser, allow_all=True, expires=expires, note="rules")


class RobotsCache:
    """Per-host robots.txt rules; concurrent asks for one host share one fetch."""

    def __init__(
        self,
        *,
        agent: str = AGENT,
        ttl_s: float = ROBOTS_TTL_S,
        retry_s: float = ROBOTS_RETRY_S,
        deadline_s: float = ROBOTS_DEADLINE_S,
        max_hosts: int = MAX_HOSTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.agent = agent
        self.ttl_s = ttl_s
        self.retry_s = retry_s
        self.deadline_s = deadline_s
        self.max_hosts = max_hosts
        self._clock = clock
        self._rules: OrderedDict[str, RobotsRules] = OrderedDict()
        self._pending: dict[str, asyncio.Future[RobotsRules]] = {}
        self.fetches = 0
        """robots.txt files requested so far (to show the cache works)."""

    async def allowed(
        self, client: httpx.AsyncClient, url: str, limits: Limits | None = None
    ) -> tuple[bool, str]:
        """May `url` be fetched? Returns (allowed, why) — why is for the story's outcome."""
        rules = await self.rules(client, url, limits)
        ok = rules.allows(url, self.agent)
        return ok, ("allowed" if ok else f"robots.txt disallows it ({rules.note})")

    async def rules(
        self, client: httpx.AsyncClient, url: str, limits: Limits | None = None
    ) -> RobotsRules:
        key = robots_url(url)
        cached = self._rules.get(key)
        if cached is not None and cached.expires > self._clock():
            self._rules.move_to_end(key)
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[RobotsRules] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            rules = await self._fetch(client, key, limits)
            future.set_result(rules)
        except BaseException as exc:  # cancelled: waiters must not hang
            future.set_exception(exc)
            future.exception()  # mark retrieved: no "never retrieved" warning
            raise
        finally:
            del self._pending[key]
        self._rules[key] = rules
        self._rules.move_to_end(key)
        while len(self._rules) > self.max_hosts:
            self._rules.popitem(last=False)
        return rules

    async def _fetch(
        self, client: httpx.AsyncClient, url: str, limits: Limits | None
    ) -> RobotsRules:
        self.fetches += 1
        try:
            fetched = await fetch(
                client,
                url,
                limits=limits,
                max_bytes=ROBOTS_MAX_BYTES,
                deadline_s=self.deadline_s,
            )
        except HTTPStatusError as exc:
            if exc.status < 500:
                note = f"no robots.txt (HTTP {exc.status})"
                return RobotsRules(None, True, self._clock() + self.ttl_s, note)
            return self._unreachable(str(exc))
        except BodyTooLarge:
            return self._unreachable(f"robots.txt larger than {ROBOTS_MAX_BYTES} bytes")
        except FetchError as exc:
            return self._unreachable(str(exc))
        except httpx.HTTPError as exc:
            return self._unreachable(f"{type(exc).__name__}")
        return parse_robots(fetched.body, expires=self._clock() + self.ttl_s)

    def _unreachable(self, why: str) -> RobotsRules:
        return RobotsRules(None, False, self._clock() + self.retry_s, f"unreachable: {why}")
