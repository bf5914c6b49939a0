"""The dashboard's screens, one per module."""

from tui.screens.dashboard import DashboardScreen
from tui.screens.feeds import FeedsScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen
from tui.screens.story import StoryScreen

__all__ = ["DashboardScreen", "FeedsScreen", "HelpScreen", "HistoryScreen", "StoryScreen"]
