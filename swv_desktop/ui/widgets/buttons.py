"""Push buttons and labels built the same way on every screen (imports Qt only: the sign-in
window of the light start may use them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton


def push_button(text: str, name: str, on_click: Callable[..., Any]) -> QPushButton:
    """A button with the Dutch ``text``, the object name ``name`` (tests and style sheets find
    it by that) that calls ``on_click`` when clicked."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(on_click)
    return button


def wrapping_label(name: str, text: str = "") -> QLabel:
    """A label named ``name`` whose (long, Dutch) text wraps onto more lines."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label
