"""Read the whole story: fetch the page behind a feed item and keep its main text.

Feeds carry a headline and a sentence; the distances this dashboard lives on sit in
the article body. So for each story relevant to a front (or every story, per feed)
the `ArticleQueue` fetches the page at its link, politely, and `main_text` pulls the
article out of the page with trafilatura, leaving navigation, cookie banners,
related-story links, sidebars and comments behind ("within 3 km of Kramatorsk" in a
"Most read" box is someone else's story).

Why trafilatura: in published comparisons of open main-text extractors (the
ScrapingHub article-extraction benchmark; Bevendorff et al., SIGIR 2023) it has the
best mean F1 of the open ones; it drops comments and boilerplate on its own, falls
back to a readability-style pass and to jusText when its own heuristics find too
little, returns plain text (readability-lxml returns HTML we would have to strip),
needs no per-language stop lists (jusText alone does) and is maintained and
Apache-2.0. It needs lxml, and jusText needs `lxml_html_clean` since lxml 5.2.

Fetching never delays a feed poll or the screen: the queue has its own worker tasks
and its own concurrency, shares the engine's httpx client (User-Agent names
frontwatch) and per-host `Limits`, asks `robots.txt` first, and caps each page in
bytes and seconds. Every story ends in one `Outcome`; anything but "ok" means the
story keeps its summary only.

Units: seconds, bytes, hours (`max_age_h`), UTC datetimes.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
import inspect
import itertools
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Literal, get_args
from urllib.parse import urlsplit

import httpx

from feeds.config import ArticlesMode
from feeds.fetch import BodyTooLarge, FetchError, HTTPStatusError, Limits, Timeout, fetch
from feeds.model import Front
from feeds.robots import RobotsCache
from feeds.types import Extraction, Story

__all__ = [
    "ARTICLE_MAX_BYTES",
    "OUTCOMES",
    "ArticleProgress",
    "ArticleQueue",
    "ArticleResult",
    "Composed",
    "Outcome",
    "Part",
    "compose",
    "is_relevant",
    "main_text",
]

Outcome = Literal[
    "ok",
    "too_little_text",
    "paywall",
    "consent_wall",
    "http_error",
    "robots_disallowed",
    "not_html",
    "too_large",
    "timeout",
    "error",
]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
PartName = Literal["title", "summary", "article"]

ARTICLE_MAX_BYTES = 4 * 1024 * 1024
"""Cap on one article page after decompression, bytes. News pages with inline scripts
run to 1-2 MB; past 4 MB it is not an article page."""
ARTICLE_DEADLINE_S = 30.0
"""Whole-exchange deadline for one page, seconds."""
MIN_TEXT_CHARS = 300
"""Main text shorter than this is "too_little_text": about two feed summaries' worth;
less adds nothing the summary did not say, and is usually a stub or an index page."""
PAYWALL_TEASER_CHARS = 1500
"""With paywall markup on the page, text shorter than this is taken for a teaser; with
only paywall wording ("subscribe to continue reading"), text shorter than twice
`min_chars` is."""
SEEN_CAP = 20_000
"""Story ids remembered so one story is not fetched twice (bounded memory)."""

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAYWALL_MARKUP_RE = re.compile(
    r"""["']isaccessibleforfree["']\s*:\s*["']?false|class=["'][^"']*\bpaywall""",
    re.IGNORECASE,
)
"""What publishers put in the markup of a metered page (schema.org, paywall classes)."""
_PAYWALL_WORDS_RE = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|subscribe to read"
    r"|this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) subscribers"
    r"|subscribers only|to continue reading,? (?:please )?(?:subscribe|log in|sign in)",
    re.IGNORECASE,
)
"""What a reader sees at the cut; also found in promo boxes under full articles."""
_CONSENT_TEXT_RE = re.compile(
    r"cookie|consent|privacy (?:settings|choices|preferences)|accept all|reject all"
    r"|we and our (?:\d+ )?partners",
    re.IGNORECASE,
)
_CONSENT_URL_RE = re.compile(
    r"(?:^|[./])(?:consent|cookies?|privacy-?gate|gdpr)(?:[./?]|$)", re.IGNORECASE
)


