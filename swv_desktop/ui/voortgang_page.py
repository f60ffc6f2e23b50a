"""Voortgang: awards whose three-monthly progress talk is overdue, and those due in the next 30
days (tab Binnenkort), with the way to record one.

A contactpersoon starts with only their own aanvragen; the programmadirecteur sees everyone's and
can narrow to one contactpersoon. "Gesprek vastleggen" opens the ``voortgang`` form
(record id = the aanvraag's id); double-click opens the aanvraag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.formatting import short_date
from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services import voortgang
from swv_desktop.services.queries import export as list_export
from swv_desktop.services.voortgang import OverdueRow
from swv_desktop.ui import openers
from swv_desktop.ui import save_as
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.record_table import RecordTable
from swv_desktop.ui.rows_table_model import RowsTableModel
from swv_desktop.ui.table_models import ID_ROLE
from swv_desktop.ui.table_models import ROW_ROLE
from swv_desktop.ui.table_models import SORT_ROLE
from swv_desktop.ui.widgets.controls import page_header


class OverdueTableModel(RowsTableModel[OverdueRow]):
    """Overdue progress talks (a short list: no paging)."""

    COL_AANVRAAG, COL_LEERLING, COL_SCHOOL, COL_CONTACTPERSOON, COL_UITERLIJK, COL_DAGEN = range(6)
    HEADERS = (
        "Aanvraag",
        "Leerling",
        "School",
        "Contactpersoon",
        "Gesprek uiterlijk",
        "Dagen te laat",
    )
    ATTRS = (
        "nummer",
        "leerlingnummer",
        "school_naam",
        "contactpersoon_naam",
        "due",
        "days_overdue",
    )

    def __init__(self, parent: Any = None, *, upcoming: bool = False) -> None:
        super().__init__(self.HEADERS, parent)
        self.upcoming = upcoming
        """The talks still to come: the last column counts the days left."""

    def cell(self, r: int, column: int, role: int) -> Any:
        row = self.rows[r]
        value = getattr(row, self.ATTRS[column])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_UITERLIJK:
                return short_date(value)
            if column == self.COL_DAGEN and self.upcoming:
                return "vandaag" if value == 0 else str(-value)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_DAGEN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return value
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.aanvraag_id
        return None

    def header(self, section: int) -> str:
        if section == self.COL_DAGEN and self.upcoming:
            return "Over (dagen)"
        return self.HEADERS[section]


class VoortgangPage(QWidget):
    """The Voortgang page."""

    ask_path: save_as.SavePathAsker = staticmethod(save_as.ask_save_path)
    """Where to save an export (tests replace it on the instance)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Voortgang")
        title.setObjectName("paginatitel")
        intro = QLabel(
            "Toekenningen waarvan het voortgangsgesprek (minstens iedere drie maanden) te laat "
            "is, het langst achterstallige bovenaan; onder Binnenkort de gesprekken van de "
            f"komende {voortgang.UPCOMING_DAYS} dagen."
        )
        intro.setWordWrap(True)
        self.contactpersoon = QComboBox()
        self.contactpersoon.setObjectName("filter_contactpersoon")
        self.contactpersoon.addItem("Alle contactpersonen", None)
        for cp_id, naam in auth.list_contactpersonen(ctx.db):
            self.contactpersoon.addItem(naam, cp_id)
        if ctx.actor.rol is Rol.CONTACTPERSOON:
            self.contactpersoon.setCurrentIndex(max(0, self.contactpersoon.findData(ctx.actor.id)))
        self.contactpersoon.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count_label = QLabel()
        self.record_button = QPushButton("Gesprek vastleggen")
        self.record_button.clicked.connect(self.record_gesprek)
        self.open_button = QPushButton("Aanvraag openen")
        self.open_button.clicked.connect(self.open_current)
        self.export_button = QPushButton("Naar Excel")
        self.export_button.setToolTip("De lijst van het getoonde tabblad als Excel-bestand")
        self.export_button.clicked.connect(self.export_to_excel)

        self.model = OverdueTableModel(self)
        self.table = self._table(self.model, "tabel_voortgang")
        self.upcoming_model = OverdueTableModel(self, upcoming=True)
        self.upcoming_table = self._table(self.upcoming_model, "tabel_binnenkort")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "Te laat")
        self.tabs.addTab(self.upcoming_table, "Binnenkort")

        bar = page_header(
            [QLabel("Contactpersoon:"), self.contactpersoon],
            self.count_label,
            [self.export_button, self.open_button, self.record_button],
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def _table(self, model: OverdueTableModel, name: str) -> RecordTable:
        table = RecordTable()
        table.setObjectName(name)
        table.setModel(model)
        table.open_requested.connect(lambda _i: self.open_current())
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OverdueTableModel.COL_SCHOOL, QHeaderView.ResizeMode.Stretch)
        return table

    def refresh(self) -> None:
        """Query the overdue and the coming talks again."""
        cp = self.contactpersoon.currentData()
        today = self.ctx.today()
        rows, coming = voortgang.gesprekken_bekijken(
            self.ctx.db, self.ctx.actor, today, contactpersoon_id=cp
        )
        self.model.set_rows(rows)
        self.upcoming_model.set_rows(coming)
        self.count_label.setText(
            "Geen achterstallige gesprekken" if not rows else f"{len(rows)} achterstallig"
        )
        self.tabs.setTabText(0, f"Te laat ({len(rows)})")
        self.tabs.setTabText(1, f"Binnenkort ({len(coming)})")
        self.table.resizeColumnsToContents()
        self.upcoming_table.resizeColumnsToContents()

    def _current_id(self) -> int | None:
        table = self.upcoming_table if self.tabs.currentIndex() == 1 else self.table
        model = self.upcoming_model if table is self.upcoming_table else self.model
        index = table.currentIndex()
        if not index.isValid() and model.rowCount() == 1:
            index = model.index(0, 0)
        value = model.data(index, ID_ROLE) if index.isValid() else None
        return None if value is None else int(value)

    def export_to_excel(self) -> None:
        """The list of the shown tab, for the chosen contactpersoon, as an xlsx."""
        upcoming = self.tabs.currentIndex() == 1
        stem = "gesprekken-binnenkort" if upcoming else "gesprekken-te-laat"
        today = self.ctx.today()
        path = self.ask_path(
            self,
            "Voortgang exporteren naar Excel",
            paths.safe_file_name(f"{stem}-{today.isoformat()}", ".xlsx"),
        )
        if path is None:
            return

        def xlsx() -> tuple[bytes, str]:
            result = list_export.export_gesprekken(
                self.ctx.db,
                self.ctx.actor,
                today,
                contactpersoon_id=self.contactpersoon.currentData(),
                upcoming=upcoming,
            )
            return result.xlsx, f"{result.rijen} gesprekken staan in {path}."

        save_as.save_export(self, Path(path), xlsx)

    def open_current(self) -> None:
        """Open the selected aanvraag."""
        record_id = self._current_id()
        if record_id is not None:
            openers.open_record("aanvraag", record_id, self, self.ctx, self._after)

    def record_gesprek(self) -> None:
        """Open the progress-talk form for the selected aanvraag."""
        record_id = self._current_id()
        if record_id is None:
            return
        openers.open_record("voortgang", record_id, self, self.ctx, self._after)

    def _after(self, result: int) -> None:
        if result:
            self.refresh()
