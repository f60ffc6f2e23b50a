"""Push buttons, labels, text fields and rows of buttons built the same way on every screen
(imports Qt only: the sign-in window of the light start may use them)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget


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


def text_field(
    name: str, text: str = "", *, placeholder: str = "", secret: bool = False
) -> QLineEdit:
    """A one-line text field named ``name``, holding ``text``, with a grey ``placeholder``
    example; ``secret`` hides what is typed (a password)."""
    field = QLineEdit(text)
    field.setObjectName(name)
    if placeholder:
        field.setPlaceholderText(placeholder)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def button_row(left: Sequence[QWidget], right: Sequence[QWidget] = ()) -> QHBoxLayout:
    """A row of ``left`` widgets, the free space, then the ``right`` ones (a tab's buttons)."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def page_header(
    left: Sequence[QWidget], summary: QWidget, actions: Sequence[QWidget]
) -> QHBoxLayout:
    """A list page's header: the ``left`` widgets (the title, a filter), the free space, the
    ``summary`` (a count) and the ``actions`` (export, new ...)."""
    header = button_row(left, [summary])
    header.addSpacing(12)
    for widget in actions:
        header.addWidget(widget)
    return header
