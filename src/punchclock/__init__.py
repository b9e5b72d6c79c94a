"""Punchclock: a self-hosted time tracker."""

__version__ = "0.1.0"
