"""The extraction development set is well formed, and the benchmark scores it as documented.

Every line of bench/data/devset/*.jsonl is checked against the format in bench/devset.py
(fields, types, that each quoted surface occurs in the text, that each GeoNames id is a town
of the stated country), so a bad annotation fails CI instead of silently skewing the scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.devset import (
    DEVSET_DIR,
    DevsetError,
    Passage,
    check_against_gazetteer,
    load_devset,
    parse_passage,
    phrase_span,
    quoted_phrase,
)
from bench.extraction import rss_document, score_passage
from feeds.geo import Gazetteer
from feeds.types import (
    ControlEvent,
    DistanceClaim,
    DistanceKind,
    Extraction,
    Mention,
    Place,
    Sentence,
)

DEVSET_FILES = sorted(DEVSET_DIR.glob("*.jsonl"))

# --- the real devset --------------------------------------------------------------------


@pytest.mark.parametrize("path", DEVSET_FILES, ids=[p.name for p in DEVSET_FILES])
def test_devset_file_is_valid(path: Path, gazetteer: Gazetteer) -> None:
    try:
        passages = load_devset([path], gazetteer=gazetteer)
    except DevsetError as e:
        msg = f"{len(e.problems)} annotation problems:\n" + "\n".join(e.problems)
        pytest.fail(msg, pytrace=False)
    assert passages, f"{path.name} holds no passages"


def test_devset_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for path in DEVSET_FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            pid = json.loads(line).get("id")
            if pid in seen:
                clashes.append(f"{path.name}:{n}: {pid!r} already at {seen[pid]}")
            seen.setdefault(pid, f"{path.name}:{n}")
    assert not clashes, "\n".join(clashes)


# --- the validator catches bad annotations ----------------------------------------------


def good() -> dict[str, Any]:
    """One correct line, written for these tests (not part of the devset)."""
    return {
        "id": "t-ua-1",
        "conflict": "Ukraine",
        "countries": ["UA"],
        "text": (
            "Russian forces have moved to within 5 km of Pokrovsk, Ukraine's military said. "
            "Moscow's troops captured Selydove last week in the Donetsk region. "
            "A spokesman said Russia aims to take Kramatorsk before winter."
        ),
        "towns": [
            {"mention": "Pokrovsk", "geonameid": 704422, "country": "UA"},
            {"mention": "Selydove", "geonameid": 694677, "country": "UA"},
            {"mention": "Kramatorsk", "geonameid": 704508, "country": "UA"},
        ],
        "not_towns": ["Donetsk region", "Ukraine"],
        "distances": [
            {
                "raw": "within 5 km of Pokrovsk",
                "value_km": 5,
                "low_km": 0,
                "high_km": 5,
                "kind": "force_position",
                "qualifier": "within",
                "direction": None,
                "reference": "Pokrovsk",
                "reference_geonameid": 704422,
                "subject": "Russian forces",
            }
        ],
        "control": [
            {"town": "Selydove", "geonameid": 694677, "event": "captured", "actor": "troops"}
        ],
        "not_events": ["'aims to take Kramatorsk' is an aim, not an event"],
        "distractor": False,
    }


def problems(obj: dict[str, Any]) -> str:
    try:
        parse_passage(obj, "x.jsonl:1")
    except DevsetError as e:
        return "\n".join(e.problems)
    return ""


def test_a_correct_line_parses_into_typed_gold(gazetteer: Gazetteer) -> None:
    p = parse_passage(good(), "x.jsonl:1")
    assert p.countries == ("UA",)
    assert p.towns[0].geonameid == 704422
    assert p.distances[0].value_km == 5.0 and p.distances[0].kind == "force_position"
    assert p.control[0].event == "captured"
    assert check_against_gazetteer(p, gazetteer) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda o: o["towns"][0].update(mention="Pokrovskk"), "'Pokrovskk' does not occur"),
        (lambda o: o["distances"][0].update(raw="within 6 km of Pokrovsk"), "does not occur"),
        (lambda o: o["distances"][0].update(low_km=6), "low_km <= value_km <= high_km"),
        (lambda o: o["distances"][0].update(kind="force"), "distances[0].kind"),
        (lambda o: o["distances"][0].update(direction="north"), "distances[0].direction"),
        (lambda o: o["distances"][0].update(reference_geonameid=709717), "not a town of this"),
        (lambda o: o["control"][0].update(event="seized"), "control[0].event"),
        (lambda o: o["control"][0].update(geonameid="694677"), "positive GeoNames id"),
        (lambda o: o["control"][0].update(geonameid=709717), "not a town of this passage"),
        (lambda o: o["towns"][1].pop("country"), "missing key 'country'"),
        (lambda o: o.update(geonameid=1), "unknown key 'geonameid'"),
        (lambda o: o.update(countries="UA"), "countries"),
        (lambda o: o.update(distractor="no"), "distractor"),
        (lambda o: o.update(distractor=True), "a distractor claims nothing"),
        (lambda o: o.update(not_events=["aims to take Kramatorsk"]), "single quotes"),
        (lambda o: o.update(not_towns=["Pokrovsk"]), "also listed as a town"),
        (lambda o: o["towns"].append(dict(o["towns"][0])), "listed twice"),
    ],
)
def test_a_bad_annotation_is_reported_with_its_place(edit: Any, expected: str) -> None:
    obj = good()
    edit(obj)
    found = problems(obj)
    assert expected in found
    assert found.startswith("x.jsonl:1: ")


def test_a_geonameid_in_the_wrong_country_is_caught(gazetteer: Gazetteer) -> None:
    obj = good()
    obj["towns"][1]["country"] = "RU"  # Selydove is in Ukraine
    found = check_against_gazetteer(parse_passage(obj, "x.jsonl:1"), gazetteer)
    assert len(found) == 1 and "in UA, not RU" in found[0]


def test_a_village_outside_the_bundled_data_takes_a_null_id(gazetteer: Gazetteer) -> None:
    obj = good()
    obj["towns"][1]["geonameid"] = 99999999  # no such town: the annotator must use null
    obj["control"][0]["geonameid"] = 99999999
    assert "use null" in check_against_gazetteer(parse_passage(obj, "x:1"), gazetteer)[0]
    obj["towns"][1]["geonameid"] = None
    obj["control"][0]["geonameid"] = None
    assert check_against_gazetteer(parse_passage(obj, "x:1"), gazetteer) == []


def test_loading_reports_every_file_and_duplicate_ids(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(good()) + "\n\n", encoding="utf-8")
    b.write_text(json.dumps(good()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DevsetError) as err:
        load_devset([a, b])
    assert any("b.jsonl:1: id 't-ua-1' already used at a.jsonl:1" in p for p in err.value.problems)
    assert any(p.startswith("b.jsonl:2: not JSON") for p in err.value.problems)
    assert [p.id for p in load_devset([a])] == ["t-ua-1"]


def test_quoted_phrase_keeps_apostrophes_inside_the_quote() -> None:
    assert quoted_phrase("'Russia's troops would take it' is future") == (
        "Russia's troops would take it"
    )
    assert quoted_phrase("no quote here") is None


def test_a_quoted_phrase_may_skip_words_with_an_ellipsis() -> None:
    text = "Rebels were advancing on Sunday from Abu Grein, a commander said."
    assert phrase_span(text, "advancing ... from Abu Grein") == (12, 46)
    assert phrase_span(text, "advancing … from Abu Grein") == (12, 46)
    assert phrase_span(text, "from Abu Grein ... advancing") is None  # order matters
    obj = good()
    obj["not_events"] = ["'aims ... before winter' is an aim"]
    assert problems(obj) == ""


# --- the benchmark's scoring rules ----------------------------------------------------------


def _sent(text: str) -> Sentence:
    return Sentence(text, 0, len(text))


def _mention(text: str, surface: str, place: Place) -> Mention:
    i = text.index(surface)
    return Mention(surface, i, i + len(surface), place)


def _claim(text: str, raw: str, km: float, ref: Place | None, kind: DistanceKind) -> DistanceClaim:
    i = text.index(raw)
    return DistanceClaim(
        km, km, km, "exact", None, ref, None, None, kind, i, i + len(raw), _sent(text)
    )


def _passage(gazetteer: Gazetteer) -> tuple[Passage, Place, Place]:
    obj = good()
    obj["text"] += " Syrske, a village nearby, was shelled; Kramatorsk lies 90 km from Pokrovsk."
    obj["towns"].append({"mention": "Syrske", "geonameid": None, "country": "UA"})
    obj["distances"].append(
        {
            "raw": "90 km from Pokrovsk",
            "value_km": 90,
            "low_km": 90,
            "high_km": 90,
            "kind": "geographic",
            "qualifier": "exact",
            "direction": None,
            "reference": "Pokrovsk",
            "reference_geonameid": 704422,
            "subject": None,
        }
    )
    pokrovsk, selydove = gazetteer.get(704422), gazetteer.get(694677)
    assert pokrovsk is not None and selydove is not None
    return parse_passage(obj, "x:1"), pokrovsk, selydove


def test_scoring_matches_by_id_value_tolerance_and_event(gazetteer: Gazetteer) -> None:
    p, pokrovsk, selydove = _passage(gazetteer)
    t = p.text
    unknown = Place(0, "Syrske", "UA", float("nan"), float("nan"))
    ev = ControlEvent("captured", selydove, "Selydove", "troops", 0, 5, _sent(t))
    ex = Extraction(
        t,
        places=(
            _mention(t, "Pokrovsk", pokrovsk),
            _mention(t, "Selydove", selydove),
            _mention(t, "Syrske", unknown),
        ),
        distances=(_claim(t, "within 5 km of Pokrovsk", 5.4, pokrovsk, "force_position"),),
        control=(ev, ev),  # said twice, counted once
    )
    s = score_passage(p, ex, gazetteer)
    # Kramatorsk missed; the village with no id is found by its surface, as location unknown.
    assert (s.towns.tp, s.towns.fp, s.towns.fn) == (3, 0, 1)
    assert s.resolution["exact"] == 2 and s.resolution["unknown"] == 1
    assert s.resolution["missed"] == 1
    assert (s.force.tp, s.force.fp, s.force.fn) == (1, 0, 0)  # 5.4 km is within 0.5 km of 5
    assert (s.control.tp, s.control.fp, s.control.fn) == (1, 0, 0)


def test_scoring_counts_a_map_fact_read_as_a_force_position_as_false(
    gazetteer: Gazetteer,
) -> None:
    p, pokrovsk, selydove = _passage(gazetteer)
    t = p.text
    i = t.index("aims to take")
    ex = Extraction(
        t,
        places=(_mention(t, "Pokrovsk", pokrovsk),),
        distances=(
            _claim(t, "within 5 km of Pokrovsk", 6.0, pokrovsk, "force_position"),
            _claim(t, "90 km from Pokrovsk", 90, pokrovsk, "force_position"),
        ),
        control=(ControlEvent("captured", selydove, "Kramatorsk", None, i, i + 20, _sent(t)),),
    )
    s = score_passage(p, ex, gazetteer)
    assert (s.force.tp, s.force.fp, s.force.fn) == (0, 2, 1)  # 6 km is too far off, 90 is geo
    assert any(e.startswith("GEO    force '90 km from Pokrovsk'") for e in s.errors)
    assert s.not_events_violated == 1


def test_the_speed_feed_holds_every_passage_once() -> None:
    import feedparser

    p = parse_passage(good(), "x:1")
    feed = feedparser.parse(rss_document([p, p]))
    assert not feed.bozo
    assert len(feed.entries) == 2
    assert feed.entries[0].title.startswith("Russian forces have moved to within 5 km")
    assert "Kramatorsk" in feed.entries[0].summary


def test_replay_skips_cleanly_without_the_shared_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import replay

    assert replay.main(["--dir", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.strip() == "skipped: ../shared not found"
