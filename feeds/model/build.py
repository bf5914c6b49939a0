"""From config to model: fronts with their objectives resolved through the gazetteer.

Objectives are place names; a name the gazetteer does not know, or one that could be
several places of comparable size in the front's region, is a ConfigError naming the
key, so a typo never silently tracks the wrong town. `"geonames:704422"` names a
place by its GeoNames id when a name alone is ambiguous.
"""

from __future__ import annotations

from feeds.config import Config, ConfigError, FrontConfig
from feeds.geo import POPULATION_FLOOR, Gazetteer, medium_key
from feeds.model.core import Model
from feeds.model.front import Front
from feeds.model.objective import Objective
from feeds.model.outlets import outlets
from feeds.types import Place

__all__ = ["AMBIGUOUS_RATIO", "build_model", "resolve_fronts", "resolve_objective"]

AMBIGUOUS_RATIO = 3.0
"""A homonym in the region at least 1/3 the size of the best match makes a name ambiguous."""


def resolve_fronts(config: Config, gazetteer: Gazetteer) -> list[Front]:
    """Fronts with objectives resolved through the gazetteer.

    Raises ConfigError for an objective that is unknown in the front's region or
    ambiguous there."""
    where = str(config.path) if config.path else "<config>"
    fronts = []
    for i, spec in enumerate(config.fronts):
        objectives: dict[int, Objective] = {}
        for j, name in enumerate(spec.objectives):
            place = resolve_objective(
                name, spec, gazetteer, f"{where}: fronts[{i}].objectives[{j}]"
            )
            objectives[place.geonameid] = Objective(place, front=spec.name)
        fronts.append(
            Front(
                name=spec.name,
                attacker=spec.attacker,
                defender=spec.defender,
                countries=spec.countries,
                objectives=objectives,
                radius_km=spec.radius_km,
            )
        )
    return fronts


def resolve_objective(name: str, spec: FrontConfig, gazetteer: Gazetteer, where: str) -> Place:
    """One objective name -> its place, or a ConfigError saying why not (`where` prefixes it)."""
    if name.lower().startswith("geonames:"):
        raw = name.split(":", 1)[1].strip()
        place = gazetteer.get(int(raw)) if raw.isdigit() else None
        if place is None:
            raise ConfigError(
                f"{where}: expected a GeoNames id the gazetteer knows, found {name!r}"
            )
        return place
    towns = [p for p in gazetteer.candidates(name) if p.kind == "town"]
    region = [p for p in towns if not spec.countries or p.country in spec.countries]
    if not region:
        elsewhere = sorted({p.country for p in towns})
        hint = ""
        if elsewhere and spec.countries:
            hint = (
                f" (it names places in {', '.join(elsewhere[:6])}: add the country to countries?)"
            )
        raise ConfigError(f"{where}: expected a place the gazetteer knows, found {name!r}{hint}")
    best = gazetteer.resolve(name, spec.countries)
    if best is None or best.kind != "town" or best not in region:
        best = region[0]
    rivals = [
        p
        for p in region
        if p.geonameid != best.geonameid
        and medium_key(p.name) == medium_key(best.name)
        and AMBIGUOUS_RATIO * _size(p) >= _size(best)
    ]
    if rivals:
        shown = "; ".join(_describe(p) for p in [best, *rivals][:4])
        more = f" and {len(rivals) - 3} more" if len(rivals) > 3 else ""
        raise ConfigError(
            f"{where}: {name!r} is ambiguous: {shown}{more} (set the front's countries, "
            f'or write "geonames:{best.geonameid}" for the first)'
        )
    return best


def _size(place: Place) -> int:
    return place.population or POPULATION_FLOOR


def _describe(place: Place) -> str:
    people = f"pop. {place.population:,}" if place.population else "pop. unknown"
    return (
        f"{place.name} ({place.country}, {place.lat:.2f},{place.lon:.2f}, {people}, "
        f"geonames:{place.geonameid})"
    )


def build_model(config: Config, gazetteer: Gazetteer) -> Model:
    """The engine's model for a config: resolved fronts, and feeds grouped by outlet."""
    return Model(resolve_fronts(config, gazetteer), outlets=outlets(config.feeds))
