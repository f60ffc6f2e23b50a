"""Rapportages: the interim and final evaluation of a schooljaar as PDF (and Excel), written off the
GUI thread with a busy indicator. The report itself comes from ``services.evaluatie``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QProgressDialog
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services import schooljaren
from swv_desktop.services import scope
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import suggested_peildatum
from swv_desktop.services.scope import Recht
from swv_desktop.ui.conclusies_editor import ConclusiesEditor
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.widgets.cards import Card
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.scrolling import fill_with_column
from swv_desktop.ui.worker import run_in_background

SaveDialog = Callable[[QWidget, str, str], Path | None]


def ask_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The file dialog (injectable for tests)."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF-bestanden (*.pdf)")
    return Path(name) if name else None


def _write_report() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("swv_desktop.services.evaluatie.use_cases")
    except ModuleNotFoundError:
        return None
    return getattr(module, "write_report", None)


class ReportsPage(QWidget):
    """Choose schooljaar and kind, save the evaluation report."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, save_dialog: SaveDialog = ask_save_path
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.save_dialog = save_dialog
        title = QLabel("Rapportages")
        title.setObjectName("paginatitel")
        intro = QLabel(
            "De tussen- en eindevaluatie van de pilot: welke scholen en besturen het budget "
            "gebruiken, welke bedragen zijn aangevraagd en toegekend, waarvoor, de inzet van "
            "VSO-expertise en de uitkomst per leerling (geanonimiseerd)."
        )
        intro.setWordWrap(True)
        self.year = QComboBox()
        self.year_ids: dict[str, int] = {}
        for jaar in schooljaren.list_schooljaren(ctx.db):
            self.year.addItem(jaar.label, jaar.label)
            self.year_ids[jaar.label] = jaar.id
        self.kind = QComboBox()
        for soort in EvaluatieSoort:
            self.kind.addItem(soort.label, soort.value)
        self.peildatum = DateEdit(today=ctx.today)
        self.peildatum.setObjectName("rapport_peildatum")
        self.peildatum.setToolTip(
            "Het rapport telt wat tot en met deze dag is vastgelegd: een dag binnen het "
            "schooljaar, niet na vandaag. Leeg: alles wat tot nu is vastgelegd."
        )
        self.with_excel = QCheckBox("Ook een Excel-bestand met de cijfers")
        self.make_button = QPushButton("Rapport opslaan als PDF…")
        self.make_button.clicked.connect(self.make_report)
        self.unavailable = QLabel("De rapportages zijn in deze versie nog niet beschikbaar.")
        available = _write_report() is not None
        self.unavailable.setVisible(not available)
        self.make_button.setEnabled(available and self.year.count() > 0)

        card = Card("Evaluatierapport")
        card.setMaximumWidth(640)
        form = QFormLayout()
        form.addRow("Schooljaar:", self.year)
        form.addRow("Soort:", self.kind)
        form.addRow("Peildatum:", self.peildatum)
        form.addRow("", self.with_excel)
        card.body.addLayout(form)
        card.body.addLayout(button_row([], [self.make_button]))
        card.body.addWidget(self.unavailable)
        intro.setMaximumWidth(900)
        self.conclusies = ConclusiesEditor(ctx)
        editor_card = Card("Conclusies van de programmadirecteur")
        editor_card.setMaximumWidth(900)
        editor_card.body.addWidget(self.conclusies)
        fill_with_column(self, [title, intro, card, editor_card])
        self.year.currentIndexChanged.connect(self._load_conclusions)
        self.year.currentIndexChanged.connect(self._suggest_peildatum)
        self.kind.currentIndexChanged.connect(self._load_conclusions)
        self._load_conclusions()
        self._suggest_peildatum()

    def _suggest_peildatum(self) -> None:
        """Today within the chosen schooljaar, or its end once it is over."""
        label = self.year.currentData()
        if not scope.may(self.ctx.actor, Recht.RAPPORTEN):
            return  # the other roles read the conclusions; they make no report
        if label:  # none for a schooljaar that has not begun: then everything until today
            self.peildatum.set_value(suggested_peildatum(self.ctx.db, self.ctx.actor, label))

    def _load_conclusions(self) -> None:
        self.conclusies.load(
            self.year_ids.get(self.year.currentData()), EvaluatieSoort(self.kind.currentData())
        )

    def make_report(self) -> None:
        """Ask where to save and write the report in the background."""
        write = _write_report()
        if write is None:
            return
        label, kind = self.year.currentData(), EvaluatieSoort(self.kind.currentData())
        try:
            peildatum = self.peildatum.value()
        except ValueError as exc:
            QMessageBox.warning(self, "Rapport niet gemaakt", f"Peildatum: {exc}")
            return
        suggested = f"{self.kind.currentText().lower()}-{label}.pdf"
        path = self.save_dialog(self, "Rapport opslaan", suggested)
        if path is None:
            return
        xlsx = path.with_suffix(".xlsx") if self.with_excel.isChecked() else None
        busy = QProgressDialog("Het rapport wordt gemaakt…", "", 0, 0, self)
        busy.setWindowTitle("Even geduld")
        busy.setCancelButton(None)
        busy.setMinimumDuration(300)
        self.make_button.setEnabled(False)
        db, actor = self.ctx.db, self.ctx.actor

        def done(_result: Any) -> None:
            busy.close()
            self.make_button.setEnabled(True)
            QMessageBox.information(self, "Rapport opgeslagen", f"Het rapport staat in:\n{path}")

        def failed(exc: BaseException) -> None:
            busy.close()
            self.make_button.setEnabled(True)
            if isinstance(exc, KnownError):
                QMessageBox.warning(self, "Rapport niet gemaakt", exc.message)
                return
            raise exc

        run_in_background(
            self,
            lambda: write(db, actor, label, kind, path, xlsx=xlsx, peildatum=peildatum),
            done,
            failed,
        )