# --- values ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """How fetching one story's article ended. Only "ok" carries text."""

    story_id: str
    feed: str
    """The feed (outlet) the story came from: outcomes are counted per feed."""
    url: str
    """The page asked for (the story's link)."""
    outcome: Outcome
    text: str | None
    """The main text, paragraphs separated by a blank line; None unless outcome is ok."""
    status: int | None
    """The HTTP status of the answer, when there was one."""
    detail: str
    """One line for the story detail and feed health ("HTTP 404 Not Found", "paywall")."""
    final_url: str | None = None
    """Where the page finally came from, after redirects."""
    fetched_at: datetime | None = None
    """UTC, real time."""
    elapsed_s: float = 0.0
    """From the worker picking the story up to the result, seconds (robots, fetch, extract)."""


@dataclass(frozen=True, slots=True)
class ArticleProgress:
    """A snapshot for the status line ("articles: 12 queued, 2 fetching, 40 done")."""

    queued: int
    fetching: int
    done: int
    dropped: int
    """Stories offered while the queue was full, or pushed out of it by newer ones."""
    by_outcome: dict[str, int]
    by_outlet: dict[str, dict[str, int]]
    """Feed name -> outcome -> count."""


# --- relevance ------------------------------------------------------------------------


def is_relevant(
    story: Story, extraction: Extraction, fronts: Iterable[Front], keywords: Sequence[str] = ()
) -> bool:
    """Does this story concern a front, so that its article is worth a request?

    Yes when its title + summary name one of a front's objectives or any place in a
    front's countries, state a force position or a change of control anywhere (what
    the model can use, even for a front not yet discovered), name an actor alias
    that is a proper name ("Russian forces", "Daesh"; generic lowercase aliases like
    "troops" match half the world's news), or contain one of `keywords`.
    """
    if extraction.control or any(d.kind == "force_position" for d in extraction.distances):
        return True
    fronts = list(fronts)
    for mention in extraction.places:
        place = mention.place
        for front in fronts:
            if place.geonameid in front.objectives or place.country in front.countries:
                return True
    names = [a for f in fronts for a in (*f.attacker, *f.defender) if a != a.casefold()]
    phrases = tuple(sorted({n.casefold() for n in (*names, *keywords) if n.strip()}))
    return bool(phrases) and _phrases_rx(phrases).search(story.text.casefold()) is not None


@functools.lru_cache(maxsize=64)
def _phrases_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of a model's names: one scan per story, not one per name."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# --- main text (pure) -----------------------------------------------------------------


def main_text(
    html: bytes, url: str, *, title: str | None = None, min_chars: int = MIN_TEXT_CHARS
) -> tuple[str | None, Outcome]:
    """The article in an HTML page, and the outcome: ok, too_little_text, paywall or
    consent_wall. Pure and synchronous (run it in a thread: ~1-20 ms a page).

    `url` is where the page came from after redirects: a consent gate is often known
    by its address alone. The headline is left out of the text (the feed's `title`, or
    the page's own), so a claim in it is counted once, from the title.
    """
    if _looks_like_consent_url(url):
        return None, "consent_wall"
    text = _drop_headline(_extract(html, url), html, title)
    length = len(text or "")
    page = _head_of(html)
    if (length < PAYWALL_TEASER_CHARS and _PAYWALL_MARKUP_RE.search(page)) or (
        length < 2 * min_chars and _PAYWALL_WORDS_RE.search(page)
    ):
        return None, "paywall"
    if length >= min_chars:
        return text, "ok"
    if _CONSENT_TEXT_RE.search(_text_outside_banners(html)):
        return None, "consent_wall"
    return None, "too_little_text"


