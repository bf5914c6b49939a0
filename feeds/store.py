"""The journal: SQLite (WAL) holding feeds' validators and health, stories, extractions, alerts.

Why SQLite: one file, transactional, survives `kill -9` with at most the last
uncommitted batch lost, and `PRAGMA integrity_check` says whether it is whole.

Writes never run on the event loop: `Store.put_*` only enqueues, and one writer
thread commits batches (every `FLUSH_S` seconds or `BATCH` items, whichever
comes first). Reads happen at start-up, before the loop is busy.

Extractions are stored as compact JSON with their places inline, so a restart
rebuilds the model without re-reading 100,000 stories or loading the gazetteer
index first.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, overload

from feeds.ingest import FeedState
from feeds.types import (
    Alert,
    ControlEvent,
    DistanceClaim,
    Extraction,
    Mention,
    Place,
    Sentence,
    Story,
)

SCHEMA_VERSION = 1
FLUSH_S = 0.5
"""How long a write may wait in memory before it is committed, in seconds."""
BATCH = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    moved_to TEXT,
    gone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS stories (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    feed TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    published TEXT NOT NULL,
    summary TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    sources TEXT NOT NULL,
    extraction TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_first_seen ON stories (first_seen);
CREATE TABLE IF NOT EXISTS articles (
    story_id TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    status INTEGER,
    detail TEXT NOT NULL,
    url TEXT NOT NULL,
    text TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    body TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class StoredStory:
    story: Story
    extraction: Extraction
    sources: list[str]
    first_seen: datetime
    article: StoredArticle | None = None
    """What fetching the story's page gave, when it was fetched."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    outcome: str
    """"ok", or why the summary had to do ("paywall", "http_error", ...)."""
    status: int | None
    detail: str
    url: str
    text: str | None
    """The main text when the outcome is ok; the extraction reads the story text + it."""
    fetched_at: datetime


