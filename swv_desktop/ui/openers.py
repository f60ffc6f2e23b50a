"""The opener registry: which form opens a record of a kind, from any list.

A form module registers a factory once; lists call ``open_record``/``new_record``::

    from swv_desktop.ui import openers

    def leerling_form(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
        return LeerlingDialog(ctx, record_id, parent)   # None: a new leerling

    openers.register("leerling", leerling_form)

The factory builds the widget and does not show it (so screenshots can grab it); the opener shows
it window-modal and, when it is a ``QDialog``, calls ``on_closed(result)`` when it closes. A kind
without a factory opens a read-only detail view of its list row, so the window is usable before
every form exists. ``swv_desktop.ui.dialogs`` may define ``register_all()``; ``load_dialogs()``
calls it once at start-up.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from swv_desktop.services.queries import lists as queries
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.table_models import detail_fields

log = logging.getLogger(__name__)

RecordFactory = Callable[[int | None, QWidget | None, UiContext], QWidget]
"""``factory(record_id, parent, context)``: ``record_id`` is ``None`` for a new record."""
SampleFinder = Callable[[UiContext], int | None]
"""Picks a record id to show in screenshots (``None``: show the empty form)."""

LIST_KINDS = ("leerling", "aanvraag", "beschikking", "school", "bestuur")

KIND_LABELS = {
    "leerling": "leerling",
    "aanvraag": "aanvraag",
    "beschikking": "beschikking",
    "school": "school",
    "bestuur": "bestuur",
}


@dataclass(frozen=True)
class Registration:
    """A registered factory and how screenshots find a record for it."""

    factory: RecordFactory
    sample: SampleFinder | None = None


_REGISTRY: dict[str, Registration] = {}


def register(kind: str, factory: RecordFactory, *, sample: SampleFinder | None = None) -> None:
    """Make ``factory`` the form of ``kind`` (replaces an earlier registration)."""
    _REGISTRY[kind] = Registration(factory, sample)


def unregister(kind: str) -> None:
    """Forget the form of ``kind`` (tests)."""
    _REGISTRY.pop(kind, None)


def registrations() -> dict[str, Registration]:
    """Every registered kind and its registration (a copy)."""
    return dict(_REGISTRY)


def is_registered(kind: str) -> bool:
    """True when a form is registered for ``kind``."""
    return kind in _REGISTRY


def load_dialogs() -> None:
    """Import ``swv_desktop.ui.dialogs`` and call its ``register_all()`` when it has one."""
    try:
        module = importlib.import_module("swv_desktop.ui.dialogs")
    except ModuleNotFoundError as exc:
        if exc.name != "swv_desktop.ui.dialogs":
            log.exception("de formulieren konden niet worden geladen")
        return
    except Exception:
        log.exception("de formulieren konden niet worden geladen")
        return
    register_all = getattr(module, "register_all", None)
    if callable(register_all):
        try:
            register_all()
        except Exception:
            log.exception("het registreren van de formulieren is mislukt")


def build(kind: str, record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The form (or the read-only detail view) of a record, built but not shown."""
    registration = _REGISTRY.get(kind)
    if registration is not None:
        return registration.factory(record_id, parent, ctx)
    if record_id is None or kind not in LIST_KINDS:
        raise LookupError(f"geen formulier geregistreerd voor {kind!r}")
    return DetailView(kind, record_id, parent, ctx)


def _show(widget: QWidget, on_closed: Callable[[int], None] | None) -> None:
    if isinstance(widget, QDialog):
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_closed is not None:
            widget.finished.connect(on_closed)
        widget.open()
    else:
        widget.setWindowModality(Qt.WindowModality.WindowModal)
        widget.show()


def open_record(
    kind: str,
    record_id: int,
    parent: QWidget | None,
    ctx: UiContext,
    on_closed: Callable[[int], None] | None = None,
) -> QWidget:
    """Open the record in its form (or the detail view); returns the shown widget."""
    widget = build(kind, record_id, parent, ctx)
    _show(widget, on_closed)
    return widget


def new_record(
    kind: str,
    parent: QWidget | None,
    ctx: UiContext,
    on_closed: Callable[[int], None] | None = None,
) -> QWidget | None:
    """Open the empty form of ``kind``; tells the user when there is none yet."""
    if kind not in _REGISTRY:
        QMessageBox.information(
            parent,
            "Nog niet beschikbaar",
            f"Het formulier voor een nieuwe {KIND_LABELS.get(kind, kind)} is nog niet beschikbaar.",
        )
        return None
    widget = build(kind, None, parent, ctx)
    _show(widget, on_closed)
    return widget


class DetailView(QDialog):
    """A read-only view of one list row: every column with its Dutch header."""

    def __init__(self, kind: str, record_id: int, parent: QWidget | None, ctx: UiContext) -> None:
        super().__init__(parent)
        self.kind = kind
        self.record_id = record_id
        row: Any = queries.get_row(ctx.db, kind, record_id)
        noun = KIND_LABELS.get(kind, kind)
        self.setWindowTitle(f"{noun.capitalize()} (alleen lezen)")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        if row is None:
            layout.addWidget(QLabel(f"Deze {noun} bestaat niet (meer)."))
        else:
            for header, text in detail_fields(kind, row):
                value = QLabel(text or "—")
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
                form.addRow(f"{header}:", value)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
