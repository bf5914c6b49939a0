"""`frontwatch fronts promote`: a discovered front written into config.toml, comments kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from feeds.commands.promote import PromoteError, find_discovered, promote
from feeds.config import load_config
from feeds.model import Model, resolve_fronts
from tests.support.places import KRAMATORSK, SLOVIANSK, desert_front
from tests.support.stories import T0, distance, story

CONFIG = """# my desk's config: keep this comment
[[feeds]]
name = "wire"   # the wire
url = "https://feeds.example.org/rss"

[[fronts]]
name = "Desert road"
objectives = ["As Sukhnah"]
countries = ["SY"]
"""


def discovered_model() -> Model:
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(9, KRAMATORSK, subject="Russian troops"), now=T0)
    model.apply(story("b", 1), distance(4, SLOVIANSK, subject="Russian troops"), now=T0)
    return model


def test_promote_appends_a_valid_front_and_keeps_the_users_comments(tmp_path, gazetteer):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    model = discovered_model()
    found = find_discovered(model, "kramatorsk")
    name = promote(path, found, gazetteer)
    assert name == "Kramatorsk (UA)"
    text = path.read_text()
    assert text.startswith(CONFIG.rstrip("\n"))  # untouched, comments and all
    assert 'name = "wire"   # the wire' in text
    tomllib.loads(text)
    config = load_config(path)
    spec = config.fronts[-1]
    assert spec.attacker == ("Russian troops",) and spec.countries == ("UA",)
    resolved = resolve_fronts(config, gazetteer)[-1]
    assert set(resolved.objectives) == {KRAMATORSK.geonameid, SLOVIANSK.geonameid}
    with pytest.raises(PromoteError, match="already configured"):
        promote(path, found, gazetteer)


def test_an_unknown_front_is_a_clear_error():
    with pytest.raises(PromoteError, match=r"no discovered front called 'Nowhere'.*Kramatorsk"):
        find_discovered(discovered_model(), "Nowhere")
    with pytest.raises(PromoteError, match="already a configured front"):
        find_discovered(discovered_model(), "Desert road")


def test_objectives_errors_name_the_key(gazetteer):
    from feeds.config import parse_config

    text = '[[fronts]]\nname = "x"\nobjectives = ["Damascus", "As Sukhnah"]\n'
    with pytest.raises(Exception) as caught:
        resolve_fronts(parse_config(text, Path("c.toml")), gazetteer)
    message = str(caught.value)
    assert message.startswith("c.toml: fronts[0].objectives[1]: 'As Sukhnah' is ambiguous")
    assert "geonames:172425" in message
