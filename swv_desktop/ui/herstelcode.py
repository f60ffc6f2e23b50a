""" "Wachtwoord vergeten?" on a team laptop: the user types the one-time recovery code the
beheerder made for this laptop (Beheer > Apparaten) and a new password; once the server accepts
the code, the new password holds on the server and in this laptop's key slot. What waited in
the outbox stays. Thin: ``sync.apparaat.recover_for_gate`` does the work, off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.sync import apparaat
from swv_desktop.ui.widgets.controls import accept_reject_buttons
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.worker import run_in_background


class RecoveryCodeDialog(QDialog):
    """The recovery code and the new password (see the module docstring)."""

    def __init__(self, gate: Any, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gate = gate
        self.done_for = ""
        self.setWindowTitle("Wachtwoord vergeten – Maatwerkbudget")
        self.setObjectName("herstelcode_venster")
        self.setMinimumWidth(520)
        intro = QLabel(
            "Vraag de beheerder om een herstelcode voor deze laptop. Vul hem hieronder in met een "
            "nieuw wachtwoord; de laptop moet daarvoor verbinding hebben met de server. Wat op "
            "deze laptop nog wacht op verzending, blijft bewaard."
        )
        intro.setWordWrap(True)
        self.username = text_field("herstel_gebruikersnaam", username)
        self.code = text_field("herstel_code", placeholder="bijvoorbeeld K7PM-Q2XD-9WRT")
        self.new = text_field("herstel_wachtwoord", secret=True)
        self.again = text_field("herstel_wachtwoord_nogmaals", secret=True)
        self.message = wrapping_label("herstel_melding")
        form = QFormLayout()
        form.addRow("Gebruikersnaam:", self.username)
        form.addRow("Herstelcode:", self.code)
        form.addRow("Nieuw wachtwoord:", self.new)
        form.addRow("Nogmaals:", self.again)
        self.buttons, self.ok_button, _cancel = accept_reject_buttons(
            self, "Wachtwoord instellen", self.submit, ok_name="herstel_instellen"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        user, code = self.username.text().strip(), self.code.text().strip()
        password = self.new.text()
        if not user or not code or not password:
            self.message.setText(
                "Vul uw gebruikersnaam, de herstelcode en een nieuw wachtwoord in."
            )
            return
        if password != self.again.text():
            self.message.setText("De twee wachtwoorden zijn niet gelijk.")
            return
        self.ok_button.setEnabled(False)
        self.message.setText("Bezig met de server…")
        gate = self.gate

        def done(_result: object) -> None:
            self.done_for = user
            self.accept()

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if not isinstance(exc, KnownError):
                raise exc
            self.message.setText(exc.message)

        run_in_background(
            self, lambda: apparaat.recover_for_gate(gate, user, code, password), done, failed
        )
