"""Small questions the aanvraag form asks before a workflow step: the talk with the school (date +
summary) and the reason for withdrawing. Module-level functions so tests can replace them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_widgets import DateEdit, text_area


class PromptDialog(QDialog):
    """A short form with an explanation, a few fields and OK/Terug; OK only when ``ready()``."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("bevestigen")
        self.buttons.addButton("Terug", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def watch(self, area: QPlainTextEdit) -> None:
        """Enable OK only while ``area`` holds text."""
        self.ok_button.setEnabled(bool(area.toPlainText().strip()))
        area.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(area.toPlainText().strip()))
        )


class DiscussionPrompt(PromptDialog):
    """Gesprek met de school vastleggen: date and a short summary."""

    def __init__(self, parent: QWidget | None, today: Callable[[], date]) -> None:
        super().__init__(
            parent,
            "Gesprek vastleggen",
            "Leg vast wanneer de aanvraag en de mogelijkheden van het maatwerkbudget met de school "
            "zijn besproken, en wat er is afgesproken.",
            "Vastleggen",
        )
        self.datum = DateEdit(today=today)
        self.datum.setObjectName("gesprek_datum")
        self.datum.set_value(today())
        self.notitie = text_area(4)
        self.notitie.setObjectName("gesprek_notitie")
        self.form.addRow("Datum gesprek:", self.datum)
        self.form.addRow("Samenvatting:", self.notitie)
        self.watch(self.notitie)


class WithdrawPrompt(PromptDialog):
    """Aanvraag intrekken: the reason is required."""

    def __init__(self, parent: QWidget | None, nummer: str) -> None:
        super().__init__(
            parent,
            f"Aanvraag {nummer} intrekken",
            "Een ingetrokken aanvraag kan niet meer worden gewijzigd of ingediend. "
            "Waarom wordt de aanvraag ingetrokken?",
            "Intrekken",
        )
        self.reden = text_area(3)
        self.reden.setObjectName("intrek_reden")
        self.form.addRow("Reden:", self.reden)
        self.watch(self.reden)


class ReturnPrompt(PromptDialog):
    """Terugsturen naar de contactpersoon: the reason is required."""

    def __init__(self, parent: QWidget | None, nummer: str) -> None:
        super().__init__(
            parent,
            f"Aanvraag {nummer} terugsturen",
            "De aanvraag gaat terug naar de contactpersoon (status besproken), die haar kan "
            "wijzigen en opnieuw voorleggen. Waarom wordt zij teruggestuurd?",
            "Terugsturen",
        )
        self.reden = text_area(3)
        self.reden.setObjectName("terug_reden")
        self.form.addRow("Reden:", self.reden)
        self.watch(self.reden)


def ask_return_reason(parent: QWidget | None, nummer: str) -> str | None:
    """Ask why the aanvraag goes back to the contactpersoon; ``None`` when the user goes back."""
    prompt = ReturnPrompt(parent, nummer)
    if prompt.exec() == QDialog.DialogCode.Accepted:
        return prompt.reden.toPlainText()
    return None


def ask_discussion(parent: QWidget | None, today: Callable[[], date]) -> tuple[date, str] | None:
    """Ask for the date and summary of the talk; ``None`` when the user goes back.

    An empty or unreadable date is explained and asked again."""
    prompt = DiscussionPrompt(parent, today)
    while prompt.exec() == QDialog.DialogCode.Accepted:
        try:
            datum = prompt.datum.value()
        except ValueError as exc:
            form_base.show_message(prompt, "Controleer de datum", str(exc))
            continue
        if datum is None:
            form_base.show_message(
                prompt, "Controleer de datum", "Vul de datum van het gesprek in."
            )
            continue
        return datum, prompt.notitie.toPlainText()
    return None


def ask_withdraw_reason(parent: QWidget | None, nummer: str) -> str | None:
    """Ask why the aanvraag is withdrawn; ``None`` when the user goes back."""
    prompt = WithdrawPrompt(parent, nummer)
    if prompt.exec() == QDialog.DialogCode.Accepted:
        return prompt.reden.toPlainText()
    return None
