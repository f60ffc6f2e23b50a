"""Beheer > Toegangslogboek (beheerder and programmadirecteur): who signed in, and who viewed,
exported or printed what, when. Filters by person, pupil number, action and period; a page of
``toegangslog.PAGINA`` rows at a time (the service counts and pages in SQL, so a log of 100,000
rows stays quick), and "Exporteren naar Excel" of everything the filters match. Thin: the
service checks who asks and logs the export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.formatting import date_time
from swv_desktop.formatting import thousands
from swv_desktop.models import ToegangActie
from swv_desktop.services import toegangslog
from swv_desktop.services.toegangslog import LogFilter
from swv_desktop.services.toegangslog import LogRegel
from swv_desktop.ui import save_as
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table

HEADERS = ["Wanneer", "Door", "Rol", "Handeling", "Wat", "Leerlingnummer"]


class ToegangslogTab(QWidget):
    """The access log's viewer (see the module docstring)."""

    ask_path: save_as.SavePathAsker = staticmethod(save_as.ask_save_path)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offset = 0
        self.total = 0
        self.rows: list[LogRegel] = []
        today = lambda: ctx.db.clock().date()  # noqa: E731 - the calendar's "today"
        self.persoon = QComboBox()
        self.persoon.setObjectName("persoon")
        self.persoon.addItem("Iedereen", None)
        for ident, label in toegangslog.personen(ctx.db, ctx.actor):
            self.persoon.addItem(label, ident)
        self.leerlingnummer = text_field("leerlingnummer")
        self.leerlingnummer.setMaxLength(20)
        self.leerlingnummer.setPlaceholderText("bijvoorbeeld L1001")
        self.actie = QComboBox()
        self.actie.setObjectName("handeling")
        self.actie.addItem("Alle handelingen", None)
        for actie in ToegangActie:
            self.actie.addItem(actie.label, actie.value)
        self.van = DateEdit(today=today)
        self.tot = DateEdit(today=today)
        self.search_button = push_button("Toon", "toon", self.search)
        self.search_button.setDefault(True)
        self.leerlingnummer.returnPressed.connect(self.search)
        self.van.line.returnPressed.connect(self.search)
        self.tot.line.returnPressed.connect(self.search)

        self.persoon.setMinimumWidth(320)
        self.actie.setMinimumWidth(260)
        self.leerlingnummer.setFixedWidth(180)
        filters = QFormLayout()
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        filters.addRow("Persoon:", self.persoon)
        filters.addRow("Leerlingnummer:", self.leerlingnummer)
        filters.addRow("Handeling:", self.actie)
        period = QHBoxLayout()
        period.addWidget(QLabel("van"))
        period.addWidget(self.van)
        period.addWidget(QLabel("tot en met"))
        period.addWidget(self.tot)
        period.addStretch(1)
        filters.addRow("Periode:", period)

        self.table = record_table(HEADERS)
        self.table.setObjectName("toegangslog")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(HEADERS.index("Wat"), QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("samenvatting")
        self.previous_button = QPushButton("‹ Vorige")
        self.previous_button.clicked.connect(lambda: self._page(-1))
        self.next_button = QPushButton("Volgende ›")
        self.next_button.clicked.connect(lambda: self._page(1))
        self.export_button = push_button(
            "Exporteren naar Excel…", "exporteren", self.export_to_excel
        )

        buttons = button_row([self.search_button], [self.export_button])
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.previous_button)
        footer.addWidget(self.next_button)
        explanation = QLabel(
            "Wie zich heeft aangemeld (ook mislukte pogingen) en wie leerlinggegevens, aanvragen, "
            "brieven en lijsten heeft bekeken, geëxporteerd of afgedrukt. Wijzigingen staan in "
            "de audittrail."
        )
        explanation.setObjectName("hulptekst")
        explanation.setWordWrap(True)
        stacked(self, [explanation, filters, buttons, self.table, footer], grow=self.table)
        self.search()

    def current_filter(self) -> LogFilter:
        """The filters as typed; ``ValueError`` (Dutch) for a date that cannot be read."""
        actie = self.actie.currentData()
        return LogFilter(
            gebruiker_id=self.persoon.currentData(),
            leerlingnummer=self.leerlingnummer.text().strip(),
            actie=ToegangActie(actie) if actie else None,
            van=self.van.value(),
            tot=self.tot.value(),
        )

    def search(self) -> None:
        """Show the first page of what the filters match."""
        self.offset = 0
        self.refresh()

    def _page(self, step: int) -> None:
        self.offset = max(0, self.offset + step * toegangslog.PAGINA)
        self.refresh()

    def refresh(self) -> None:
        """Load the current page from the service."""
        try:
            page = toegangslog.lijst(
                self.ctx.db, self.ctx.actor, self.current_filter(), offset=self.offset
            )
        except (KnownError, ValueError) as exc:
            form_base.show_message(self, "Toegangslogboek", str(exc))
            return
        self.rows, self.total = page.regels, page.totaal
        fill_table(
            self.table,
            [
                [date_time(row.op), row.door, row.rol, row.actie, row.wat, row.leerlingnummer]
                for row in self.rows
            ],
        )
        if not self.total:
            self.summary.setText("Geen regels die aan de filters voldoen.")
        else:
            first, last = self.offset + 1, self.offset + len(self.rows)
            self.summary.setText(
                f"Regels {thousands(first)} tot en met {thousands(last)} van "
                f"{thousands(self.total)}"
            )
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(self.rows) < self.total)
        self.export_button.setEnabled(self.total > 0)

    def export_to_excel(self) -> None:
        """Everything the filters match (at most ``toegangslog.EXPORT_MAX`` rows) to a workbook."""
        try:
            filt = self.current_filter()
        except ValueError as exc:
            form_base.show_message(self, "Toegangslogboek", str(exc))
            return
        suggested = f"toegangslogboek-{self.ctx.db.clock():%Y%m%d}.xlsx"
        path = self.ask_path(self, "Toegangslogboek exporteren naar Excel", suggested)
        if path is None:
            return

        def make() -> tuple[bytes, str]:
            data, count = toegangslog.exporteren(self.ctx.db, self.ctx.actor, filt)
            done = f"{thousands(count)} regels van het toegangslogboek staan in {path}."
            if count < self.total:
                done += (
                    f" Dat zijn de nieuwste {thousands(count)} van {thousands(self.total)}; "
                    "kies een kortere periode of een persoon voor de rest."
                )
            return data, done

        save_as.save_export(self, Path(path), make)


__all__ = ["ToegangslogTab"]
