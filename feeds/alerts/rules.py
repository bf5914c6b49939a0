"""Alert rules: turn model events into the alerts a user asked for (config `[[alerts]]`).

Rules: distance_below, distance_drop, control_change, new_objective, keyword, feed_down
(config.toml documents each with an example). Each has a severity and a cooldown: a rule
that fired for a subject (an objective, a town, a feed, a story) stays quiet for that
subject for `cooldown` seconds.

One fact, one alert: the same fact arriving again, from another feed or another story
(a second outlet saying the town fell), does not raise a second alert. The first one is
raised again with the same `key`, a higher `revision` and the new feed added to its
`sources`, so a tail shows "also reported by" and a dashboard replaces the row.
A fact absorbs repeats for FACT_WINDOW after it was raised.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from feeds.config import AlertRule
from feeds.events import (
    Event,
    FeedHealthChanged,
    ObjectiveMoved,
    StoryAdded,
    StorySourced,
    TownChanged,
)
from feeds.ingest import FeedHealth
from feeds.model import DistancePoint, Model, Objective, same_value
from feeds.types import Alert

FACT_WINDOW = timedelta(hours=24)
"""How long after an alert the same fact from another source updates it, not a new one."""
KEYWORD_MAX_CHARS = 100_000
"""A keyword rule reads at most this much of a story: a user's regex must not stall the loop."""
MAX_ACTIVE = 5_000
"""Facts remembered for updates; the oldest are forgotten first (bounded memory)."""

HealthOf = Callable[[str], FeedHealth | None]
"""Feed name -> its health (the engine passes `engine.health.get`)."""


@dataclass(slots=True)
class _Fact:
    """An alert that later sources of the same fact update."""

    alert: Alert
    rule: AlertRule
    raised: datetime
    front: str | None = None
    geonameid: int | None = None
    km: float | None = None
    controller: str | None = None
    stories: set[str] = dataclasses.field(default_factory=set)


