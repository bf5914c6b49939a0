"""The embedded demo: synthetic wire stories played by a loopback feed server.

`frontwatch --demo` runs the real engine and dashboard against `DemoServer`, so a new
user sees fronts move within minutes and with no network. The stories in
scenario.json were written for this project; the places in them are real GeoNames
entries, the events are invented.
"""

from feeds.demo.server import (
    DemoFeed,
    DemoResponse,
    DemoServer,
    Scenario,
    ScenarioFeed,
    ScenarioStory,
    demo_config_text,
    load_scenario,
)

__all__ = [
    "DemoFeed",
    "DemoResponse",
    "DemoServer",
    "Scenario",
    "ScenarioFeed",
    "ScenarioStory",
    "demo_config_text",
    "load_scenario",
]
