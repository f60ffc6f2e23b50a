"""Frameless scroll areas: a tab or a page that may be taller than the window."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling(inner: QWidget) -> QScrollArea:
    """``inner`` in a frameless scroll area that resizes it to the width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


def fill_with_scrolling(owner: QWidget, inner: QWidget) -> QScrollArea:
    """Make ``inner``, in a frameless scroll area, the whole of ``owner`` (a page)."""
    area = scrolling(inner)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return area
