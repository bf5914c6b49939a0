"""The headless commands: check, tail, export, fronts, feeds, gazetteer, extract.

Each prints for a terminal or a pipe and runs without Textual; `tui.cli` parses the
arguments and dispatches here, or starts the dashboard.
"""
