"""Towns on real text: one rule family per test group, each in short sentences written for
these tests (the real passages under ../shared are the measure, not these)."""

from __future__ import annotations

import pytest

from feeds.extract import Extractor
from feeds.extract.english import common_word
from feeds.extract.headlines import HeadlineLines
from feeds.extract.metonymy import stands_for_government
from feeds.extract.persons import PersonMemory, surname_key
from feeds.geo import Gazetteer
from feeds.types import Extraction

KYIV, MOSCOW, DAMASCUS, TADMUR, ALEPPO, SANAA = 703448, 524901, 170654, 163808, 170063, 71137
WASHINGTON = 4140963


@pytest.fixture
def ex(gazetteer: Gazetteer) -> Extractor:
    """A fresh extractor per test: the person memory starts empty."""
    return Extractor(gazetteer)


def towns(e: Extraction) -> dict[str, tuple[str, str]]:
    """mention -> (place name, country) for every town mention."""
    return {m.text: (m.place.name, m.place.country) for m in e.towns}


def spans(e: Extraction) -> list[str]:
    return [m.text for m in e.places if m.place.kind != "country"]


# --- vocabulary ---------------------------------------------------------------------------


def test_common_words_are_english_words_written_in_lower_case() -> None:
    assert common_word("Keep") and common_word("charge") and common_word("Freeing")
    assert common_word("green", 20) and not common_word("sour", 20)
    assert not common_word("Aleppo") and not common_word("Florence") and not common_word("Hala")


def test_person_memory_strips_the_article_and_stays_bounded() -> None:
    people = PersonMemory(limit=2)
    people.add(["al-Assad", "Tice", "Gorani"])
    assert "Assad" not in people  # the oldest went when the third came
    assert "Tice" in people and "gorani" in people
    assert surname_key("el-Sisi") == "sisi"


# --- the way names are written --------------------------------------------------------------


def test_an_apostrophe_inside_a_name_is_no_english_clitic(ex: Extractor) -> None:
    assert towns(ex.extract("Houthi forces shelled Sana’a overnight."))["Sana’a"][1] == "YE"


def test_a_lower_case_article_opens_a_name(ex: Extractor) -> None:
    got = towns(ex.extract("Turkish-backed fighters entered al-Bab on Thursday."))
    assert got["al-Bab"] == ("Al Bab", "SY")


def test_persian_izafe_keeps_a_name_whole(ex: Extractor) -> None:
    got = towns(ex.extract("Fighting was reported in Pul-e-Alam and in Mazar-i-Sharif."))
    assert got["Pul-e-Alam"][1] == "AF" and got["Mazar-i-Sharif"][1] == "AF"


def test_a_dateline_in_capitals_is_the_city(ex: Extractor) -> None:
    e = ex.extract("KYIV, Ukraine (AP) — Air raid sirens sounded across the country.")
    assert towns(e)["KYIV"] == ("Kyiv", "UA")
    e = ex.extract("WASHINGTON (AP) — The Pentagon said on Monday it would send more aid.")
    assert [m.place.geonameid for m in e.towns] == [WASHINGTON]


# --- a known town inside a longer name -------------------------------------------------------


def test_a_generic_head_never_stands_alone(ex: Extractor) -> None:
    e = ex.extract("Government troops retook Ras Lanuf after a week of fighting.")
    assert "Ras" not in spans(e)


def test_a_frequent_word_before_a_name_is_an_adjective(ex: Extractor) -> None:
    e = ex.extract("A car bomb exploded near the Grand Market in Mogadishu.")
    assert "Grand" not in spans(e) and "Mogadishu" in towns(e)


def test_organisations_units_and_fronts_are_not_towns(ex: Extractor) -> None:
    e = ex.extract(
        "The Rapid Support Forces and al-Shabaab fighters clashed. Moscow's Dnepr group "
        "pressed on along the Kramatorsk direction, while the Assad regime fell silent."
    )
    assert not set(spans(e)) & {"Rapid", "al-Shabaab", "Dnepr", "Kramatorsk", "Assad"}


def test_a_sea_or_a_range_is_not_a_town(ex: Extractor) -> None:
    e = ex.extract("Warships were seen in the Baltic Sea near the Golan Heights.")
    assert "Baltic" not in spans(e) and "Golan" not in spans(e)


def test_a_name_before_a_small_number_is_a_ship_or_a_road(ex: Extractor) -> None:
    assert "Yi Peng" not in spans(ex.extract("NATO warships surrounded Yi Peng 3 at sea."))


# --- people ----------------------------------------------------------------------------------


def test_people_are_not_places(ex: Extractor) -> None:
    e = ex.extract(
        "Hala Gorani reports from the border. Clifton Wharton, who led the fund, died. "
        "Wharton was 98. The three men, John Leung, Kai Li, and Mark Swidan, flew home."
    )
    assert not set(spans(e)) & {"Hala", "Gorani", "Wharton", "Kai Li"}


def test_a_person_named_in_an_earlier_story_stays_a_person(ex: Extractor) -> None:
    ex.extract("President Bashar al-Assad fled the capital on Sunday.")
    e = ex.extract("Rebels Celebrate the Fall of Assad\n\nCrowds gathered in the squares.")
    assert "Assad" not in spans(e)
    ex.extract("The first president, George Washington, took office in 1789.")
    e = ex.extract("Officials in Washington said the talks would go on.")
    assert [m.place.geonameid for m in e.towns] == [WASHINGTON]


