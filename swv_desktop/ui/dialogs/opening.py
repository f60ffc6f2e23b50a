"""Showing a form window-modally and keeping it alive until it closes.

A dialog opened with ``open()`` returns at once; when nothing in Python refers to it any more, the
cyclic garbage collector may clear its wrapper while the window is still on screen (its slots and
attributes vanish: "Slot 'VoortgangDialog::' not found", "'VoortgangDialog' object has no
attribute 'read_only'"). ``show_modal`` holds a reference until the dialog is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QWidget

from swv_desktop.ui.widgets.screen_fit import fit_to_screen

_OPEN: dict[int, QWidget] = {}
"""The windows shown by ``show_modal`` that have not been destroyed yet (by ``id``)."""


def open_windows() -> list[QWidget]:
    """The forms shown by ``show_modal`` that are still alive (tests, screenshots)."""
    return list(_OPEN.values())


def _forget(key: int) -> None:
    _OPEN.pop(key, None)


def show_modal(widget: QWidget, on_closed: Callable[[int], None] | None = None) -> QWidget:
    """Show ``widget`` window-modal; a ``QDialog`` calls ``on_closed(result)`` when it closes and
    is deleted then. The widget stays referenced until Qt destroys it."""
    key = id(widget)
    _OPEN[key] = widget
    widget.destroyed.connect(lambda *_a, k=key: _forget(k))
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_to_screen(widget)
    if isinstance(widget, QDialog):
        if on_closed is not None:
            widget.finished.connect(on_closed)
        widget.finished.connect(lambda *_a, k=key: _forget(k))
        widget.open()
    else:
        widget.setWindowModality(Qt.WindowModality.WindowModal)
        widget.show()
    return widget