class Store:
    """The SQLite journal. Open it, load what is there, then put what arrives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = _connect(path)
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        self._db.commit()
        self._queue: queue.Queue[tuple[str, tuple[Any, ...]] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="store-writer", daemon=True)
        self._writer.start()

    # --- reads (start-up) ----------------------------------------------------------

    def stories(self) -> Iterator[StoredStory]:
        """Every stored story, in arrival order."""
        rows = self._db.execute(
            "SELECT id, feed, title, link, published, summary, first_seen, sources, extraction, "
            "a.outcome, a.status, a.detail, a.url, a.text, a.fetched_at "
            "FROM stories LEFT JOIN articles AS a ON a.story_id = stories.id ORDER BY seq"
        )
        for row in rows:
            sid, feed, title, link, published, summary, first_seen, sources, extraction = row[:9]
            story = Story(sid, feed, title, link, datetime.fromisoformat(published), summary)
            article = None
            if row[9] is not None:
                outcome, status, detail, url, text, fetched_at = row[9:]
                article = StoredArticle(
                    outcome, status, detail, url, text, datetime.fromisoformat(fetched_at)
                )
            full_text = story.text
            if article is not None and article.text:
                full_text = f"{full_text}\n\n{article.text}"  # as feeds.ingest.compose
            yield StoredStory(
                story,
                decode_extraction(full_text, extraction),
                json.loads(sources),
                datetime.fromisoformat(first_seen),
                article,
            )

    def article_ids(self) -> set[str]:
        """Stories whose page was already fetched with a final outcome: not to fetch again."""
        return {sid for (sid,) in self._db.execute("SELECT story_id FROM articles")}

    def alerts(self, since: datetime | None = None, limit: int = 1000) -> list[Alert]:
        """The newest `limit` alerts at or after `since`, oldest first."""
        rows = self._db.execute(
            "SELECT body FROM alerts WHERE time >= ? ORDER BY seq DESC LIMIT ?",
            ((since or datetime.min.replace(tzinfo=UTC)).isoformat(), limit),
        ).fetchall()
        return [_alert_from(json.loads(body)) for (body,) in reversed(rows)]

    def feed_states(self) -> dict[str, FeedState]:
        """What each feed's poller kept (feeds.ingest.FeedState), by feed name."""
        rows = self._db.execute(
            "SELECT name, url, etag, last_modified, body_hash, moved_to, gone FROM feeds"
        )
        return {
            name: FeedState(etag, modified, body_hash, moved, bool(gone), url)
            for name, url, etag, modified, body_hash, moved, gone in rows
        }

    def count(self, table: str = "stories") -> int:
        assert table in {"stories", "alerts", "feeds"}
        return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # --- writes (queued) -----------------------------------------------------------

    def put_story(self, record: StoredStory) -> None:
        """Queue a story; it is encoded in the writer thread, not on the caller's loop."""
        self._queue.put((_STORY, (record,)))

    def put_article(self, story_id: str, article: StoredArticle) -> None:
        self._queue.put(
            (
                "INSERT OR REPLACE INTO articles (story_id, outcome, status, detail, url, text, "
                "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    story_id,
                    article.outcome,
                    article.status,
                    article.detail,
                    article.url,
                    article.text,
                    article.fetched_at.isoformat(),
                ),
            )
        )

    def put_extraction(self, story_id: str, extraction: Extraction) -> None:
        """A story's extraction again, after its article added to it."""
        self._queue.put(
            (
                "UPDATE stories SET extraction = ? WHERE id = ?",
                (encode_extraction(extraction), story_id),
            )
        )

    def put_sources(self, story_id: str, sources: list[str]) -> None:
        self._queue.put(
            ("UPDATE stories SET sources = ? WHERE id = ?", (json.dumps(sources), story_id))
        )

    def put_alert(self, alert: Alert) -> None:
        body = json.dumps(asdict(alert), default=str)
        self._queue.put(
            ("INSERT INTO alerts (time, body) VALUES (?, ?)", (alert.time.isoformat(), body))
        )

    def put_feed_state(self, name: str, url: str, state: FeedState) -> None:
        self._queue.put(
            (
                "INSERT INTO feeds (name, url, etag, last_modified, body_hash, moved_to, gone) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET url = excluded.url, "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "body_hash = excluded.body_hash, moved_to = excluded.moved_to, "
                "gone = excluded.gone",
                (
                    name,
                    url,
                    state.etag,
                    state.last_modified,
                    state.body_hash,
                    state.moved_to,
                    int(state.gone),
                ),
            )
        )

    def prune(self, *, keep_days: float | None, keep_stories: int | None) -> None:
        """Retention: drop stories older than `keep_days` or beyond the newest `keep_stories`."""
        if keep_days is not None:
            cutoff = (datetime.now(UTC) - timedelta(days=keep_days)).isoformat()
            self._queue.put(("DELETE FROM stories WHERE first_seen < ?", (cutoff,)))
        if keep_stories is not None:
            self._queue.put(
                (
                    "DELETE FROM stories WHERE seq <= "
                    "(SELECT seq FROM stories ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                    (keep_stories,),
                )
            )
        self._queue.put(("DELETE FROM articles WHERE story_id NOT IN (SELECT id FROM stories)", ()))

    def flush(self) -> None:
        """Block until everything queued so far is committed."""
        done = threading.Event()
        self._queue.put(("__flush__", (done,)))
        done.wait()

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join()
        self._db.close()

    def _write_loop(self) -> None:
        db = _connect(self.path)
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                batch: list[tuple[str, tuple[Any, ...]] | None] = [item]
                try:
                    while len(batch) < BATCH:
                        batch.append(self._queue.get(timeout=FLUSH_S))
                        if batch[-1] is None or batch[-1][0] == "__flush__":
                            break
                except queue.Empty:
                    pass
                stop = False
                flushes: list[threading.Event] = []
                with db:
                    for entry in batch:
                        if entry is None:
                            stop = True
                        elif entry[0] == "__flush__":
                            flushes.append(entry[1][0])
                        elif entry[0] is _STORY:
                            db.execute(_INSERT_STORY, _story_row(entry[1][0]))
                        else:
                            db.execute(*entry)
                for done in flushes:
                    done.set()
                if stop:
                    return
        finally:
            db.close()


_STORY = "__story__"
_INSERT_STORY = (
    "INSERT INTO stories (id, feed, title, link, published, summary, first_seen, "
    "sources, extraction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET sources = excluded.sources, "
    "title = excluded.title, summary = excluded.summary, link = excluded.link, "
    "extraction = excluded.extraction"
)