def _extract(html: bytes, url: str) -> str | None:
    import trafilatura  # 0.1 s to import: only when the first page arrives

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text:
        return None
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p) or None


_TITLE_RE = re.compile(
    r"""<meta[^>]+property=["']og:title["'][^>]+content=["']([^"']*)["']|<title[^>]*>([^<]*)<""",
    re.IGNORECASE,
)


def _drop_headline(text: str | None, html: bytes, title: str | None) -> str | None:
    """The text less a first paragraph that repeats the headline."""
    if not text:
        return text
    first, _, rest = text.partition("\n\n")
    titles = {_fold(title)} if title else set()
    for match in _TITLE_RE.finditer(_head_of(html)[:65536]):
        found = unescape(match.group(1) or match.group(2) or "")
        titles |= {_fold(found), _fold(re.split(r"\s[|\u2013\u2014-]\s", found)[0])}
    return (rest or None) if _fold(first) in titles - {""} else text


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _head_of(html: bytes) -> str:
    """The page as text for marker searches; the first 1 MB is plenty."""
    return html[: 1024 * 1024].decode("utf-8", errors="replace")


def _text_outside_banners(html: bytes) -> str:
    """The page's text less navigation, scripts and cookie banners.

    Most article pages carry a cookie banner; a consent *wall* is a page whose own
    content is the consent request, so banner-like elements (id or class naming
    cookies, consent or GDPR) do not count.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html[: 1024 * 1024])
    except (ValueError, lxml.etree.ParserError):
        return ""
    drop = (
        "//script | //style | //noscript | //nav | //header | //footer | //aside"
        " | //*[re:test(concat(@id, ' ', @class), 'cookie|consent|gdpr|banner', 'i')]"
    )
    for element in root.xpath(drop, namespaces={"re": "http://exslt.org/regular-expressions"}):
        if element.getparent() is not None:
            element.drop_tree()
    return " ".join(root.text_content().split())


def _looks_like_consent_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_CONSENT_URL_RE.search(parts.netloc) or _CONSENT_URL_RE.search(parts.path))


# --- what extraction reads ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a story's text, as offsets into `Composed.text` (end exclusive)."""

    name: PartName
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Composed:
    """Title, summary and article text as one text for extraction, with where each is.

    The first part is exactly `Story.text` (title, blank line, summary), so offsets of
    claims read from the summary alone stay valid once an article is appended.
    """

    text: str
    parts: tuple[Part, ...]

    def part_at(self, offset: int) -> PartName:
        """Which part a claim starting at `offset` came from."""
        for part in self.parts:
            if part.start <= offset < part.end:
                return part.name
        return self.parts[-1].name if self.parts else "title"

    def part(self, name: PartName) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)


def compose(story: Story, article: str | None) -> Composed:
    """Story.text, then a blank line and the article text when there is one."""
    title_end = len(story.title)
    parts = [Part("title", 0, title_end)]
    if story.summary:
        parts.append(Part("summary", title_end + 2, title_end + 2 + len(story.summary)))
    text = story.text
    if article:
        start = len(text) + 2
        text = f"{text}\n\n{article}"
        parts.append(Part("article", start, len(text)))
    return Composed(text, tuple(parts))


# --- the queue ------------------------------------------------------------------------

OnDone = Callable[[Story, ArticleResult], Awaitable[None] | None]


@dataclass(slots=True)
class _Counts:
    done: int = 0
    dropped: int = 0
    by_outcome: Counter[str] = field(default_factory=Counter)
    by_outlet: dict[str, Counter[str]] = field(default_factory=dict)


