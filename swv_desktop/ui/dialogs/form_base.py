"""The base of every record form: Save/Cancel, service errors shown inline and in one dialog,
an "unsaved changes" prompt, read-only mode and keyboard use.

A form subclasses ``RecordDialog``, builds its fields into ``self.body`` with ``add_field``
(which registers the field for error marks and the unsaved-changes check) and implements
``perform_save()``, which calls the service and returns the record id::

    class BestuurDialog(RecordDialog):
        def __init__(self, ctx, bestuur_id, parent=None):
            super().__init__(ctx, parent, title="Schoolbestuur", read_only=...)
            form = self.add_form()
            self.naam = self.add_field(form, "Naam:", "naam", QLineEdit())
            self.mark_clean()

        def perform_save(self) -> int:
            return scholen.save_bestuur(self.ctx.db, self.ctx.actor, ...)

The message boxes live in ``questions`` and are re-exported here; ``show_message``,
``ask_reload`` and ``ask_unsaved_changes`` are looked up in this module at call time, so tests
replace them with ``monkeypatch.setattr(form_base, "show_message", ...)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_widgets import ChoiceCombo
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.dialogs.form_widgets import EnumCombo
from swv_desktop.ui.dialogs.form_widgets import MoneyEdit
from swv_desktop.ui.dialogs.form_widgets import NoticeDialog
from swv_desktop.ui.dialogs.form_widgets import field_block
from swv_desktop.ui.dialogs.form_widgets import field_value
from swv_desktop.ui.dialogs.form_widgets import line_edit
from swv_desktop.ui.dialogs.form_widgets import refusal_dialog
from swv_desktop.ui.dialogs.form_widgets import set_field_value
from swv_desktop.ui.dialogs.form_widgets import set_widget_read_only
from swv_desktop.ui.dialogs.form_widgets import text_area
from swv_desktop.ui.dialogs.form_widgets import widget_state
from swv_desktop.ui.dialogs.questions import ask_reload
from swv_desktop.ui.dialogs.questions import ask_unsaved_changes
from swv_desktop.ui.dialogs.questions import ask_yes_no
from swv_desktop.ui.dialogs.questions import show_message
from swv_desktop.ui.dialogs.questions import validation_text
from swv_desktop.ui.dialogs.save_buttons import SaveButtons
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.field_errors import FieldErrors
from swv_desktop.ui.widgets.field_errors import error_label
from swv_desktop.ui.widgets.focus_order import buttons_last
from swv_desktop.ui.widgets.screen_fit import fit_to_screen

T = TypeVar("T")
D = TypeVar("D")

FORM_STYLE = """
*[fout="true"] { border: 1px solid #b3261e; border-radius: 2px; background: #fff6f5; }
QLabel#veldfout { color: #b3261e; }
QLabel#hulptekst { color: #555555; }
"""


def new_form() -> QFormLayout:
    """An empty label/field form in the house layout (labels right-aligned, fields growing)."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    return form


def _mark_target(widget: QWidget) -> QWidget:
    """The widget that gets the red border (the line edit inside a date or money field)."""
    inner = getattr(widget, "line", None)
    return inner if isinstance(inner, QWidget) else widget


class RecordDialog(QDialog):
    """A record form: ``self.body`` for fields, Opslaan/Annuleren, Ctrl+S, Escape, marks."""

    saved = Signal(int)
    """Emitted with the record id after every successful save."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        title: str,
        read_only: bool = False,
        read_only_note: str = "U kunt deze gegevens inzien, maar niet wijzigen.",
        record_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id = record_id
        self.versie: int | None = None
        """The version of the record the fields were loaded from (``None`` for a new one)."""
        self.read_only = read_only
        self.close_after_save = True
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.marks = FieldErrors({}, {})
        self._clean_state: dict[str, object] = {}
        self._shown_once = False
        self.setWindowTitle(title)
        self.setStyleSheet(FORM_STYLE)

        outer = QVBoxLayout(self)
        self.read_only_label = wrapping_label("hulptekst", read_only_note)
        self.read_only_label.setVisible(False)
        outer.addWidget(self.read_only_label)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("formulier_inhoud")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        content.setObjectName("formulier_vlak")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)
        outer.addSpacing(6)
        self.save_row = SaveButtons(self)
        self.saved_note, self.buttons = self.save_row.saved_note, self.save_row.buttons
        self.save_button, self.cancel_button = (
            self.save_row.save_button,
            self.save_row.cancel_button,
        )
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        outer.addLayout(self.save_row.layout)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self.save)
        if read_only:
            self._apply_read_only()

    # --- building ---------------------------------------------------------------------------

    def wanted_size(self) -> QSize:
        """What the fields need without scrolling (the scroll area alone asks for a small fixed
        size); ``fit_to_screen`` bounds it by the screen. Not a ``sizeHint`` override: Qt calls
        that while tearing a dialog down."""
        hint = super().sizeHint()
        inner = self.scroll.widget().sizeHint()
        inner += QSize(self.scroll.verticalScrollBar().sizeHint().width(), 0)
        shown = self.scroll.sizeHint()
        return hint + QSize(
            max(0, inner.width() - shown.width()), max(0, inner.height() - shown.height())
        )

    def add_form(self, parent_layout: QBoxLayout | None = None) -> QFormLayout:
        """A new label/field form added to ``parent_layout`` (default: the body)."""
        form = new_form()
        (parent_layout or self.body).addLayout(form)
        return form

    def add_field(
        self, form: QFormLayout | None, label: str, name: str, widget: T, *, hint: str = ""
    ) -> T:
        """Register ``widget`` as field ``name`` (the service's field name) and, with a form,
        add it as a row labelled ``label`` with a hidden error line (and a hint) under it."""
        assert isinstance(widget, QWidget)
        widget.setObjectName(name)
        self.fields[name] = widget
        err = error_label()
        self.error_labels[name] = err
        self.marks.fields[name] = _mark_target(widget)
        self.marks.labels[name] = err
        if isinstance(widget, QComboBox) and widget.isEditable():
            widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if form is not None:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, field_block(widget, err, hint))
        if self.read_only:
            set_widget_read_only(widget, True)
        return widget

    def add_date(
        self, form: QFormLayout | None, label: str, name: str, *, hint: str = ""
    ) -> DateEdit:
        """A date field ``name`` whose calendar starts at the context's today, registered and
        added as ``add_field`` does."""
        return self.add_field(form, label, name, DateEdit(today=self.ctx.today), hint=hint)

    def field_column(self, label: str, name: str, widget: T) -> QVBoxLayout:
        """Field ``name`` with its label above it and its error line under it (for grids); a
        ``label`` without a colon or question mark gets a colon."""
        self.add_field(None, label, name, widget)
        assert isinstance(widget, QWidget)
        column = QVBoxLayout()
        column.setSpacing(2)
        caption = QLabel(label if label.endswith((":", "?")) else f"{label}:")
        caption.setBuddy(widget)
        column.addWidget(caption)
        column.addWidget(widget, 1)
        column.addWidget(self.error_labels[name])
        return column

    # --- state ------------------------------------------------------------------------------

    def current_state(self) -> dict[str, object]:
        """What every registered field shows now."""
        return {name: widget_state(w) for name, w in self.fields.items()}

    def mark_clean(self) -> None:
        """Take what the fields show now as the saved state."""
        self._clean_state = self.current_state()

    def is_dirty(self) -> bool:
        """True when a field differs from the saved state."""
        return not self.read_only and self.current_state() != self._clean_state

    def set_read_only(self, read_only: bool) -> None:
        """Show the record without letting it change (no Save button)."""
        self.read_only = read_only
        if read_only:
            self._apply_read_only()

    def _apply_read_only(self) -> None:
        for widget in self.fields.values():
            set_widget_read_only(widget, True)
        self.read_only_label.setVisible(True)
        self.save_button.setVisible(False)
        self.save_shortcut.setEnabled(False)
        self.cancel_button.setText("Sluiten")

    # --- saving -----------------------------------------------------------------------------

    def perform_save(self) -> int:
        """Read the fields, call the service and return the record id (subclasses)."""
        raise NotImplementedError

    def save(self) -> bool:
        """Save through ``perform_save``; on a refusal show why and keep the form open."""
        if self.read_only:
            return False
        self.marks.clear()
        try:
            record_id = self.perform_save()
        except ValidationError as error:
            self.show_validation(error)
            return False
        except StaleEdit as error:
            if ask_reload(self, error.message):
                self.reload_record()
            return False
        except KnownError as error:
            self.show_known_error(error)
            return False
        self.record_id = record_id
        closing = self.close_after_save
        self.mark_clean()
        self.saved.emit(record_id)
        self.after_save(record_id)
        if closing:
            self.accept()
        else:  # the form stays open (Ctrl+S in the aanvraag form): say that it was saved
            self.save_row.show_saved()
        return True

    def after_save(self, record_id: int) -> None:
        """Hook after a successful save, before the dialog closes."""

    def reload_record(self) -> None:
        """Show the stored record again (and its version), after someone else saved it first;
        forms of existing records implement this, then call ``mark_clean``."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Show each field of the input dataclass ``data`` in the registered field of the same
        name, and remember the version it was loaded at."""
        for item in dataclasses.fields(data):
            widget = self.fields.get(item.name)
            if widget is not None:
                set_field_value(widget, getattr(data, item.name))
        self.versie = getattr(data, "versie", None)

    def read_data(self, kind: type[D], v: Validator, **extra: object) -> D:
        """A ``kind`` (an input dataclass) from the registered fields of the same names, the
        loaded version and ``extra``; a value that cannot be read is recorded in ``v``."""
        values: dict[str, object] = {}
        for item in dataclasses.fields(kind):  # type: ignore[arg-type]
            widget = self.fields.get(item.name)
            if widget is not None:
                values[item.name] = self.read_checked(v, item.name, lambda w=widget: field_value(w))
            elif item.name == "versie":
                values["versie"] = self.versie
        return kind(**values, **extra)

    def read_checked(self, v: Validator, name: str, getter: Callable[[], T]) -> T | None:
        """``getter()``, or ``None`` with its ``ValueError`` recorded in ``v`` for ``name``."""
        try:
            return getter()
        except ValueError as exc:
            v.add(name, str(exc))
            return None

    # --- messages ---------------------------------------------------------------------------

    def show_validation(self, error: ValidationError) -> None:
        """Mark each field named in ``error`` and show one dialog listing every message."""
        self.marks.show(error.errors)
        show_message(self, "Controleer de invoer", validation_text(error), "warning")

    def show_known_error(self, error: KnownError) -> None:
        """A calm message for a refusal the user can understand."""
        title = "Niet toegestaan" if isinstance(error, PermissionDenied) else "Niet gelukt"
        show_message(self, title, error.message, "information")

    # --- keyboard and closing ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """On first show: the buttons come last in the tab order, the focus on a field."""
        if not self._shown_once:
            self._shown_once = True
            fit_to_screen(self)
            self._buttons_last()
        super().showEvent(event)

    def _buttons_last(self) -> None:
        extra = [
            b for b in self.buttons.buttons() if b not in (self.save_button, self.cancel_button)
        ]
        buttons_last(self, [*extra, self.save_button, self.cancel_button])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter moves to the next field instead of closing the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape, Annuleren or closing the window: ask first when there are unsaved changes."""
        if self.is_dirty():
            choice = ask_unsaved_changes(self)
            if choice == "cancel":
                return
            if choice == "save":
                if self.save() and self.isVisible():
                    self.accept()
                return
        super().reject()


__all__ = [
    "ChoiceCombo",
    "DateEdit",
    "EnumCombo",
    "MoneyEdit",
    "NoticeDialog",
    "RecordDialog",
    "ask_reload",
    "ask_unsaved_changes",
    "ask_yes_no",
    "field_block",
    "field_value",
    "line_edit",
    "new_form",
    "refusal_dialog",
    "set_field_value",
    "set_widget_read_only",
    "show_message",
    "text_area",
    "validation_text",
    "widget_state",
]