def _story_row(record: StoredStory) -> tuple[Any, ...]:
    s = record.story
    return (
        s.id,
        s.feed,
        s.title,
        s.link,
        s.published.isoformat(),
        s.summary,
        record.first_seen.isoformat(),
        json.dumps(record.sources),
        encode_extraction(record.extraction),
    )


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check` of a store file: "ok" when it is whole."""
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


# --- extraction <-> JSON ---------------------------------------------------------------


def _place(p: Place) -> list[Any]:
    """The fields in order; an estimated place (learned from text) also keeps its flag and
    uncertainty, and an unknown position stays NaN (JSON's NaN, which json reads back)."""
    fields: list[Any] = [p.geonameid, p.name, p.country, p.lat, p.lon, p.population, p.kind]
    if p.estimated:
        fields += [True, p.uncertainty_km]
    return fields


def _sentence(s: Sentence) -> list[int]:
    return [s.start, s.end]


def encode_extraction(extraction: Extraction) -> str:
    """Compact JSON; the text itself is not repeated (it is the story's)."""
    if not (extraction.places or extraction.distances or extraction.control):
        return "{}"
    return json.dumps(
        {
            "p": [[m.text, m.start, m.end, _place(m.place)] for m in extraction.places],
            "d": [
                [
                    c.value_km,
                    c.low_km,
                    c.high_km,
                    c.qualifier,
                    c.direction,
                    _place(c.reference) if c.reference else None,
                    c.reference_text,
                    c.subject,
                    c.kind,
                    c.start,
                    c.end,
                    _sentence(c.sentence),
                ]
                for c in extraction.distances
            ],
            "c": [
                [
                    e.event,
                    _place(e.place),
                    e.place_text,
                    e.actor,
                    e.start,
                    e.end,
                    _sentence(e.sentence),
                ]
                for e in extraction.control
            ],
        },
        separators=(",", ":"),
    )


_PLACES: dict[int, Place] = {}
"""Decoded places, shared: a restart of 100,000 stories names the same few thousand places."""


def _intern(fields: list[Any]) -> Place:
    """The Place these fields describe, made once per GeoNames id (checked field by field)."""
    if len(fields) > 7:  # estimated: never shared, a later story may give a better fix
        return Place(*fields)
    place = _PLACES.get(fields[0])
    if place is None or (place.name, place.lat, place.kind) != (fields[1], fields[3], fields[6]):
        place = Place(*fields)
        if fields[0] > 0:
            _PLACES[fields[0]] = place
    return place


class LazyMentions(Sequence[Mention]):
    """A story's place mentions, decoded from the journal's JSON on first use."""

    __slots__ = ("_decoded", "_raw")

    def __init__(self, raw: list[list[Any]]) -> None:
        self._raw: list[list[Any]] | None = raw
        self._decoded: tuple[Mention, ...] = ()

    def _mentions(self) -> tuple[Mention, ...]:
        if self._raw is not None:
            self._decoded = tuple(Mention(t, s, e, _intern(p)) for t, s, e, p in self._raw)
            self._raw = None
        return self._decoded

    def __len__(self) -> int:
        return len(self._raw) if self._raw is not None else len(self._decoded)

    @overload
    def __getitem__(self, index: int) -> Mention: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Mention]: ...
    def __getitem__(self, index: int | slice) -> Mention | Sequence[Mention]:
        return self._mentions()[index]

    def __iter__(self) -> Iterator[Mention]:
        return iter(self._mentions())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._mentions() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._mentions())

    def __repr__(self) -> str:
        return repr(self._mentions())


def decode_extraction(text: str, data: str) -> Extraction:
    if data == "{}":
        return Extraction(text)
    raw = json.loads(data)

    def sentence(span: list[int]) -> Sentence:
        return Sentence(text[span[0] : span[1]], span[0], span[1])

    return Extraction(
        text,
        places=LazyMentions(raw.get("p", [])),
        distances=tuple(
            DistanceClaim(
                v, lo, hi, q, d, _intern(ref) if ref else None, rt, subj, k, s, e, sentence(sp)
            )
            for v, lo, hi, q, d, ref, rt, subj, k, s, e, sp in raw.get("d", ())
        ),
        control=tuple(
            ControlEvent(ev, _intern(p), pt, actor, s, e, sentence(sp))
            for ev, p, pt, actor, s, e, sp in raw.get("c", ())
        ),
    )


def _alert_from(raw: dict[str, Any]) -> Alert:
    raw["time"] = datetime.fromisoformat(raw["time"])
    raw["sources"] = tuple(raw.get("sources") or ())
    return Alert(**raw)
