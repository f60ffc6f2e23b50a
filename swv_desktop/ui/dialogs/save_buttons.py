"""The bottom row of a record form: Opslaan and Annuleren (neither one a default button, so Enter
moves between fields) and the "Opgeslagen." note beside them, shown for a few seconds after a save
that keeps the form open."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

SAVED_NOTE_MS = 4000
"""How long "Opgeslagen." stays beside the buttons of a form that stays open."""


class SaveButtons:
    """The buttons and the saved note of one form, laid out in ``layout`` (the form owns the
    widgets; ``buttons`` takes a form's extra buttons)."""

    def __init__(self, owner: QWidget) -> None:
        self.saved_note = QLabel("Opgeslagen.")
        self.saved_note.setObjectName("opgeslagen_melding")
        self.saved_note.setStyleSheet("color: #1e6b3a; font-weight: 600;")
        self.saved_note.setVisible(False)
        self.timer = QTimer(owner)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVED_NOTE_MS)
        self.timer.timeout.connect(lambda: self.saved_note.setVisible(False))
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("Opslaan")
        self.save_button.setObjectName("opslaan")
        self.save_button.setToolTip("Opslaan (Ctrl+S)")
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.setObjectName("annuleren")
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.saved_note)
        self.layout.addWidget(self.buttons, 1)

    def show_saved(self) -> None:
        """Say "Opgeslagen." for a few seconds."""
        self.saved_note.setVisible(True)
        self.timer.start()
