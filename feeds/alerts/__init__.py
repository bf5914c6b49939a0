"""Alerts: the user's rules over what changed, and the program they run for each alert.

- `rules`: `Alerts`, which turns each batch of events into the alerts the config asks for,
  one alert per fact (later sources revise it);
- `hooks`: `on_alert`, the user's program run for each alert, safely.
"""

from feeds.alerts.hooks import (
    HOOK_RULE,
    MAX_QUEUED,
    MAX_RUNNING,
    HookFailure,
    Hooks,
    alert_json,
    run_hook,
)
from feeds.alerts.rules import FACT_WINDOW, KEYWORD_MAX_CHARS, MAX_ACTIVE, Alerts, HealthOf

__all__ = [
    "FACT_WINDOW",
    "HOOK_RULE",
    "KEYWORD_MAX_CHARS",
    "MAX_ACTIVE",
    "MAX_QUEUED",
    "MAX_RUNNING",
    "Alerts",
    "HealthOf",
    "HookFailure",
    "Hooks",
    "alert_json",
    "run_hook",
]
