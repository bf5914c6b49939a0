"""The embedded demo: synthetic wire stories played by a loopback feed server.

`frontwatch --demo` runs the real engine and dashboard against `DemoServer`, so a new
user sees fronts move within minutes and with no network. The stories in
scenario.json were written for this project; the places in them are real GeoNames
entries, the events are invented.

- `scenario`: the stories and feeds, on a simulated clock;
- `feed`, `pages`: what the server answers (RSS, article pages), pure;
- `server`: the loopback HTTP server;
- `wire`: the one loopback server and feed writer, shared with the tests and benchmarks.
"""

from feeds.demo.feed import PLACEHOLDER_HOST, DemoResponse, article_path, render_feed
from feeds.demo.pages import DemoPage, DemoPages, load_pages, render_article
from feeds.demo.scenario import (
    Scenario,
    ScenarioFeed,
    ScenarioStory,
    demo_config_text,
    load_scenario,
)
from feeds.demo.server import ROBOTS_TXT, DemoFeed, DemoServer

__all__ = [
    "PLACEHOLDER_HOST",
    "ROBOTS_TXT",
    "DemoFeed",
    "DemoPage",
    "DemoPages",
    "DemoResponse",
    "DemoServer",
    "Scenario",
    "ScenarioFeed",
    "ScenarioStory",
    "article_path",
    "demo_config_text",
    "load_pages",
    "load_scenario",
    "render_article",
    "render_feed",
]
