"""Team: the server this laptop synchronises with, and the "Niet verwerkt" list.

``TeamPanel`` shows the server's address (changeable, with a connection test), whether the last
round reached it, what waits and when the last synchronisation was, with "Nu synchroniseren".
The server's certificate and a changed one's warning are ``team_trust.CertificateBox``. Below
it the changes the server refused, each with the Dutch reason (who changed the same record and
when), her values beside the server's; she resends one (now based on the version the replica
holds) or discards it. Shown on Beheer's Server tab and in the Team dialog from the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.sync import aansluiten
from swv_desktop.sync import apparaat
from swv_desktop.sync import client
from swv_desktop.sync import niet_verwerkt
from swv_desktop.sync import replica
from swv_desktop.sync import status as team
from swv_desktop.sync import trust
from swv_desktop.sync import weergave
from swv_desktop.sync.client import NotProcessed
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.rows_table_model import RowsTableModel
from swv_desktop.ui.team_trust import CertificateBox
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.worker import run_in_background


class TextRowsModel(RowsTableModel[tuple[str, ...]]):
    """A short list of rows of text, with the row's object in ``UserRole``."""

    def __init__(self, headers: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(headers, parent)
        self.objects: list[Any] = []

    def set_texts(self, rows: list[tuple[str, ...]], objects: list[Any]) -> None:
        """Show the texts ``rows``; ``objects`` holds the thing each row stands for."""
        self.objects = list(objects)
        self.set_rows(rows)

    def cell(self, r: int, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[r][column]
        if role == Qt.ItemDataRole.UserRole:
            return self.objects[r]
        return None


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class TeamPanel(QWidget):
    """The server and the "Niet verwerkt" list (see the module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sync = ctx.team
        self.laptop = None if ctx.team is None else ctx.team.laptop
        if ctx.team is not None:
            ctx.team.status_changed.connect(self.reload)
        known = replica.get_state(ctx.db, "server") if team.is_replica(ctx.db) else ""
        self.address = text_field("team_adres", known, placeholder="https://server.kantoor:8765")
        self.test_button = push_button("Verbinding testen", "team_testen", self.test_connection)
        self.save_button = push_button("Adres opslaan", "team_adres_opslaan", self.save_address)
        self.sync_button = push_button("Nu synchroniseren", "team_nu", self.sync_now)
        self.state = wrapping_label("team_staat")
        self.answer = wrapping_label("team_antwoord")
        server = QGroupBox("Server")
        row = QHBoxLayout()
        row.addWidget(QLabel("Adres:"))
        row.addWidget(self.address, 1)
        row.addWidget(self.test_button)
        row.addWidget(self.save_button)
        box = QVBoxLayout(server)
        box.addLayout(row)
        box.addWidget(self.state)
        box.addWidget(self.answer)
        self.trust = CertificateBox(self)
        box.addWidget(self.trust)
        self.leave_button = push_button("Team verlaten…", "team_verlaten", self.leave_team)
        self.leave_button.setToolTip("Deze laptop uit het team halen: de replica gaat eraf")
        buttons = button_row([self.sync_button], [self.leave_button])
        box.addLayout(buttons)

        self.model = TextRowsModel(("Wijziging", "Reden", "Vastgelegd", "Geweigerd"), self)
        self.list = _table(self.model, "niet_verwerkt")
        self.list.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = TextRowsModel(("Gegeven", "Uw wijziging", "Op de server"), self)
        self.detail_view = _table(self.details, "niet_verwerkt_waarden")
        self.reason = wrapping_label("niet_verwerkt_reden")
        self.resend_button = push_button(
            "Opnieuw versturen", "opnieuw_versturen", self.resend_selected
        )
        self.resend_button.setToolTip("Uw wijziging opnieuw, nu op de versie die de server heeft")
        self.discard_button = push_button("Weggooien", "weggooien", self.discard_selected)
        refused = QGroupBox("Niet verwerkt")
        lower = QVBoxLayout(refused)
        lower.addWidget(
            QLabel("Wijzigingen die de server niet heeft verwerkt. Er is niets weggegooid.")
        )
        lower.addWidget(self.list, 2)
        lower.addWidget(self.reason)
        lower.addWidget(self.detail_view, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.resend_button)
        actions.addWidget(self.discard_button)
        actions.addStretch(1)
        lower.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.addWidget(server)
        layout.addWidget(refused, 1)
        self.join_box = self._join_box()
        layout.addWidget(self.join_box)
        standalone = not team.is_replica(ctx.db)
        for widget in (self.save_button, self.sync_button, self.leave_button, refused):
            widget.setVisible(not standalone)
        self.join_box.setVisible(standalone)
        if standalone:
            self.state.setText(
                "Deze laptop werkt los, zonder teamserver. Om met het bureau als één team te "
                "werken, maakt u hieronder een replica: een eigen versleuteld bestand met wat u "
                "mag zien, dat met de server synchroniseert."
            )
            layout.addStretch(1)
            return
        self.reload()

    def _join_box(self) -> QGroupBox:
        box = QGroupBox("Deelnemen aan een team")
        self.join_user = text_field("team_gebruiker", self.ctx.actor.gebruikersnaam)
        self.join_password = text_field("team_wachtwoord", secret=True)
        mine = apparaat.replica_path(paths.data_dir(), self.ctx.actor.gebruikersnaam)
        self.join_path = QLineEdit(str(mine))  # one replica per user on a shared laptop
        self.join_path.setObjectName("team_replica_pad")
        self.join_button = push_button(
            "Replica maken en synchroniseren", "team_deelnemen", self.join
        )
        form = QFormLayout(box)
        form.addRow("Gebruikersnaam op de server:", self.join_user)
        form.addRow("Wachtwoord:", self.join_password)
        form.addRow("Replica op deze laptop:", self.join_path)
        form.addRow("", self.join_button)
        return box

    def join(self) -> None:
        """The first sync: builds the replica of what this user may see (off the GUI thread),
        aside until it is complete (``sync.aansluiten``); this database is left as it is."""
        address = self.address.text().strip()
        user, password = self.join_user.text().strip(), self.join_password.text()
        path = Path(self.join_path.text().strip())
        if not address or not user or not password:
            self.answer.setText("Vul het adres van de server, uw gebruikersnaam en wachtwoord in.")
            return
        self.join_button.setEnabled(False)
        self.answer.setText("Bezig met de eerste synchronisatie…")

        def done(result: client.RoundResult) -> None:
            self.join_button.setEnabled(True)
            self.join_password.clear()
            if result.error:
                self.answer.setText(result.error)
                return
            text = f"De replica staat klaar in {path} ({result.received} gegevens ontvangen). "
            if path == apparaat.replica_path(paths.data_dir(), user):
                text += (
                    "Start het programma opnieuw en kies uw naam om in het team te werken; deze "
                    "losse database blijft ook te kiezen."
                )
            else:
                text += f"Open die om in het team te werken: swv-desktop --db {path}"
            if result.new_certificate:
                text += (
                    "\nVingerafdruk van het certificaat van de server (SHA-256), bewaard op deze "
                    f"laptop: {result.new_certificate}. Vergelijk hem met wat de beheerder heeft "
                    "doorgegeven."
                )
            elif not result.secure:
                text += f"\nLet op: {trust.UNSAFE} (http://, alleen voor ontwikkeling)."
            self.answer.setText(text)

        def failed(exc: BaseException) -> None:
            self._answer_refusal(self.join_button, exc)

        def work() -> client.RoundResult:  # built aside, in place only once complete
            return aansluiten.join_team(path, address, user, password)

        run_in_background(self, work, done, failed)

    # -- the server ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the state and the list again (after a round, a resend, a discard)."""
        online = None if self.laptop is None else self.laptop.online
        status = team.team_status(self.ctx.db, online)
        when = weergave.moment(status.last_sync) or "nog nooit"
        state = {True: "Online", False: "Offline", None: "Nog niet verbonden"}[online]
        waiting = f"{status.waiting} wijziging(en)" if status.waiting else "Geen wijzigingen"
        text = f"{state}. {waiting} te versturen. Laatst bijgewerkt: {when}."
        laptop = self.laptop
        if online is False and laptop is not None and laptop.last_error and not laptop.untrusted:
            text += f"\n{laptop.last_error}"  # a changed certificate has its own warning below
        self.state.setText(text)
        self.sync_button.setEnabled(self.laptop is not None)
        self.trust.show_state()
        self._load_refused()

    def test_connection(self) -> None:
        address = self.address.text().strip()
        self.answer.setText("Bezig met testen…")
        self.test_button.setEnabled(False)

        def done(message: str) -> None:
            self.test_button.setEnabled(True)
            self.answer.setText(message)

        def failed(exc: BaseException) -> None:
            self._answer_refusal(self.test_button, exc)
            if isinstance(exc, trust.CertificateChanged):
                self.trust.changed(exc)

        known = self.trust.trusted()
        run_in_background(self, lambda: client.check_connection(address, known=known), done, failed)

    def _answer_refusal(self, button: QPushButton, exc: BaseException) -> None:
        """A background step ``button`` started failed: the button works again and a known
        refusal is the answer shown (anything else is a bug and goes on up)."""
        button.setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        self.answer.setText(exc.message)

    def save_address(self) -> None:
        """Use another address for the same server (it moved, or HTTPS came)."""
        address = self.address.text().strip()
        try:
            trust.check_address(address)
        except KnownError as exc:
            self.answer.setText(exc.message)
            return
        with self.ctx.db.transaction() as session:
            replica.set_state(session, {"server": address})
        if self.laptop is not None:
            self.laptop.connection.base = address
            self.laptop.go_offline()  # the next round signs in at the new address
        self.answer.setText(f"Het adres {address} is opgeslagen.")
        self.reload()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def leave_team(self) -> None:
        """Disconnect this laptop: asked first; refused while changes wait unless she chooses
        to throw them away (``ui.team_leave``)."""
        from swv_desktop.ui import team_leave

        discard = team_leave.ask(self, self.ctx)
        if discard is not None:
            team_leave.leave_now(self, self.ctx, discard)

    # -- Niet verwerkt ------------------------------------------------------------------------

    def _load_refused(self) -> None:
        items = client.not_processed(self.ctx.db)
        rows = [
            (
                weergave.label(item.naam),
                item.melding,
                weergave.moment(item.aangemaakt_op),
                weergave.moment(item.beantwoord_op),
            )
            for item in items
        ]
        self.model.set_texts(rows, items)
        self.list.resizeColumnsToContents()
        self.list.setColumnWidth(1, 520)
        self.list.resizeRowsToContents()
        if items:
            self.list.selectRow(0)
        else:
            self._show(None)

    def selected(self) -> NotProcessed | None:
        rows = self.list.selectionModel().selectedRows()
        return self.model.objects[rows[0].row()] if rows else None

    def _show_selected(self, *_args: Any) -> None:
        self._show(self.selected())

    def _show(self, item: NotProcessed | None) -> None:
        self.resend_button.setEnabled(item is not None and self.laptop is not None)
        self.discard_button.setEnabled(item is not None)
        if item is None:
            self.reason.setText("")
            self.details.set_texts([], [])
            return
        self.reason.setText(
            f"{weergave.label(item.naam)}: uw wijziging naast wat de server nu heeft (wat "
            "verschilt staat bovenaan). Opnieuw versturen legt uw waarden vast op de versie van "
            "de server; Weggooien laat die van de server staan."
        )
        diffs = weergave.verschillen(item.mijn_gegevens, item.server_versie)
        self.details.set_texts([(d.veld, d.mijn, d.server) for d in diffs], diffs)
        self.detail_view.resizeColumnsToContents()

    def resend_selected(self) -> None:
        item = self.selected()
        if item is None or self.laptop is None:
            return
        try:
            niet_verwerkt.resend(self.laptop, item.uuid)
        except KnownError as exc:
            QMessageBox.warning(self, "Niet opnieuw verstuurd", exc.message)
            return
        self.answer.setText(f"{weergave.label(item.naam)} wacht weer op verzending.")
        self.reload()
        self.sync_now()

    def discard_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        choice = QMessageBox.question(
            self,
            "Wijziging weggooien",
            f"{weergave.label(item.naam)} weggooien? Uw wijziging blijft dan ongedaan; "
            "dit kan niet worden teruggedraaid.",
        )
        if choice != QMessageBox.StandardButton.Yes:
            return
        client.discard(self.ctx.db, item.uuid)
        self.reload()


class TeamDialog(QDialog):
    """The Team panel in a window of its own (from the status bar)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team en synchronisatie")
        self.panel = TeamPanel(ctx, self)
        close = QDialogButtonBox()
        close.addButton("Sluiten", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(close)
        self.resize(1000, 620)
