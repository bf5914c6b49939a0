"""What fetching a story's article gave: one outcome per story, and counts for the status line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

__all__ = ["OUTCOMES", "ArticleProgress", "ArticleResult", "Outcome"]

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
