"""`frontwatch fronts promote NAME`: write a discovered front into config.toml.

Why tomlkit and not tomllib plus a hand-written block: tomllib only reads, and text
appended by hand must get TOML's string escaping right for names from the news
(quotes, backslashes, non-ASCII). tomlkit edits the parsed document and writes it back
byte for byte where untouched, so the user's comments, blank lines and key order stay.

The result is checked before it is written: it must load with feeds.config, and the new
front's objectives must resolve through the gazetteer to the places the model tracked.
The file is replaced atomically, so a failure leaves the old one whole.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import tomlkit
from tomlkit.items import AoT

from feeds.config import ConfigError, FrontConfig, parse_config
from feeds.geo import Gazetteer
from feeds.model import Front, Model, resolve_objective


class PromoteError(Exception):
    """Why a front cannot be promoted, in one line for the user."""


def find_discovered(model: Model, name: str) -> Front:
    """The discovered front called `name` (case-blind; the "(XX, discovered)" tail optional)."""
    wanted = name.casefold().strip()
    discovered = [f for f in model.fronts.values() if f.discovered]
    for front in discovered:
        short = front.name.rsplit(" (", 1)[0]
        if wanted in (front.name.casefold(), short.casefold()):
            return front
    if any(f.name.casefold() == wanted for f in model.fronts.values()):
        raise PromoteError(f"{name!r} is already a configured front")
    known = ", ".join(repr(f.name) for f in discovered) or "none yet"
    raise PromoteError(f"no discovered front called {name!r} (discovered: {known})")


def promoted_name(front: Front) -> str:
    """ "Pokrovsk (UA, discovered)" -> "Pokrovsk (UA)"."""
    return front.name.replace(", discovered)", ")")


def promote(
    config_path: Path,
    front: Front,
    gazetteer: Gazetteer,
    *,
    name: str | None = None,
    now: datetime | None = None,
) -> str:
    """Append `front` to the config's [[fronts]]; returns the name it was given."""
    text = config_path.read_text(encoding="utf-8")
    try:
        doc = tomlkit.parse(text)
    except Exception as exc:  # tomlkit's errors have no common public base
        raise PromoteError(f"{config_path}: cannot parse: {exc}") from None
    new_name = name or promoted_name(front)
    fronts = doc.get("fronts")
    if fronts is not None and not isinstance(fronts, AoT):
        raise PromoteError(f"{config_path}: fronts: expected [[fronts]] tables")
    existing = [str(t.get("name", "")).casefold() for t in (fronts or [])]
    if new_name.casefold() in existing:
        raise PromoteError(f"{config_path}: a front called {new_name!r} is already configured")

    countries = sorted({o.place.country for o in front.objectives.values()})
    objectives = []
    spec_probe = FrontConfig(name=new_name, countries=tuple(countries))
    for objective in sorted(front.objectives.values(), key=lambda o: o.place.name):
        place = objective.place
        label = place.name
        try:
            same = resolve_objective(label, spec_probe, gazetteer, "probe").geonameid
        except ConfigError:
            same = None
        objectives.append(label if same == place.geonameid else f"geonames:{place.geonameid}")

    table = tomlkit.table()
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    table.add(tomlkit.comment(f"Discovered from the news; promoted by frontwatch on {stamp}."))
    table.add(tomlkit.comment("Add the defender's names so its positions are told apart."))
    table.add("name", new_name)
    table.add("attacker", _array(front.attacker))
    table.add("defender", _array(front.defender))
    table.add("objectives", _array(objectives))
    table.add("countries", _array(countries))
    if fronts is None:
        doc.add(tomlkit.nl())
        doc.add("fronts", tomlkit.aot())
        fronts = doc["fronts"]
    assert isinstance(fronts, AoT)
    fronts.append(table)
    result = tomlkit.dumps(doc)

    try:  # the new file must load, and the new front must resolve to the same places
        config = parse_config(result, config_path)
        spec = next(f for f in config.fronts if f.name == new_name)
        where = f"{config_path}: fronts[{config.fronts.index(spec)}]"
        for j, label in enumerate(spec.objectives):
            resolve_objective(label, spec, gazetteer, f"{where}.objectives[{j}]")
    except ConfigError as exc:
        raise PromoteError(f"the promoted config would not load: {exc}") from None
    _replace(config_path, result)
    return new_name


def _array(values: tuple[str, ...] | list[str]) -> tomlkit.items.Array:
    array = tomlkit.array()
    array.extend(values)
    return array


def _replace(path: Path, text: str) -> None:
    """Write atomically: a temporary file beside it, then rename over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
