"""The recovery key, shown once to the beheerder (first run, or the first sign-in after the
database was converted to encryption). Closing needs a tick: "I have written it down"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget


class RecoveryKeyDialog(QDialog):
    """Shows ``recovery_key`` with what it is for; OK only after the tick."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Herstelsleutel – Maatwerkbudget")
        self.setObjectName("herstelsleutel")
        self.setMinimumWidth(560)
        intro = QLabel(
            "<b>Schrijf deze herstelsleutel op</b> en bewaar hem op een veilige plek, niet op "
            "deze laptop. Hij wordt maar één keer getoond.<br><br>De gegevens zijn versleuteld "
            "met de wachtwoorden van de gebruikers. Zijn alle wachtwoorden van de beheerders "
            "kwijt, dan opent alleen deze sleutel de database nog: <tt>swv-desktop herstel "
            "--db DATABASE --user NAAM</tt> geeft een account met de sleutel een nieuw "
            "wachtwoord."
        )
        intro.setWordWrap(True)
        key = QLabel(recovery_key)
        key.setObjectName("herstelsleutel_tekst")
        key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setWordWrap(True)
        key.setStyleSheet("font-size: 15px; padding: 10px; border: 1px solid #999;")
        self.written = QCheckBox("Ik heb de herstelsleutel opgeschreven")
        self.written.setObjectName("herstelsleutel_opgeschreven")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.written.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        for widget in (intro, key, self.written, buttons):
            layout.addWidget(widget)

    def reject(self) -> None:
        """Escape does not close it before the tick."""
        if self.written.isChecked():
            super().reject()
