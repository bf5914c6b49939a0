"""Pure pieces of the dashboard, no app running: trends, canvas, projection, labels, links,
search, hostile text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feeds.model import Objective
from tests.support.dashboard import scenario_engine
from tests.support.places import NOWHERE, POKROVSK, SUKHNAH, ZORIVKA, desert_front
from tests.support.stand_in import StubEngine
from tests.support.stories import NOW, distance_story
from tui.canvas import BrailleCanvas
from tui.highlight import BODY_LIMIT, highlighted
from tui.links import is_web_link, open_link
from tui.projection import Viewport, fit, nice_length
from tui.safe_text import clean
from tui.search import Fuzzy
from tui.trend import change_over, sparkline
from tui.widgets.map import MapItems, TownMark, draw, map_items, place_labels
from tui.widgets.plot import PlotData, draw_plot


def sukhnah(engine: StubEngine) -> Objective:
    return engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]


def test_change_over_24h_compares_with_the_value_known_a_day_before_now() -> None:
    objective = sukhnah(scenario_engine())  # reported: 40 (44 h), 31, 22 (30 h), 15 (20 h), 5, 5
    assert change_over(objective, NOW) == pytest.approx(5 - 22)
    assert change_over(objective, NOW + timedelta(days=5)) == 0.0  # nothing new in a day


def test_change_needs_two_points() -> None:
    engine = StubEngine([desert_front()])
    engine.apply(distance_story("s1", 5, hours_ago=1))
    assert change_over(sukhnah(engine), NOW) is None


def test_sparkline_low_bars_are_close() -> None:
    line = sparkline([40, 20, 0])
    assert line[0] == "█" and line[-1] == "▁" and len(line) == 3
    assert sparkline([5]) == ""
    assert len(sparkline(list(range(100)), width=8)) == 8


def test_canvas_sets_braille_dots_and_drops_points_off_the_canvas() -> None:
    canvas = BrailleCanvas(2, 1)
    canvas.dot(0, 0)
    canvas.dot(3, 3)
    canvas.dot(99, 99)
    assert canvas.plain() == "⠁⢀"


def test_projection_round_trips_and_keeps_km_square() -> None:
    view = Viewport(35.0, 39.0, 1.0, 200, 100)
    x, y = view.to_dot(35.0, 39.0)
    assert (x, y) == (100, 50)
    lat, lon = view.to_degrees(*view.to_dot(35.3, 40.1))
    assert lat == pytest.approx(35.3) and lon == pytest.approx(40.1)
    # 1° of latitude north is ~110.6 km: that many dots up at 1 km per dot.
    assert view.to_dot(36.0, 39.0)[1] == pytest.approx(50 - 110.574)


def test_fit_shows_every_point_and_zoom_pan_stay_in_bounds() -> None:
    points = [(34.56, 38.28), (35.34, 40.14), (34.89, 38.87)]
    view = fit(points, 160, 80)
    for lat, lon in points:
        x, y = view.to_dot(lat, lon)
        assert 0 <= x <= 160 and 0 <= y <= 80
    assert view.zoom(2).km_per_dot == pytest.approx(view.km_per_dot / 2)
    assert view.zoom(1e9).km_per_dot == 0.05
    east = view.pan(10, 0)
    assert east.lon > view.lon and east.lat == pytest.approx(view.lat)


def test_scale_bar_lengths_are_round() -> None:
    assert nice_length(37) == 20
    assert nice_length(7.5) == 5
    assert nice_length(100) == 100


def test_labels_never_overlap() -> None:
    canvas = BrailleCanvas(30, 5)
    placed = place_labels(canvas, [(5, 2, "Alpha", ""), (5, 2, "Bravo", ""), (5, 2, "Charlie", "")])
    cells = [(r, c) for c0, r, label in placed for c in range(c0, c0 + len(label))]
    assert len(cells) == len(set(cells))
    assert len(placed) == 3  # right, left, above


def test_map_marks_objectives_colours_towns_and_draws_a_scale_bar() -> None:
    engine = scenario_engine()
    front = engine.model.fronts["Desert road"]
    items = map_items(engine.model, front)
    names = {t.place.name: t for t in items.towns}
    assert names["As Sukhnah"].objective and not names["Tadmur"].objective
    assert names["Tadmur"].side == "attacker"
    assert names["Ash Shulah"].side == "defender"
    assert items.rings and items.rings[0].km == 5
    view = fit(items.coordinates(), 120, 80)
    text = draw(items, view, 60, 20).plain()
    assert "◎" in text and "As Sukhnah" in text
    assert " km" in text.splitlines()[-1] and "├" in text.splitlines()[-1]


def test_map_items_for_no_front_is_empty() -> None:
    assert MapItems() == map_items(scenario_engine().model, None)
    assert TownMark(SUKHNAH, "unknown").side == "unknown"


def test_plot_has_axes_in_km_and_a_legend() -> None:
    objective = sukhnah(scenario_engine())
    canvas = draw_plot(PlotData(objective.history, [], NOW), 60, 12)
    text = canvas.plain()
    top = max(p.km for p in objective.history)
    assert f"{top:g} km" in text.splitlines()[0]
    assert "0 km" in text
    assert "● reported" in text.splitlines()[-1]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org/", False),
        ("https://", False),
        ("https://example.org/\x1b]8;;x", False),
        (None, False),
    ],
)
def test_only_web_links_open(url: str | None, ok: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda u: opened.append(u) or True)
    assert is_web_link(url) is ok
    assert open_link(url) is ok
    assert opened == ([url] if ok else [])


def test_fuzzy_matches_in_order_folding_case_and_accents() -> None:
    assert Fuzzy("skhn").score("As Sukhnah") is not None
    assert Fuzzy("avdiivka").score("Avdiïvka") is not None
    assert Fuzzy("nhks").score("As Sukhnah") is None
    exact, scattered = Fuzzy("suk").score("As Sukhnah"), Fuzzy("suk").score("Sau Kit")
    assert exact is not None and scattered is not None and exact < scattered
    assert list(Fuzzy("a").filter(["b", "a1", "a2", "a3"], str, 2)) == ["a1", "a2"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[bold red]x[/]", "[bold red]x[/]"),  # markup stays literal (cells are Text)
        ("a\x1b[31mred\x1b[0m", "ared"),  # ANSI CSI
        ("a\x1b]8;;https://evil\x07link\x1b]8;;\x07", "alink"),  # OSC 8 hyperlink
        ("a\x1b]0;title\x1b\\b", "ab"),  # OSC set-title, ST-terminated
        ("abc\u202edcba\u202c", "abcdcba"),  # bidi override
        ("abc\u2067x\u2069", "abcx"),  # bidi isolate
        ("Su\u200bkh\u200dnah\ufeff\u2060", "Sukhnah"),  # zero-width
        ("line\nbreak\r\x00", "line break"),
    ],
)
def test_hostile_text_is_shown_inert(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_a_1mb_title_is_clipped_quickly() -> None:
    import time

    start = time.perf_counter()
    out = clean("A" * 1_000_000, limit=160)
    assert time.perf_counter() - start < 0.05
    assert len(out) == 160 and out.endswith("…")


def test_a_1mb_story_body_is_cut_and_marks_past_the_cut_dropped() -> None:
    engine = StubEngine([desert_front()])
    story, extraction = distance_story("s1", 5, hours_ago=1, title="X" * 1_000_000)
    engine.apply((story, extraction))
    text, marks = highlighted(engine.model.stories["s1"])
    assert len(text.plain) < BODY_LIMIT + 20 and text.plain.endswith("(cut)")
    assert marks == []


def test_estimated_and_unknown_places_read_as_such():
    from tui.widgets.towns import place_label

    assert place_label(POKROVSK).plain == "Pokrovsk"
    assert place_label(ZORIVKA).plain == "Zorivka ≈ ±4.8 km"
    assert place_label(NOWHERE).plain == "Nowhere (location unknown)"


def test_the_map_leaves_out_a_place_with_no_position_and_marks_an_estimate():
    import math

    from feeds.model import Front, Model, Objective
    from tui.widgets.map import map_items

    front = Front("East", countries=("UA",))
    front.objectives = {p.geonameid: Objective(p) for p in (NOWHERE, ZORIVKA)}
    items = map_items(Model([front]), front)
    assert [t.place.name for t in items.towns] == ["Zorivka"]
    assert all(not math.isnan(lat) for lat, _ in items.coordinates())