class Alerts:
    """Checks each batch of events against the rules; see the module docstring."""

    def __init__(self, rules: Sequence[AlertRule], *, health: HealthOf | None = None) -> None:
        self.rules = tuple(rules)
        self.health = health
        self._patterns = {
            i: re.compile(r.pattern, re.IGNORECASE)
            for i, r in enumerate(self.rules)
            if r.rule == "keyword" and r.pattern
        }
        self._last_fired: dict[tuple[int, object], datetime] = {}
        """(rule index, subject) -> when that rule last fired for that subject."""
        self._facts: dict[str, _Fact] = {}
        """alert key -> the fact, insertion (= raising) order."""
        self._down: set[tuple[int, str]] = set()
        """(rule index, feed) for feeds a feed_down rule has already called down."""

    # --- the batch -----------------------------------------------------------------

    def check(self, events: Sequence[Event], model: Model, *, now: datetime) -> list[Alert]:
        out: list[Alert] = []
        self._forget(now)
        for event in events:
            if isinstance(event, StorySourced):
                out += self._sourced(event, model)
                continue
            if isinstance(event, StoryAdded):
                out += self._confirmed(event.story_id, model)
            for index, rule in enumerate(self.rules):
                fact = self._match(index, rule, event, model, now)
                if fact is None:
                    continue
                subject = fact.alert.key.rsplit("#", 1)[0]
                last = self._last_fired.get((index, subject))
                if last is not None and (now - last).total_seconds() < rule.cooldown_s:
                    continue
                self._last_fired[(index, subject)] = now
                self._facts[fact.alert.key] = fact
                out.append(fact.alert)
        return out

    def _forget(self, now: datetime) -> None:
        while self._facts:
            key, fact = next(iter(self._facts.items()))
            if len(self._facts) <= MAX_ACTIVE and now - fact.raised <= FACT_WINDOW:
                break
            del self._facts[key]

    # --- updates: the same fact again --------------------------------------------------

    def _update(self, fact: _Fact, story_id: str, feeds: Sequence[str]) -> Alert | None:
        new = tuple(f for f in dict.fromkeys(feeds) if f not in fact.alert.sources)
        fact.stories.add(story_id)
        if not new:
            return None
        fact.alert = dataclasses.replace(
            fact.alert,
            sources=(*fact.alert.sources, *new),
            revision=fact.alert.revision + 1,
        )
        return fact.alert

    def _sourced(self, event: StorySourced, model: Model) -> list[Alert]:
        """A story already alerted on arrived from one more feed."""
        out = []
        for fact in list(self._facts.values()):
            if event.story_id in fact.stories:
                alert = self._update(fact, event.story_id, [event.feed])
                if alert is not None:
                    out.append(alert)
        return out

    def _confirmed(self, story_id: str, model: Model) -> list[Alert]:
        """A new story that says an alerted fact again (another outlet, the same news)."""
        record = model.stories.get(story_id)
        if record is None or not self._facts:
            return []
        objectives = {(o.front, o.place.geonameid): o for o in model.touched(story_id)}
        towns = {c.place.geonameid for c in record.extraction.control}
        out = []
        for fact in list(self._facts.values()):
            if story_id in fact.stories or fact.geonameid is None:
                continue
            says = False
            if fact.controller is not None and fact.geonameid in towns:
                town = model.towns.get(fact.geonameid)
                says = town is not None and any(
                    p.story_id == story_id and p.controller == fact.controller for p in town.history
                )
            elif fact.km is not None:
                objective = objectives.get((fact.front or "", fact.geonameid))
                says = objective is not None and _says_km(objective, story_id, fact)
            if says:
                alert = self._update(fact, story_id, record.sources)
                if alert is not None:
                    out.append(alert)
        return out

    # --- the rules -----------------------------------------------------------------

    def _match(
        self, index: int, rule: AlertRule, event: Event, model: Model, now: datetime
    ) -> _Fact | None:
        if isinstance(event, ObjectiveMoved) and rule.rule in (
            "distance_below",
            "distance_drop",
            "new_objective",
        ):
            objective = model.objective(event.front, event.geonameid)
            if objective is None or (rule.front is not None and rule.front != objective.front):
                return None
            if rule.rule == "distance_below":
                return self._below(index, rule, event, objective, model, now)
            if rule.rule == "distance_drop":
                return self._drop(index, rule, objective, model, now)
            return self._new_objective(index, rule, event, objective, model, now)
        if rule.rule == "control_change" and isinstance(event, TownChanged):
            return self._control(index, rule, event, model, now)
        if rule.rule == "keyword" and isinstance(event, StoryAdded):
            return self._keyword(index, rule, event, model, now)
        if rule.rule == "feed_down" and isinstance(event, FeedHealthChanged):
            return self._feed_down(index, rule, event, now)
        return None

    def _alert(
        self, rule: AlertRule, key: str, message: str, now: datetime, model: Model | None,
        story_id: str | None, sentence: str | None,
    ) -> Alert:  # fmt: skip
        record = model.stories.get(story_id) if model and story_id else None
        return Alert(
            time=now,
            severity=rule.severity,
            rule=rule.rule,
            message=message,
            story_id=story_id,
            sentence=sentence,
            sources=tuple(record.sources) if record else (),
            key=key,
            link=record.story.link if record else None,
        )

    def _below(
        self, index: int, rule: AlertRule, event: ObjectiveMoved, objective: Objective,
        model: Model, now: datetime,
    ) -> _Fact | None:  # fmt: skip
        assert rule.km is not None
        crossed = event.new_km < rule.km and (event.old_km is None or event.old_km >= rule.km)
        point = objective.current
        if not crossed or point is None:
            return None
        message = (
            f"{objective.front}: {objective.place.name} now {point.km:g} km away ({point.how}), "
            f"below {rule.km:g} km"
        )
        return self._point_fact(index, rule, objective, point, message, rule.km, model, now)

    def _point_fact(
        self, index: int, rule: AlertRule, objective: Objective, point: DistancePoint,
        message: str, km: float, model: Model, now: datetime,
    ) -> _Fact:  # fmt: skip
        """A fact about an objective's distance, keyed by rule, front, place and story."""
        key = f"{rule.rule}:{index}:{objective.front}:{objective.place.geonameid}"
        alert = self._alert(
            rule, f"{key}#{point.story_id}", message, now, model, point.story_id,
            point.sentence.text,
        )  # fmt: skip
        return _Fact(
            alert, rule, now, objective.front, objective.place.geonameid, km,
            stories={point.story_id},
        )  # fmt: skip

    def _drop(
        self, index: int, rule: AlertRule, objective: Objective, model: Model, now: datetime
    ) -> _Fact | None:
        assert rule.km is not None and rule.hours is not None
        point = objective.current
        if point is None:
            return None
        start = point.time - timedelta(hours=rule.hours)
        before = [
            p for p in objective.history if start <= p.time < point.time and p.how == point.how
        ]
        if not before:
            return None
        high = max(before, key=lambda p: p.km)
        drop = high.km - point.km
        if drop < rule.km:
            return None
        hours = (point.time - high.time).total_seconds() / 3600
        message = (
            f"{objective.front}: {objective.place.name} {drop:g} km closer in {hours:.0f} h "
            f"({high.km:g} → {point.km:g} km, {point.how})"
        )
        return self._point_fact(index, rule, objective, point, message, point.km, model, now)

    def _new_objective(
        self, index: int, rule: AlertRule, event: ObjectiveMoved, objective: Objective,
        model: Model, now: datetime,
    ) -> _Fact | None:  # fmt: skip
        if event.old_km is not None or objective.added_by is None:
            return None
        named = next(
            (p for p in objective.history if p.story_id == objective.added_by), objective.current
        )
        assert named is not None
        front = model.fronts.get(objective.front)
        kind = "discovered front" if front is not None and front.discovered else "front"
        message = (
            f"{objective.front}: new objective {objective.place.name} ({objective.place.country}) "
            f"on this {kind}, {named.km:g} km away ({named.how})"
        )
        key = f"new_objective:{index}:{objective.place.geonameid}"
        alert = self._alert(
            rule, f"{key}#", message, now, model, named.story_id, named.sentence.text
        )
        return _Fact(alert, rule, now, stories={named.story_id})

    def _control(
        self, index: int, rule: AlertRule, event: TownChanged, model: Model, now: datetime
    ) -> _Fact | None:
        if event.old_controller == event.new_controller:
            return None
        town = model.towns[event.geonameid]
        if rule.front is not None and not any(
            f.name == rule.front for f in model.fronts_of(town.place)
        ):
            return None
        before = event.old_controller or "unknown"
        after = event.new_controller or "no one"
        latest = town.history[-1] if town.history else None
        why = f"{latest.actor} {event.event}" if latest and latest.actor else event.event
        message = f"{town.place.name} changed hands: {before} → {after} ({why})"
        story = latest.story_id if latest else event.story_id
        key = f"control_change:{index}:{event.geonameid}#{after}"
        alert = self._alert(
            rule, key, message, now, model, story, latest.sentence.text if latest else None
        )
        return _Fact(
            alert, rule, now, None, event.geonameid, controller=event.new_controller,
            stories={story},
        )  # fmt: skip

    def _keyword(
        self, index: int, rule: AlertRule, event: StoryAdded, model: Model, now: datetime
    ) -> _Fact | None:
        record = model.stories.get(event.story_id)
        pattern = self._patterns.get(index)
        if record is None or pattern is None:
            return None
        title, text = record.story.title, record.extraction.text or record.story.text
        body = text if text.startswith(title) else f"{title}\n\n{text}"
        found = pattern.search(body[:KEYWORD_MAX_CHARS])
        if found is None:
            return None
        message = f'"{found.group(0)}" in: {title}'
        key = f"keyword:{index}:#{event.story_id}"
        sentence = _sentence_around(body, found.start(), found.end())
        alert = self._alert(rule, key, message, now, model, event.story_id, sentence)
        return _Fact(alert, rule, now, stories={event.story_id})

    def _feed_down(
        self, index: int, rule: AlertRule, event: FeedHealthChanged, now: datetime
    ) -> _Fact | None:
        if self.health is None or (rule.feed is not None and rule.feed != event.feed):
            return None
        health = self.health(event.feed)
        if health is None:
            return None
        down = health.gone or (health.ok is False and health.failures >= rule.failures)
        if not down:
            if health.ok:
                self._down.discard((index, event.feed))
            return None
        if (index, event.feed) in self._down:
            return None  # the same outage: alerted once
        self._down.add((index, event.feed))
        what = "gone (HTTP 410)" if health.gone else f"down: {health.error or 'failing'}"
        message = f"{event.feed} is {what} ({health.failures} failed polls in a row)"
        alert = Alert(
            time=now,
            severity=rule.severity,
            rule=rule.rule,
            message=message,
            sources=(event.feed,),
            key=f"feed_down:{index}:{event.feed}#{now.isoformat()}",
            link=health.url,
        )
        return _Fact(alert, rule, now)


def _says_km(objective: Objective, story_id: str, fact: _Fact) -> bool:
    """Whether the story put a point on the objective that states the alerted fact."""
    assert fact.km is not None
    for p in objective.history:
        if p.story_id != story_id:
            continue
        if fact.rule.rule == "distance_below" and p.km < fact.km:
            return True
        if fact.rule.rule == "distance_drop" and same_value(p.km, fact.km):
            return True
    return False


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: from the previous full stop to the next one."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1 : right].strip()
