"""From config to model: fronts with their objectives resolved, and each feed's outlet.

Objectives are place names; a name the gazetteer does not know, or one that could be
several places of comparable size in the front's region, is a ConfigError naming the
key, so a typo never silently tracks the wrong town. `"geonames:704422"` names a
place by its GeoNames id when a name alone is ambiguous.

Outlets: corroboration counts independent outlets, not feeds. A feed's outlet is its
`outlet` key, else the label before the public suffix of its URL's host, with a few
known feed hosts mapped to their publisher (feeds.bbci.co.uk -> "bbc"). A host that is
an IP address or "localhost" says nothing about its owner, so such a feed is its own
outlet (the demo's loopback feeds are three outlets).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from feeds.config import Config, ConfigError, FeedConfig, FrontConfig
from feeds.geo import Gazetteer, medium_key
from feeds.model import Front, Model, Objective
from feeds.types import Place

AMBIGUOUS_RATIO = 3.0
"""A homonym in the region at least 1/3 the size of the best match makes a name ambiguous."""
_SMALL_TOWN = 5_000
"""GeoNames leaves many towns at population 0: count them as this many people."""

_TWO_LEVEL_SUFFIXES = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk",
        "com.au", "net.au", "org.au", "co.nz", "org.nz", "co.za", "org.za",
        "co.jp", "ne.jp", "or.jp", "co.kr", "or.kr", "co.in", "net.in", "org.in",
        "com.br", "com.ar", "com.mx", "com.tr", "com.ua", "org.ua", "in.ua", "com.sy",
        "com.eg", "com.sa", "com.qa", "com.lb", "co.il", "org.il", "com.pk", "com.ng",
        "com.cn", "com.hk", "com.sg", "com.tw", "co.id", "com.my", "com.ph",
    }
)  # fmt: skip
"""Public suffixes of two labels, so bbc.co.uk gives "bbc" and not "co"."""

_KNOWN_HOSTS = {
    "bbci": "bbc",
    "dj": "wsj",
    "nyt": "nytimes",
    "guim": "theguardian",
    "rferl": "rferl",
    "feedburner": "",
}
"""Registered-domain labels that are a publisher's feed or CDN domain, -> the outlet.
An empty value means a feed host shared by many publishers: the feed is its own outlet."""


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
    return place.population or _SMALL_TOWN


def _describe(place: Place) -> str:
    people = f"pop. {place.population:,}" if place.population else "pop. unknown"
    return (
        f"{place.name} ({place.country}, {place.lat:.2f},{place.lon:.2f}, {people}, "
        f"geonames:{place.geonameid})"
    )


def outlet_of_url(url: str) -> str | None:
    """The outlet a feed URL's host belongs to ("bbc"); None when the host cannot say."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) < 2:
        return None
    size = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES and len(labels) >= 3 else 2
    label = labels[-size]
    known = _KNOWN_HOSTS.get(label, label)
    return known or None


def outlets(feeds: Sequence[FeedConfig]) -> dict[str, str]:
    """feed name -> outlet: the `outlet` key, else from the URL, else the feed's own name."""
    return {f.name: f.outlet or outlet_of_url(f.url) or f.name for f in feeds}


def build_model(config: Config, gazetteer: Gazetteer) -> Model:
    """The engine's model for a config: resolved fronts, and feeds grouped by outlet."""
    return Model(resolve_fronts(config, gazetteer), outlets=outlets(config.feeds))