class ArticleQueue:
    """Its own queue and workers: article fetching never holds up a feed poll.

    Newest stories first; when full, the oldest queued story gives way. Stories
    published more than `max_age_h` hours before now (the news clock) are not
    fetched: after a long absence the backlog is mostly old news.
    """

    def __init__(
        self,
        client_factory: Callable[[], httpx.AsyncClient],
        limits: Limits,
        *,
        on_done: OnDone,
        workers: int = 2,
        max_age_h: float = 48.0,
        max_queue: int = 500,
        max_bytes: int = ARTICLE_MAX_BYTES,
        deadline_s: float = ARTICLE_DEADLINE_S,
        host_delay_s: float = 1.0,
        min_chars: int = MIN_TEXT_CHARS,
        robots: RobotsCache | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if workers < 1 or max_queue < 1:
            raise ValueError(f"workers and max_queue must be >= 1, got {workers=} {max_queue=}")
        self._client_factory = client_factory
        self._limits = limits
        self._on_done = on_done
        self.workers = workers
        self.max_age_h = max_age_h
        self.max_queue = max_queue
        self.max_bytes = max_bytes
        self.deadline_s = deadline_s
        self.host_delay_s = host_delay_s
        """Gap between two article requests to one host, seconds (on top of `Limits`)."""
        self.min_chars = min_chars
        self.robots = robots or RobotsCache()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._heap: list[tuple[float, int, Story]] = []
        self._seq = itertools.count()
        self._available = asyncio.Semaphore(0)
        self._idle = asyncio.Event()
        self._idle.set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._next_at: dict[str, float] = {}
        self._fetching = 0
        self._counts = _Counts()
        self._tasks: list[asyncio.Task[None]] = []
        self.last_error: str | None = None
        """The last exception raised by `on_done`, for the log; the worker carries on."""

    # --- feeding it -------------------------------------------------------------------

    def offer(self, story: Story, mode: ArticlesMode, relevant: bool) -> bool:
        """Queue the story's article if its feed's mode and its relevance call for it.

        False when not queued: mode "never", not relevant under "relevant", no http(s)
        link, published before the age cap, offered before, or the queue is full of
        newer stories.
        """
        if mode == "relevant" and not relevant:
            return False
        if not self.would_take(story, mode):
            return False
        key = -story.published.timestamp()
        if len(self._heap) >= self.max_queue:
            oldest = max(range(len(self._heap)), key=lambda i: self._heap[i][:2])
            if self._heap[oldest][0] <= key:
                self._counts.dropped += 1
                return False
            self._heap[oldest] = self._heap[-1]
            self._heap.pop()
            heapq.heapify(self._heap)
            self._counts.dropped += 1
        else:
            self._available.release()
        self._remember(story.id)
        heapq.heappush(self._heap, (key, next(self._seq), story))
        self._idle.clear()
        return True

    def would_take(self, story: Story, mode: ArticlesMode) -> bool:
        """Whether `offer` could queue this story, relevance aside: cheap, so that the
        caller can skip judging relevance for a story that would not be fetched anyway."""
        if mode == "never":
            return False
        if not story.link or urlsplit(story.link).scheme not in ("http", "https"):
            return False
        if story.published < self._clock() - timedelta(hours=self.max_age_h):
            return False
        return story.id not in self._seen

    def _remember(self, story_id: str) -> None:
        self._seen[story_id] = None
        while len(self._seen) > SEEN_CAP:
            self._seen.popitem(last=False)

    @property
    def progress(self) -> ArticleProgress:
        c = self._counts
        return ArticleProgress(
            queued=len(self._heap),
            fetching=self._fetching,
            done=c.done,
            dropped=c.dropped,
            by_outcome=dict(c.by_outcome),
            by_outlet={feed: dict(n) for feed, n in c.by_outlet.items()},
        )

    # --- life cycle -------------------------------------------------------------------

    async def run(self) -> None:
        """Work the queue until `stop()`."""
        self._tasks = [
            asyncio.create_task(self._work(), name=f"articles:{n}") for n in range(self.workers)
        ]
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def join(self) -> None:
        """Wait until nothing is queued or being fetched (tests, benchmarks)."""
        await self._idle.wait()

    # --- the work ---------------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            await self._available.acquire()
            _, _, story = heapq.heappop(self._heap)
            self._fetching += 1
            try:
                result = await self._fetch_one(story)
                self._count(result)
                try:
                    maybe = self._on_done(story, result)
                    if inspect.isawaitable(maybe):
                        await maybe
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    self.last_error = f"{type(exc).__name__}: {exc}"
            finally:
                self._fetching -= 1
                if not self._heap and not self._fetching:
                    self._idle.set()

    def _count(self, result: ArticleResult) -> None:
        c = self._counts
        c.done += 1
        c.by_outcome[result.outcome] += 1
        c.by_outlet.setdefault(result.feed, Counter())[result.outcome] += 1

    async def _fetch_one(self, story: Story) -> ArticleResult:
        """Robots, polite fetch, type check, extraction: one outcome, never an exception."""
        assert story.link is not None
        url = story.link
        started = time.monotonic()

        def result(
            outcome: Outcome,
            detail: str,
            *,
            text: str | None = None,
            status: int | None = None,
            final: str | None = None,
        ) -> ArticleResult:
            return ArticleResult(
                story.id,
                story.feed,
                url,
                outcome,
                text,
                status,
                detail,
                final_url=final,
                fetched_at=datetime.now(UTC),
                elapsed_s=time.monotonic() - started,
            )

        try:
            client = self._client_factory()
            allowed, why = await self.robots.allowed(client, url, self._limits)
            if not allowed:
                return result("robots_disallowed", why)
            await self._space_out(url)
            fetched = await fetch(
                client,
                url,
                limits=self._limits,
                max_bytes=self.max_bytes,
                deadline_s=self.deadline_s,
            )
        except HTTPStatusError as exc:
            return result("http_error", str(exc), status=exc.status)
        except BodyTooLarge:
            return result("too_large", f"page larger than {self.max_bytes / 1e6:g} MB")
        except Timeout as exc:
            return result("timeout", str(exc))
        except FetchError as exc:
            return result("error", str(exc))
        except httpx.HTTPError as exc:
            return result("error", _describe(exc))
        except Exception as exc:  # a bad link (httpx.InvalidURL is not an HTTPError)
            return result("error", f"{type(exc).__name__}: {exc}")
        final = fetched.url
        if final != url and _looks_like_consent_url(final):
            return result(
                "consent_wall", f"redirected to a consent page ({final})", status=200, final=final
            )
        ctype = fetched.headers.get("content-type", "")
        media = ctype.split(";", 1)[0].strip().lower()
        if media not in _HTML_TYPES and not (media == "" and _sniff_html(fetched.body)):
            return result("not_html", f"not a web page ({media or 'no type'})", status=200)
        try:
            text, outcome = await asyncio.to_thread(
                main_text, fetched.body, final, title=story.title, min_chars=self.min_chars
            )
        except Exception as exc:
            return result("error", f"extraction failed: {type(exc).__name__}: {exc}", status=200)
        detail = {
            "ok": f"{len(text or '')} characters of article text",
            "too_little_text": f"less than {self.min_chars} characters of article text",
            "paywall": "behind a paywall",
            "consent_wall": "behind a cookie consent page",
        }.get(outcome, outcome)
        return result(outcome, detail, text=text, status=fetched.status, final=final)

    async def _space_out(self, url: str) -> None:
        """At most one article request per `host_delay_s` to a host, in request order."""
        if self.host_delay_s <= 0:
            return
        host = urlsplit(url).netloc.lower()
        now = time.monotonic()
        at = max(now, self._next_at.get(host, now))
        self._next_at[host] = at + self.host_delay_s
        if len(self._next_at) > 4 * SEEN_CAP // 10:  # forget hosts long idle
            self._next_at = {h: t for h, t in self._next_at.items() if t > now}
        if at > now:
            await asyncio.sleep(at - now)


def _sniff_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return f"{type(exc).__name__}: {exc}"
