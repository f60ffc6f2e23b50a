"""A Beheer tab with a list of records beside a form to add one or change the selected one
(accounts, schooljaren): the table, the group box, Nieuw/Opslaan and "Opgeslagen." in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic
from typing import Protocol
from typing import TypeVar

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import StaleEdit
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.field_errors import FieldErrors
from swv_desktop.ui.widgets.field_errors import show_error
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table
from swv_desktop.ui.widgets.tables import selected_index


class _Record(Protocol):
    """A listed row: it has the id of its record."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_Record)
W = TypeVar("W", bound=QWidget)


class ListFormTab(QWidget, Generic[R]):
    """The list of ``R`` rows on the left, the form on the right. A subclass fills ``self.form``
    (``add_field`` for what the service may refuse) and calls ``finish()``; it implements
    ``load``, ``cells``, ``show_new``, ``show_row`` and ``store``."""

    def __init__(
        self,
        ctx: UiContext,
        headers: Sequence[str],
        *,
        name: str,
        new_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[R] = []
        self.editing: R | None = None
        self.new_title = new_title
        self.table = record_table(list(headers))
        self.table.setObjectName(f"tabel_{name}")
        self.table.itemSelectionChanged.connect(self._on_select)
        self.marks = FieldErrors({})
        self.form_box = QGroupBox(new_title)
        self.form = QFormLayout(self.form_box)
        self._fields: dict[str, QWidget] = {}

    def add_field(self, label: str, name: str, widget: W) -> W:
        """A row of the form for the service's field ``name`` (marked when it is refused)."""
        self.form.addRow(label, widget)
        self._fields[name] = widget
        return widget

    def finish(self, prefix: str) -> None:
        """Name the fields ``{prefix}_{name}`` for error marks, add Nieuw/Opslaan under the form
        and load."""
        self.marks = FieldErrors.named(self._fields, prefix)
        self.save_button = QPushButton("Opslaan")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.new_title)
        self.new_button.clicked.connect(self.start_new)
        self.form.addRow(button_row([self.new_button], [self.save_button]))
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.form_box, 2)
        self.refresh()
        self.start_new()

    # --- what a subclass says ----------------------------------------------------------------

    def load(self) -> list[R]:
        """The rows, as the service lists them."""
        raise NotImplementedError

    def cells(self, row: R) -> list[str]:
        """The table's texts for ``row``."""
        raise NotImplementedError

    def show_new(self) -> None:
        """Fill the form for a new record."""
        raise NotImplementedError

    def show_row(self, row: R) -> str:
        """Fill the form with ``row``; returns the form's title."""
        raise NotImplementedError

    def store(self) -> str | None:
        """Save the form through the service; the message that says so (``None``: the user went
        back)."""
        raise NotImplementedError

    # --- shared --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the rows again."""
        self.rows = self.load()
        fill_table(self.table, [self.cells(row) for row in self.rows])

    def start_new(self) -> None:
        """Empty the form for a new record."""
        self.table.clearSelection()
        self.editing = None
        self.form_box.setTitle(self.new_title)
        self.show_new()
        self.marks.clear()

    def select(self, row_id: int) -> None:
        """Show the record with this id in the form (as listed now); the new form if it is gone."""
        for r, row in enumerate(self.rows):
            if row.id == row_id:
                self.table.selectRow(r)
                self._on_select()
                return
        self.start_new()

    def save(self) -> None:
        """Opslaan: ``store``; a record someone else saved first is offered again, another
        refusal marked on the form; after a save the list again and the message."""
        try:
            text = self.store()
        except StaleEdit as exc:
            self.offer_reload(exc)
            return
        except KnownError as exc:
            show_error(self, exc, self.marks)
            return
        if text is not None:
            self.saved(text)

    def offer_reload(self, exc: StaleEdit) -> None:
        """Someone else saved the record first: on request, the list again and the record as
        stored now (the typed input is then gone)."""
        if self.editing is not None and form_base.ask_reload(self, exc.message):
            row_id = self.editing.id
            self.refresh()
            self.select(row_id)

    def _on_select(self) -> None:
        index = selected_index(self.table)
        if index is None:
            return
        row = self.rows[index]
        self.editing = row
        self.form_box.setTitle(self.show_row(row))
        self.marks.clear()

    def saved(self, text: str) -> None:
        """After a save: the list again, an empty form and ``text`` in a message."""
        self.refresh()
        self.start_new()
        QMessageBox.information(self, "Opgeslagen", text)