# --- capitals standing for their governments ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Moscow claimed its troops had advanced.",
        "Kyiv's troops pushed east.",
        "The Damascus government denied the report.",
        "Crimea was annexed by Moscow in 2014.",
        "The loss is a setback for Kyiv.",
        "Moscow-held areas were shelled.",
    ],
)
def test_a_capital_for_its_government_is_no_town_mention(ex: Extractor, text: str) -> None:
    assert not ex.extract(text).towns


def test_a_capital_as_a_place_stays_a_town(ex: Extractor) -> None:
    assert [m.place.geonameid for m in ex.extract("Damascus fell to the rebels.").towns] == [
        DAMASCUS
    ]
    assert not stands_for_government("Drones struck Moscow overnight.", 14, 20)
    assert not stands_for_government("Kyiv's outskirts were shelled.", 0, 4)


# --- regions named after cities ---------------------------------------------------------------


def test_a_bare_namesake_is_the_city_and_the_region_needs_its_word(ex: Extractor) -> None:
    e = ex.extract("Shelling hit Kherson on Monday, officials in Kherson region said.")
    kinds = [m.place.kind for m in e.places]
    assert kinds == ["town", "region"]
    e = ex.extract("Fighting went on in Idlib province.")
    assert [m.place.kind for m in e.places] == ["region"]


def test_a_state_word_makes_a_region_but_not_inside_an_organisations_name(
    ex: Extractor,
) -> None:
    e = ex.extract("The army shelled villages in Sennar State.")
    assert [m.place.kind for m in e.places] == ["region"]
    e = ex.extract("The Missouri State Highway Patrol closed the road.")
    assert [m.place.kind for m in e.places] == ["region"]


# --- context decides the place ------------------------------------------------------------------


def test_a_homonym_far_from_the_story_gives_way(ex: Extractor) -> None:
    e = ex.extract(
        "Insurgents seized the town of Palma in Mozambique's Cabo Delgado province, the army "
        "of Mozambique said."
    )
    assert towns(e)["Palma"][1] == "MZ"


def test_the_story_s_country_holds_the_name(ex: Extractor) -> None:
    e = ex.extract("Syrian troops advanced on Palmyra, Syria, from the west.")
    assert [m.place.geonameid for m in e.towns] == [TADMUR]


def test_a_country_before_village_of_is_firm(ex: Extractor) -> None:
    e = ex.extract("Israeli tanks entered the Lebanese village of Chamaa on Tuesday.")
    assert towns(e)["Chamaa"][1] == "LB"


def test_a_learned_village_takes_the_country_of_the_places_around_it(ex: Extractor) -> None:
    e = ex.extract(
        "French troops were deployed. In Mali, jihadists seized the village of Tinzaouatene "
        "near Kidal."
    )
    assert towns(e)["Tinzaouatene"][1] == "ML"


def test_evidence_for_one_mention_holds_for_all(ex: Extractor) -> None:
    e = ex.extract("Brega changed hands twice. Rebels were pushed back past Brega.")
    assert [m.text for m in e.towns] == ["Brega", "Brega"]


def test_a_control_statement_after_a_name_is_evidence(ex: Extractor) -> None:
    assert "Marinka" in towns(ex.extract("Marinka was retaken by Russian units."))


def test_an_alternate_spelling_is_evidence(ex: Extractor) -> None:
    assert [m.place.geonameid for m in ex.extract("Kiev braced for more strikes.").towns] == [KYIV]


# --- headlines ---------------------------------------------------------------------------------


def test_headline_lines_are_found() -> None:
    text = "Rebels Take Charge of the North\n\nThe rebels said they control the road."
    lines = HeadlineLines(text)
    assert 0 in lines and text.index("The rebels") not in lines
    assert 0 in HeadlineLines("Ukraine Makes a Case to Trump’s Team as Officials Visit U.S.")


@pytest.mark.parametrize(
    "text",
    [
        "Syrian Rebels Take Charge\n\nFighters moved into the city overnight.",
        "Ceasefire Takes Effect\n\nGuns fell silent along the front.",
        "An Indigenous Group Tries to Keep the Caribou Alive\n\nThe herd is shrinking.",
        "As Syrian Rebels Advance, Residents Flee\n\nThousands left their homes.",
        "Man eats banana worth millions\n\nA collector bought the artwork.",
    ],
)
def test_headline_words_are_not_places(ex: Extractor, text: str) -> None:
    assert spans(ex.extract(text)) == []


def test_a_headline_place_needs_a_cue_or_the_body(ex: Extractor) -> None:
    e = ex.extract("Rebels Enter Aleppo\n\nFighters reached the city centre on Friday.")
    assert [m.place.geonameid for m in e.towns] == [ALEPPO]


def test_a_demonym_before_city_is_no_town(ex: Extractor) -> None:
    e = ex.extract("Rebels entered the Syrian city of Aleppo.")
    assert [m.text for m in e.towns] == ["Aleppo"]
