"""Beheer > Apparaten (beheerder, on the server's database or on a team laptop): the laptops per
user with their first and last contact, "Intrekken…" (a lost laptop: the confirmation names what
is lost) and "Herstelcode maken…" (a password forgotten while away). Thin: ``services.apparaten``
checks who asks and does the work; on a team laptop the list comes from the server and the two
actions are sent to it (online only)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.formatting import date_time
from swv_desktop.services import apparaten
from swv_desktop.services.apparaten import ApparaatRij
from swv_desktop.sync import apparaat
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table
from swv_desktop.ui.widgets.tables import selected_index

HEADERS = ["Gebruiker", "Laptop", "Eerste contact", "Laatste contact", "Status"]


def _status(row: ApparaatRij) -> str:
    if row.ingetrokken_op is not None:
        return f"ingetrokken op {date_time(row.ingetrokken_op)}"
    if not row.gebruiker_actief:
        return "account uitgeschakeld (wordt gewist)"
    if row.herstelcode_tot is not None:
        return f"herstelcode geldig tot {date_time(row.herstelcode_tot)}"
    return "in gebruik"


class ApparatenTab(QWidget):
    """The laptops of the team (see the module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[ApparaatRij] = []
        intro = QLabel(
            "Elke laptop waarop iemand met de server werkt, staat hier. Trek een laptop in als "
            "hij kwijt is of wordt ingeleverd: bij zijn volgende verbinding wist hij de gegevens. "
            "Is iemand onderweg zijn wachtwoord vergeten, maak dan een herstelcode voor die laptop."
        )
        intro.setWordWrap(True)
        self.table = record_table(HEADERS)
        self.table.setObjectName("apparaten")
        self.table.itemSelectionChanged.connect(self._selection)
        self.message = wrapping_label("apparaten_melding")
        self.reload_button = QPushButton("Vernieuwen")
        self.reload_button.clicked.connect(self.reload)
        self.revoke_button = push_button("Intrekken…", "intrekken", self.revoke_selected)
        self.code_button = push_button("Herstelcode maken…", "herstelcode", self.code_for_selected)
        buttons = button_row([self.reload_button], [self.code_button, self.revoke_button])
        stacked(self, [intro, self.table, self.message, buttons], grow=self.table)
        self.reload()

    def _load(self) -> list[ApparaatRij]:
        if self.ctx.team is not None:  # a team laptop: its replica holds no device rows
            return apparaat.list_remote(self.ctx.team.laptop.connection)
        return apparaten.list_apparaten(self.ctx.db, self.ctx.actor)

    def reload(self) -> None:
        try:
            self.rows = self._load()
            self.message.setText("" if self.rows else "Er heeft zich nog geen laptop aangemeld.")
        except KnownError as exc:
            self.rows = []
            self.message.setText(exc.message)
        fill_table(
            self.table,
            [
                [
                    f"{row.gebruiker_naam} ({row.gebruikersnaam})",
                    row.naam,
                    date_time(row.eerste_contact),
                    date_time(row.laatste_contact),
                    _status(row),
                ]
                for row in self.rows
            ],
        )
        self._selection()

    def selected(self) -> ApparaatRij | None:
        index = selected_index(self.table)
        return None if index is None else self.rows[index]

    def _selection(self) -> None:
        row = self.selected()
        usable = row is not None and row.ingetrokken_op is None
        self.revoke_button.setEnabled(usable)
        self.code_button.setEnabled(usable and row is not None and row.gebruiker_actief)

    def revoke_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        question = (
            f"Laptop '{row.naam}' van {row.gebruiker_naam} intrekken?\n\n{apparaten.REVOKE_WARNING}"
            "\n\nDe gebruiker kan op een andere laptop gewoon verder werken."
        )
        answer = QMessageBox.question(
            self,
            "Laptop intrekken",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            apparaten.revoke_apparaat(self.ctx.db, self.ctx.actor, row.id)
        except KnownError as exc:
            QMessageBox.warning(self, "Niet ingetrokken", exc.message)
            return
        self.reload()
        self.message.setText(f"Laptop '{row.naam}' van {row.gebruiker_naam} is ingetrokken.")

    def code_for_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            code = apparaten.make_recovery_code(self.ctx.db, self.ctx.actor, row.id)
        except KnownError as exc:
            QMessageBox.warning(self, "Geen herstelcode", exc.message)
            return
        QMessageBox.information(
            self,
            "Herstelcode",
            f"Herstelcode voor {row.gebruiker_naam} op laptop '{row.naam}':\n\n{code}\n\n"
            f"Geef hem persoonlijk of telefonisch door. Hij werkt één keer, alleen op die laptop "
            f"en {apparaten.CODE_HOURS} uur lang. Wat op de laptop nog wacht, blijft bewaard.",
        )
        self.reload()
