"""Beheer > Reservekopieën (beheerder): the backups of the open database (date, size, kind),
"Nu een reservekopie maken", and putting one back, after which ``check`` runs and its result is
shown. The file work runs off the GUI thread; the services do the rest."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from swv_desktop.backups import KEEP_DAILY
from swv_desktop.backups import KEEP_MONTHLY
from swv_desktop.backups import KEEP_WEEKLY
from swv_desktop.check.database import CheckReport
from swv_desktop.check.database import check_database
from swv_desktop.errors import KnownError
from swv_desktop.formatting import date_time
from swv_desktop.formatting import file_size
from swv_desktop.paths import backup_dir
from swv_desktop.services import instellingen
from swv_desktop.services import reservekopieen
from swv_desktop.services.reservekopieen import BackupRow
from swv_desktop.services.reservekopieen import RestoreOutcome
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table
from swv_desktop.ui.widgets.tables import selected_index
from swv_desktop.ui.worker import run_in_background


class BackupsTab(QWidget):
    """The list of backups with the two actions; ``restored`` fires after a restore."""

    restored = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[BackupRow] = []
        self.explanation = wrapping_label("hulptekst")
        self.elsewhere = reservekopieen.kept_elsewhere(ctx.db)
        self.table = record_table(["Gemaakt op", "Grootte", "Soort"])
        self.table.setObjectName("tabel_reservekopieen")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.make_button = push_button(
            "Nu een reservekopie maken", "knop_reservekopie_maken", self.make_now
        )
        self.restore_button = push_button(
            "Reservekopie terugzetten…", "knop_reservekopie_terugzetten", self.restore_selected
        )
        self.status = QLabel()
        self.status.setObjectName("status_reservekopie")
        buttons = button_row([self.make_button, self.restore_button], [self.status])
        layout = stacked(self, [self.explanation, self.table, buttons], grow=self.table)
        self.busy = False
        if self.elsewhere is not None:  # PostgreSQL: the server's beheerder keeps the backups
            self.explanation.setText(self.elsewhere)
            for widget in (self.table, self.make_button, self.restore_button, self.status):
                widget.setVisible(False)
            layout.addStretch(1)
            return
        self.refresh()

    def refresh(self) -> None:
        """Load the list again."""
        if self.elsewhere is not None:
            return
        months = instellingen.get_settings(self.ctx.db).bewaartermijn_reservekopie_maanden
        self.explanation.setText(
            f"De reservekopieën staan in {backup_dir(self.ctx.db.path)}. swv-desktop maakt er "
            "automatisch een, hoogstens elk half uur zolang er iets verandert, en bij het "
            f"afsluiten. Bewaard blijven: alle van vandaag, daarna één per dag ({KEEP_DAILY} "
            f"dagen), één per week ({KEEP_WEEKLY} weken) en één per maand ({KEEP_MONTHLY} "
            f"maanden), maar nooit langer dan de bewaartermijn van {months} maanden "
            "(Beheer > Instellingen)."
        )
        self.rows = reservekopieen.list_backups(self.ctx.db, self.ctx.actor)
        fill_table(
            self.table,
            [[date_time(row.gemaakt_op), file_size(row.grootte), row.soort] for row in self.rows],
        )
        self._update_buttons()

    def selected(self) -> BackupRow | None:
        """The backup chosen in the list."""
        index = selected_index(self.table)
        return None if index is None else self.rows[index]

    def _update_buttons(self) -> None:
        self.make_button.setEnabled(not self.busy)
        self.restore_button.setEnabled(not self.busy and self.selected() is not None)

    def _start(self, message: str) -> None:
        self.busy = True
        self.status.setText(message)
        self._update_buttons()

    def _finish(self, message: str = "") -> None:
        self.busy = False
        self.status.setText(message)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if not isinstance(exc, KnownError):
            raise exc
        QMessageBox.warning(self, "Niet gelukt", exc.message)

    def make_now(self) -> None:
        """Make a backup now (off the GUI thread)."""
        self._start("Reservekopie maken…")
        run_in_background(
            self,
            lambda: reservekopieen.make_backup_now(self.ctx.db, self.ctx.actor),
            self._made,
            self._failed,
        )

    def _made(self, row: BackupRow) -> None:
        self._finish(f"Gemaakt en gecontroleerd: {date_time(row.gemaakt_op)}")

    def restore_selected(self) -> None:
        """Ask, then put the chosen backup back and check the result."""
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Reservekopie terugzetten",
            f"De database wordt teruggezet naar de reservekopie van {date_time(row.gemaakt_op)}. "
            "Wat daarna is ingevoerd, is dan niet meer in de database; de huidige database wordt "
            "eerst zelf als reservekopie bewaard.\n\nTerugzetten?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._start("Terugzetten en controleren…")
        db, actor = self.ctx.db, self.ctx.actor

        def work() -> tuple[RestoreOutcome, CheckReport]:
            outcome = reservekopieen.restore_backup(db, actor, row.path)
            return outcome, check_database(db.path, keys=db.keys)

        run_in_background(self, work, self._restored, self._failed)

    def _restored(self, result: tuple[RestoreOutcome, CheckReport]) -> None:
        outcome, report = result
        self._finish()
        saved = (
            f"De database zoals hij was, staat in {outcome.vorige_database}.\n\n"
            if outcome.vorige_database
            else ""
        )
        again = "".join(f"{line}\n\n" for line in outcome.register)
        text = f"{saved}{again}Controle van de teruggezette database:\n" + "\n".join(
            report.lines[1:]
        )
        if report.ok:
            QMessageBox.information(self, "Reservekopie teruggezet", text)
        else:
            QMessageBox.warning(self, "Teruggezet, maar niet in orde", text)
        self.restored.emit()


__all__ = ["BackupsTab"]
