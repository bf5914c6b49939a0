"""How big the extractor's memos may grow (names, runs, rankings) before starting afresh."""

from __future__ import annotations

__all__ = ["CACHE_LIMIT"]

CACHE_LIMIT = 50_000
"""Entries per memo of the Extractor before it starts afresh: bounded memory over weeks of
feeds, and a desk's names recur, so the memos stay warm."""
