"""VSO-expertise: the register of each use of VSO expertise in regular VO, per schooljaar, with
"Nieuwe inzet", Enter or a double-click to open one, the figures in a line and "Naar Excel"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.formatting import hours
from swv_desktop.formatting import short_date
from swv_desktop.services import vso_expertise as register
from swv_desktop.services.vso_expertise import VsoInzetRow
from swv_desktop.ui import openers
from swv_desktop.ui import save_as
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.controls import page_header
from swv_desktop.ui.widgets.schooljaar_combo import schooljaar_combo
from swv_desktop.ui.widgets.tables import record_table

HEADERS = ["Begonnen", "School", "VSO-school of partner", "Soort vraag", "Tijd", "Oordeel"]


class VsoPage(QWidget):
    """The register's list for the signed-in contactpersoon (her schools) or programmadirecteur."""

    ask_path: save_as.SavePathAsker = staticmethod(save_as.ask_save_path)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[VsoInzetRow] = []
        title = QLabel("VSO-expertise in het regulier VO")
        title.setObjectName("paginatitel")
        self.jaar = schooljaar_combo(ctx, "filter_schooljaar", "Alle schooljaren")
        self.jaar.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("aantal")
        self.export_button = QPushButton("Naar Excel")
        self.export_button.clicked.connect(self.export_to_excel)
        self.new_button = QPushButton("Nieuwe inzet")
        self.new_button.clicked.connect(self.create_new)
        header = page_header(
            [title], self.summary, [self.jaar, self.export_button, self.new_button]
        )
        intro = QLabel(
            "Laagdrempelige inzet van expertise uit het VSO op vragen van docenten en teams in "
            "het regulier VO: wie, waarop, hoeveel tijd en wat het opleverde."
        )
        intro.setObjectName("hulptekst")
        intro.setWordWrap(True)
        self.table = record_table(HEADERS)
        self.table.setObjectName("vso_register")
        self.table.itemActivated.connect(lambda item: self.open_row(item.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the register again for the chosen schooljaar."""
        self.rows = register.list_inzet(self.ctx.db, self.ctx.actor, self.jaar.currentData())
        self.table.setRowCount(0)
        for row in self.rows:
            index = self.table.rowCount()
            self.table.insertRow(index)
            cells = (
                short_date(row.startdatum),
                row.school,
                row.vso_partner,
                row.vraag_soort.label,
                hours(row.minuten),
                row.beoordeling.label if row.beoordeling else "—",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.vraag if column == 3 else text)
                self.table.setItem(index, column, item)
        total = sum(r.minuten for r in self.rows)
        n = len(self.rows)
        self.summary.setText(f"{n} {'inzet' if n == 1 else 'inzetten'}, {hours(total)}")

    def create_new(self) -> None:
        openers.new_record("vso_inzet", self, self.ctx, self._after_close)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            openers.open_record("vso_inzet", self.rows[row].id, self, self.ctx, self._after_close)

    def _after_close(self, result: int) -> None:
        if result:
            self.refresh()

    def export_to_excel(self) -> None:
        """The register as shown, with the question, what was done and how it helped."""
        label = self.jaar.currentText().replace(" ", "-").lower()
        suggested = paths.safe_file_name(f"vso-expertise-{label}", ".xlsx")
        path = self.ask_path(self, "VSO-expertise exporteren naar Excel", suggested)
        if path is None:
            return
        save_as.save_export(
            self,
            Path(path),
            lambda: (
                register.export_xlsx(self.ctx.db, self.ctx.actor, self.jaar.currentData()),
                f"Het register staat in {path}.",
            ),
        )
