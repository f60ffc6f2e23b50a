"""Reusable widgets of the window (budget meter ...)."""
