"""The model: fronts, their objectives and the attacker's distance to each, towns and who
holds them, and the stories behind every number; built from the config.

- `objective`: an objective's distance history, its current estimate and trend;
- `front`: a front's sides, region and the attacker's known positions;
- `town`: a town's control events, its holder, and an objective's status from them;
- `core`: `Model`, which applies one story at a time and says what changed;
- `discovery`: fronts the news makes where no configured front covers a claim;
- `build`: the model for a config (fronts and objectives resolved through the gazetteer);
- `outlets`: which feeds are one outlet, for corroboration;
- `relevance`: whether a story concerns a front (worth fetching its article).
"""

from feeds.model.build import AMBIGUOUS_RATIO, build_model, resolve_fronts, resolve_objective
from feeds.model.core import Model, StoryRecord
from feeds.model.discovery import DISCOVER_JOIN_KM, discovered_name
from feeds.model.front import POSITIONS_CAP, Front, Position, Side
from feeds.model.objective import (
    CONFLICT_POINTS,
    CONFLICT_WINDOW,
    ESTIMATE_SPAN,
    HISTORY_CAP,
    MIN_RATE_POINTS,
    MIN_RATE_SPAN,
    RATE_WINDOW,
    SAME_VALUE_KM,
    SAME_VALUE_WINDOW,
    WINDOW_POINTS,
    DistancePoint,
    How,
    Objective,
    ObjectiveStatus,
    Tier,
    own_outlet,
    point_order,
    reported_note,
    same_value,
)
from feeds.model.outlets import outlet_of_url, outlets
from feeds.model.relevance import is_relevant
from feeds.model.town import (
    CONTESTS,
    GIVES_UP,
    TAKES,
    TOWN_HISTORY_CAP,
    ControlPoint,
    Town,
    control_order,
    objective_status,
    recompute_controllers,
    set_objective_status,
)

__all__ = [
    "AMBIGUOUS_RATIO",
    "CONFLICT_POINTS",
    "CONFLICT_WINDOW",
    "CONTESTS",
    "DISCOVER_JOIN_KM",
    "ESTIMATE_SPAN",
    "GIVES_UP",
    "HISTORY_CAP",
    "MIN_RATE_POINTS",
    "MIN_RATE_SPAN",
    "POSITIONS_CAP",
    "RATE_WINDOW",
    "SAME_VALUE_KM",
    "SAME_VALUE_WINDOW",
    "TAKES",
    "TOWN_HISTORY_CAP",
    "WINDOW_POINTS",
    "ControlPoint",
    "DistancePoint",
    "Front",
    "How",
    "Model",
    "Objective",
    "ObjectiveStatus",
    "Position",
    "Side",
    "StoryRecord",
    "Tier",
    "Town",
    "build_model",
    "control_order",
    "discovered_name",
    "is_relevant",
    "objective_status",
    "outlet_of_url",
    "outlets",
    "own_outlet",
    "point_order",
    "recompute_controllers",
    "reported_note",
    "resolve_fronts",
    "resolve_objective",
    "same_value",
    "set_objective_status",
]
