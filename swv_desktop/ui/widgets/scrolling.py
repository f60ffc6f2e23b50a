"""Frameless scroll areas: a tab or a page that may be taller than the window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget


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


def fill_with_column(
    owner: QWidget, parts: Sequence[QWidget | QLayout], *, bottom: int = 12, name: str = ""
) -> QWidget:
    """Make ``parts``, one under the other in the house page margins and spacing and in a
    frameless scroll area, the whole of ``owner`` (a page); the column's widget, named ``name``."""
    content = QWidget()
    content.setObjectName(name)
    column = QVBoxLayout(content)
    column.setContentsMargins(16, 12, 16, bottom)
    column.setSpacing(12)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    column.addStretch(1)
    fill_with_scrolling(owner, content)
    return content
