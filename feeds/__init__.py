"""frontwatch's engine: feeds in, fronts out. Runs headless; never imports Textual."""

__version__ = "0.1.0"
