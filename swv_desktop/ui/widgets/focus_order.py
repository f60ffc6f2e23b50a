"""Tab order of a dialog: its buttons after every field, and the focus on the first field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget


def buttons_last(root: QWidget, ordered: Sequence[QPushButton]) -> None:
    """Put the visible ``ordered`` buttons, in that order, after the other widgets of ``root``
    that take Tab focus; when the focus is on none of them (or on a button), it goes to the first
    enabled, visible field."""
    buttons = [b for b in ordered if b.isVisibleTo(root)]
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(chain) < 1000:
        if widget not in buttons and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    previous = chain[-1] if chain else None
    for button in buttons:
        if previous is not None:
            QWidget.setTabOrder(previous, button)
        previous = button
    focus = root.focusWidget()
    if (focus is None or focus in buttons) and chain:
        first = next((w for w in chain if w.isEnabled() and w.isVisibleTo(root)), None)
        if first is not None:
            first.setFocus()
