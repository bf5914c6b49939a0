"""The dashboard's screens, one per module."""

from tui.screens.alerts import AlertsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.feeds import FeedsScreen
from tui.screens.front_picker import FrontPicker
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen
from tui.screens.map import MapScreen
from tui.screens.story import StoryScreen

__all__ = [
    "AlertsScreen",
    "DashboardScreen",
    "FeedsScreen",
    "FrontPicker",
    "HelpScreen",
    "HistoryScreen",
    "MapScreen",
    "StoryScreen",
]
