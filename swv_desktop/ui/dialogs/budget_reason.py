"""A decision the budget does not cover (awarding past it, lowering it below what is awarded):
one dialog states the amount and asks the required reason for the board."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.ui.dialogs.form_widgets import text_area
from swv_desktop.ui.widgets.controls import accept_reject_buttons


class BudgetReasonDialog(QDialog):
    """``headline`` in red, ``explanation`` under it, then the reason; ``ok_text`` is enabled
    once a reason is typed, "Terug" is the default."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        headline: str,
        explanation: str,
        placeholder: str,
        ok_text: str,
        name: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.setMaximumWidth(640)
        layout = QVBoxLayout(self)
        kop = QLabel(headline)
        kop.setObjectName(f"{name}_kop")
        kop.setStyleSheet("font-weight:600; color:#b3261e;")
        kop.setWordWrap(True)
        uitleg = QLabel(explanation)
        uitleg.setWordWrap(True)
        self.reden = text_area(4)
        self.reden.setObjectName(f"{name}_reden")
        self.reden.setPlaceholderText(placeholder)
        caption = QLabel("Reden voor het bestuur:")
        caption.setBuddy(self.reden)
        buttons, self.ok_button, back = accept_reject_buttons(
            self, ok_text, self.accept, cancel_text="Terug"
        )
        back.setDefault(True)
        self.ok_button.setEnabled(False)
        self.reden.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason())))
        for widget in (kop, uitleg, caption, self.reden, buttons):
            layout.addWidget(widget)

    def reason(self) -> str:
        """The reason typed."""
        return self.reden.toPlainText().strip()

    def ask(self) -> str | None:
        """Show the dialog; the reason, or ``None`` when the user goes back."""
        if self.exec() == QDialog.DialogCode.Accepted and self.reason():
            return self.reason()
        return None
