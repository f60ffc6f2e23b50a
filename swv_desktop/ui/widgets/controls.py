"""Push buttons, labels, text fields, form rows, button boxes and rows of buttons built the same
way on every screen (imports Qt only: the sign-in window of the light start may use them)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import TypeVar

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


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


def form_rows(
    form: QFormLayout, rows: Iterable[tuple[str, str]], make: Callable[[str], W]
) -> dict[str, W]:
    """A row of ``form`` per ``(key, label)`` of ``rows``: ``label`` beside the widget
    ``make(key)``; returns the widgets by key."""
    made: dict[str, W] = {}
    for key, label in rows:
        made[key] = make(key)
        form.addRow(label, made[key])
    return made


def accept_reject_buttons(
    dialog: QDialog,
    ok_text: str,
    on_ok: Callable[[], Any],
    *,
    ok_name: str = "",
    cancel_text: str = "Annuleren",
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A dialog's button box: the accept button ``ok_text`` (named ``ok_name``) that calls
    ``on_ok`` and the reject button ``cancel_text`` that calls ``dialog.reject``; returns the
    box, the accept and the reject button."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    if ok_name:
        ok.setObjectName(ok_name)
    cancel = buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok, cancel


def stacked(owner: QWidget, parts: Sequence[QWidget | QLayout], grow: QWidget) -> QVBoxLayout:
    """``owner``'s layout: ``parts`` (widgets and layouts) from top to bottom, ``grow`` (a table)
    taking the free height."""
    layout = QVBoxLayout(owner)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is grow else 0)
    return layout


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
