""" "Aansluiten bij een team-server" on a fresh laptop (from the first-run window): the server's
address, her user name and password; "Aansluiten" does the first sync off the GUI thread
(``sync.aansluiten.join_team``) and the dialog closes when the replica is ready. A refusal is
shown in Dutch beneath the fields and nothing is left behind, so she can try again.

Given a ``folder`` (the data folder, when no ``--db`` was chosen), the replica goes to a file of
her own there (``sync.apparaat_bestanden.replica_path``), so a colleague on the same laptop
joins beside her with a replica of her own; ``path`` then says where it went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.sync import aansluiten
from swv_desktop.sync.apparaat_bestanden import replica_path
from swv_desktop.sync.client import RoundResult
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.worker import run_in_background


class JoinTeamDialog(QDialog):
    """Join a team: the replica is made at ``path``; ``username`` and ``password`` then sign in
    (``accept``ed only after a complete first sync)."""

    def __init__(
        self, path: Path, parent: QWidget | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.folder = folder
        self.username = ""
        self.password = ""
        self.result_of_sync: RoundResult | None = None
        self.setWindowTitle("Aansluiten bij een team-server")
        intro = QLabel(
            "Werkt het bureau met een team-server? Vul het adres in dat de beheerder u gaf, en "
            "uw gebruikersnaam en wachtwoord van de server. Deze laptop haalt dan op wat u mag "
            "zien en bewaart dat versleuteld; u werkt ermee ook zonder netwerk, en wat u "
            "vastlegt gaat naar de server zodra er weer verbinding is."
        )
        intro.setWordWrap(True)
        self.address = text_field("aansluiten_adres", placeholder="https://server.kantoor:8765")
        self.user = text_field("aansluiten_gebruiker")
        self.secret = text_field("aansluiten_wachtwoord", secret=True)
        form = QFormLayout()
        form.addRow("Adres van de server:", self.address)
        form.addRow("Gebruikersnaam:", self.user)
        form.addRow("Wachtwoord:", self.secret)
        self.answer = wrapping_label("aansluiten_antwoord")
        buttons = QDialogButtonBox()
        self.join_button = QPushButton("Aansluiten")
        self.join_button.setObjectName("aansluiten_knop")
        self.join_button.setDefault(True)
        buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.join_button.clicked.connect(self.join)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.answer)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def join(self) -> None:
        address, user, password = self.address.text().strip(), self.user.text().strip(), ""
        password = self.secret.text()
        if not address or not user or not password:
            self.answer.setText("Vul het adres van de server, uw gebruikersnaam en wachtwoord in.")
            return
        self.join_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.answer.setText("Bezig met de eerste synchronisatie… Dit kan even duren.")

        def done(result: RoundResult) -> None:
            self.result_of_sync = result
            self.username, self.password = user, password
            self.accept()

        def failed(exc: BaseException) -> None:
            self.join_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            if not isinstance(exc, KnownError):
                raise exc
            self.answer.setText(exc.message)

        path = self.path if self.folder is None else replica_path(self.folder, user)
        if self.folder is not None and path.exists():
            self.join_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            self.answer.setText(
                f"Er staat al een replica van {user} op deze laptop. Sluit dit venster en kies "
                "uw naam bij het aanmelden."
            )
            return
        self.path = path
        run_in_background(
            self, lambda: aansluiten.join_team(path, address, user, password), done, failed
        )
