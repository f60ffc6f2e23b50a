"""Showing a service's validation errors: each field marked inline, plus one dialog listing all."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractSpinBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.ui.widgets.controls import wrapping_label


class FieldErrors:
    """Marks the widgets of fields named in a ``ValidationError`` and clears them again.

    ``fields`` maps the service's field names to the input widgets; ``labels`` (optional) maps
    them to a QLabel under the widget that shows the message in red.
    """

    def __init__(self, fields: dict[str, QWidget], labels: dict[str, QLabel] | None = None):
        self.fields = fields
        self.labels = labels or {}
        self._watched: set[int] = set()

    @classmethod
    def named(cls, fields: dict[str, QWidget], prefix: str) -> FieldErrors:
        """Marks for ``fields``, each widget named ``{prefix}_{field name}`` (what tests and the
        style sheet find it by)."""
        for name, widget in fields.items():
            widget.setObjectName(f"{prefix}_{name}")
        return cls(fields)

    def clear_field(self, name: str) -> None:
        """Remove the mark of one field (the user changed it)."""
        widget = self.fields.get(name)
        if widget is not None and widget.property("fout"):
            widget.setProperty("fout", False)
            widget.setToolTip("")
            _repolish(widget)
        label = self.labels.get(name)
        if label is not None:
            label.clear()
            label.setVisible(False)

    def _watch(self, name: str, widget: QWidget) -> None:
        """Clear the mark as soon as the user edits the field (once connected per widget)."""
        if id(widget) in self._watched:
            return
        self._watched.add(id(widget))
        signal = None
        if isinstance(widget, QLineEdit):
            signal = widget.textEdited
        elif isinstance(widget, QPlainTextEdit):
            signal = widget.textChanged
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QAbstractSpinBox):
            signal = widget.editingFinished
        elif isinstance(widget, QAbstractButton):
            signal = widget.toggled
        elif hasattr(widget, "changed"):
            signal = widget.changed
        if signal is not None:
            signal.connect(lambda *_a, n=name: self.clear_field(n))

    def clear(self) -> None:
        """Remove every mark."""
        for widget in self.fields.values():
            widget.setProperty("fout", False)
            widget.setToolTip("")
            _repolish(widget)
        for label in self.labels.values():
            label.clear()
            label.setVisible(False)

    def show(self, errors: list[FieldError]) -> None:
        """Mark the fields named in ``errors``; the first marked field gets the focus."""
        self.clear()
        first: QWidget | None = None
        for error in errors:
            widget = self.fields.get(error.field)
            if widget is None:
                continue
            widget.setProperty("fout", True)
            widget.setToolTip(error.message)
            self._watch(error.field, widget)
            _repolish(widget)
            label = self.labels.get(error.field)
            if label is not None:
                label.setText(error.message)
                label.setVisible(True)
            first = first or widget
        if first is not None:
            first.setFocus()


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def error_label() -> QLabel:
    """A hidden red label to put under a field."""
    label = wrapping_label("veldfout")
    label.setVisible(False)
    return label


def show_error(parent: QWidget | None, error: KnownError, marks: FieldErrors | None = None) -> None:
    """Mark the fields (for a ``ValidationError``) and show one dialog with every message."""
    if isinstance(error, ValidationError):
        if marks is not None:
            marks.show(error.errors)
        lines = "\n".join(f"• {e.message}" for e in error.errors)
        QMessageBox.warning(parent, "Controleer de invoer", f"Nog niet opgeslagen:\n\n{lines}")
    else:
        QMessageBox.warning(parent, "Niet gelukt", error.message)
