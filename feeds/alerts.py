"""Alert rules: turn model events into the alerts a user asked for (config `[[alerts]]`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from feeds.config import AlertRule
from feeds.model import Model
from feeds.types import Alert, Event, ObjectiveMoved, TownChanged


class Alerts:
    """Checks each batch of events against the rules, honouring each rule's cooldown."""

    def __init__(self, rules: Sequence[AlertRule]) -> None:
        self.rules = tuple(rules)
        self._last_fired: dict[tuple[int, int], datetime] = {}
        """(rule index, geonameid) -> when that rule last fired for that place."""

    def check(self, events: Sequence[Event], model: Model, *, now: datetime) -> list[Alert]:
        alerts: list[Alert] = []
        for event in events:
            for index, rule in enumerate(self.rules):
                alert = self._match(rule, event, model, now)
                if alert is None:
                    continue
                key = (index, getattr(event, "geonameid", 0))
                last = self._last_fired.get(key)
                if last is not None and (now - last).total_seconds() < rule.cooldown_s:
                    continue
                self._last_fired[key] = now
                alerts.append(alert)
        return alerts

    def _match(self, rule: AlertRule, event: Event, model: Model, now: datetime) -> Alert | None:
        if rule.rule == "distance_below" and isinstance(event, ObjectiveMoved):
            if rule.front is not None and rule.front != event.front:
                return None
            assert rule.km is not None
            crossed = event.new_km < rule.km and (event.old_km is None or event.old_km >= rule.km)
            if not crossed:
                return None
            objective = model.fronts[event.front].objectives[event.geonameid]
            point = objective.current
            record = model.stories.get(event.story_id)
            how = point.how if point else "reported"
            return Alert(
                time=now,
                severity=rule.severity,
                rule=rule.rule,
                message=(
                    f"{event.front}: {objective.place.name} now {event.new_km:g} km away ({how}), "
                    f"below {rule.km:g} km"
                ),
                story_id=event.story_id,
                sentence=point.sentence.text if point else None,
                sources=tuple(record.sources) if record else (),
            )
        if rule.rule == "control_change" and isinstance(event, TownChanged):
            if event.old_controller == event.new_controller:
                return None
            town = model.towns[event.geonameid]
            if rule.front is not None and not any(
                f.name == rule.front for f in model.fronts_of(town.place)
            ):
                return None
            record = model.stories.get(event.story_id)
            before = event.old_controller or "unknown"
            after = event.new_controller or "no one"
            latest = town.history[-1] if town.history else None
            why = f"{latest.actor} {event.event}" if latest and latest.actor else event.event
            return Alert(
                time=now,
                severity=rule.severity,
                rule=rule.rule,
                message=f"{town.place.name} changed hands: {before} → {after} ({why})",
                story_id=event.story_id,
                sentence=latest.sentence.text if latest else None,
                sources=tuple(record.sources) if record else (),
            )
        return None
