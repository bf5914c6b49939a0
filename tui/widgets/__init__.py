"""The dashboard's panels, one per module."""

from tui.widgets.alert_tail import AlertTail
from tui.widgets.fronts import FrontsPanel
from tui.widgets.objectives import ObjectivesPanel
from tui.widgets.panel import Panel
from tui.widgets.stories import StoriesPanel
from tui.widgets.towns import TownsPanel

__all__ = ["AlertTail", "FrontsPanel", "ObjectivesPanel", "Panel", "StoriesPanel", "TownsPanel"]
