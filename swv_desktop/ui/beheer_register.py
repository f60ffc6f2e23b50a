"""Beheer > Verwijderregister (beheerder and programmadirecteur): what the retention terms
deleted or pseudonymised, when, by which rule and on whose sign-in; counts and id ranges only,
never a name. Each line shows whether its ids still match the fingerprint written with them.
"Bewaartermijnen nu toepassen" runs the purge at once (off the GUI thread), as the window does
daily by itself (``ui/auto_purge.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import number
from swv_desktop.services import instellingen
from swv_desktop.services.bewaren import PurgeResult
from swv_desktop.services.bewaren import RegisterRegel
from swv_desktop.services.bewaren import list_register
from swv_desktop.services.bewaren import purge
from swv_desktop.services.bewaren.register import SOORT_LABELS
from swv_desktop.services.scope import Recht
from swv_desktop.services.scope import may
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.tables import record_table
from swv_desktop.ui.worker import run_in_background

HEADERS = ["Wanneer", "Wat", "Handeling", "Aantal", "Ids", "Peildatum", "Door", "Controle", "Regel"]
RULE_COLUMN = HEADERS.index("Regel")
IDS_COLUMN = HEADERS.index("Ids")
IDS_SHOWN = 40
"""Characters of the id ranges shown in the cell; the whole text is in its tooltip."""


def _cells(row: RegisterRegel) -> list[str]:
    ids = row.ids if len(row.ids) <= IDS_SHOWN else row.ids[:IDS_SHOWN] + "…"
    return [
        date_time(row.op),
        SOORT_LABELS.get(row.soort, row.soort),
        row.handeling,
        number(row.aantal),
        ids,
        long_date(row.peildatum),
        row.door,
        "in orde" if row.intact else "gewijzigd: ids passen niet bij de vingerafdruk",
        row.regel,
    ]


class RegisterTab(QWidget):
    """The deletion register, newest first, with "Bewaartermijnen nu toepassen"."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[RegisterRegel] = []
        self.explanation = wrapping_label("hulptekst")
        self.table = record_table(HEADERS)
        self.table.setObjectName("tabel_verwijderregister")
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(RULE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.apply_button = push_button(
            "Bewaartermijnen nu toepassen", "knop_bewaartermijnen_toepassen", self.apply_now
        )
        self.apply_button.setVisible(may(ctx.actor, Recht.BEWAARTERMIJNEN))
        self.status = QLabel()
        self.status.setObjectName("status_verwijderregister")
        buttons = button_row([self.apply_button], [self.status])
        stacked(self, [self.explanation, self.table, buttons], grow=self.table)
        self.refresh()

    def refresh(self) -> None:
        """Load the register again."""
        s = instellingen.get_settings(self.ctx.db)
        self.explanation.setText(
            "Wat de bewaartermijnen hebben verwijderd of gepseudonimiseerd, zonder namen: "
            f"leerlinggegevens {s.bewaartermijn_leerling_jaren} jaar, aanvragen en besluiten "
            f"{s.bewaartermijn_aanvraag_jaren} jaar, financiële gegevens "
            f"{s.bewaartermijn_financieel_jaren} jaar, logboek {s.bewaartermijn_audit_jaren} "
            "jaar (Beheer > Instellingen). swv-desktop past ze dagelijks zelf toe, en opnieuw "
            "na het terugzetten van een reservekopie."
        )
        self.rows = list_register(self.ctx.db, self.ctx.actor)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                if c in (IDS_COLUMN, RULE_COLUMN):
                    item.setToolTip(row.ids if c == IDS_COLUMN else text)
                self.table.setItem(r, c, item)
        self.status.setText(
            "Het register is nog leeg: nog niets heeft zijn bewaartermijn bereikt."
            if not self.rows
            else f"{number(len(self.rows))} regels."
        )

    def apply_now(self) -> None:
        """Run the purge now (off the GUI thread)."""
        self.apply_button.setEnabled(False)
        self.status.setText("Bewaartermijnen toepassen…")
        db, actor = self.ctx.db, self.ctx.actor
        run_in_background(self, lambda: purge(db, actor), self._done, self._failed)

    def _done(self, result: PurgeResult) -> None:
        self.apply_button.setEnabled(True)
        self.refresh()
        self.status.setText(result.kop())
        self.status.setToolTip("\n".join(result.lines()))

    def _failed(self, exc: BaseException) -> None:
        self.apply_button.setEnabled(True)
        self.status.setText("")
        if not isinstance(exc, KnownError):
            raise exc
        QMessageBox.warning(self, "Niet gelukt", exc.message)


__all__ = ["RegisterTab"]
