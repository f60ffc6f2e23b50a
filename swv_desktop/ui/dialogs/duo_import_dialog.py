"""Importeren uit DUO: choose DUO's files (or an Excel sheet), see what would be added, changed
or skipped, and only then import; afterwards a short report. Thin over ``services.duo``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services.duo.importeren import apply_import
from swv_desktop.services.duo.plan import Actie
from swv_desktop.services.duo.plan import ImportPlan
from swv_desktop.services.duo.vergelijken import plan_import
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.tables import record_table

SOORT_LABELS = {"bestuur": "Bestuur", "school": "School"}


def choose_files(parent: QWidget | None) -> list[Path]:
    """The open-files dialog (tests replace it)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        "DUO-bestanden of Excel kiezen",
        "",
        "DUO-bestanden en Excel (*.csv *.xlsx);;Alle bestanden (*)",
    )
    return [Path(n) for n in names]


def confirm_import(parent: QWidget | None, summary: str) -> bool:
    """Ask once more before writing (tests replace it)."""
    answer = QMessageBox.question(
        parent,
        "Importeren",
        f"{summary}.\n\nDoorgaan met importeren?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class DuoImportDialog(QDialog):
    """Files, choices, the preview table and the Import button."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.files: list[Path] = []
        self.plan: ImportPlan | None = None
        self.setWindowTitle("Scholen en besturen importeren uit DUO")
        self.setObjectName("duo_import")

        intro = QLabel(
            "Kies de bestanden 'Alle vestigingen VO' en 'Adressen bevoegde gezagen VO' van DUO "
            "(open onderwijsdata), of een Excel-bestand met de kolommen BRIN, Vestiging, Naam, "
            "Adres, Postcode, Plaats en Bevoegd gezag. Er wordt niets opgeslagen voordat u op "
            "Importeren klikt."
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton("Bestanden kiezen…")
        self.choose_button.clicked.connect(self.pick_files)
        self.files_label = QLabel("Nog geen bestanden gekozen.")
        self.files_label.setWordWrap(True)
        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.files_label, 1)

        self.gemeenten = text_field(
            "gemeenten", placeholder="bijv. Teststad, Eldersdorp (leeg: alle gemeenten)"
        )
        self.alleen_bestaande = QCheckBox("Alleen scholen en besturen bijwerken die er al zijn")
        self.namen = QCheckBox("Ook de namen van bestaande scholen en besturen overnemen")
        form = QFormLayout()
        form.addRow("Nieuwe scholen uit de gemeenten", self.gemeenten)
        form.addRow("", self.alleen_bestaande)
        form.addRow("", self.namen)
        for changed in (
            self.gemeenten.textChanged,
            self.alleen_bestaande.toggled,
            self.namen.toggled,
        ):
            changed.connect(self._outdated)

        self.preview_button = QPushButton("Voorbeeld tonen")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self.preview)
        self.summary = wrapping_label("samenvatting")
        self.table = record_table(
            ["Soort", "Nummer", "Naam", "Actie", "Wat verandert of waarom niet"]
        )
        self.import_button = QPushButton("Importeren")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        close = QPushButton("Sluiten")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def wanted_size(self) -> QSize:
        return QSize(1000, 620)

    def pick_files(self) -> None:
        files = choose_files(self)
        if files:
            self.set_files(files)

    def set_files(self, files: list[Path]) -> None:
        self.files = files
        self.files_label.setText(", ".join(p.name for p in files))
        self.preview_button.setEnabled(True)
        self._outdated()

    def _outdated(self, *_args: object) -> None:
        """A choice changed: the preview no longer says what would happen."""
        self.plan = None
        self.import_button.setEnabled(False)
        if self.table.rowCount():
            self.summary.setText("De keuzes zijn gewijzigd: toon het voorbeeld opnieuw.")

    def preview(self) -> None:
        try:
            contents = [(p.name, p.read_bytes()) for p in self.files]
        except OSError as error:
            form_base.show_message(
                self,
                "Niet te lezen",
                f"Het bestand kon niet worden gelezen ({error.strerror or error}).",
            )
            return
        try:
            plan = plan_import(
                self.ctx.db,
                self.ctx.actor,
                contents,
                gemeenten=self.gemeenten.text().split(","),
                alleen_bestaande=self.alleen_bestaande.isChecked(),
                namen_bijwerken=self.namen.isChecked(),
            )
        except KnownError as error:
            form_base.show_message(self, "Niet te importeren", str(error))
            return
        self._show(plan)

    def _show(self, plan: ImportPlan) -> None:
        self.table.setRowCount(0)
        order = {Actie.TOEVOEGEN: 0, Actie.WIJZIGEN: 1, Actie.OVERSLAAN: 2}
        for regel in sorted(plan.regels, key=lambda r: (order[r.actie], r.soort, r.sleutel)):
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (
                SOORT_LABELS[regel.soort],
                regel.sleutel,
                regel.naam,
                regel.actie.label,
                regel.toelichting,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.plan = plan
        self.summary.setText(f"{plan.samenvatting()}.")
        self.import_button.setEnabled(plan.te_doen > 0)

    def do_import(self) -> None:
        plan = self.plan
        if plan is None or not confirm_import(self, plan.samenvatting()):
            return
        try:
            verslag = apply_import(self.ctx.db, self.ctx.actor, plan)
        except KnownError as error:
            form_base.show_message(self, "Niets geïmporteerd", str(error))
            self._outdated()
            return
        form_base.show_message(self, "Geïmporteerd", verslag.tekst(), "information")
        self.accept()
