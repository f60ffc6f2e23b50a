"""Small questions the aanvraag form asks before a workflow step: the talk with the school (date +
summary) and the reason for withdrawing. Module-level functions so tests can replace them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.dialogs.form_widgets import text_area
from swv_desktop.ui.widgets.controls import accept_reject_buttons
from swv_desktop.ui.widgets.controls import wrapping_label


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
        self.buttons, self.ok_button, _back = accept_reject_buttons(
            self, ok_text, self.try_accept, ok_name="bevestigen", cancel_text="Terug"
        )
        self.error = wrapping_label("veldfout")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.attempt: Callable[[], None] | None = None
        """Run on OK; a ``KnownError`` or ``ValueError`` keeps the prompt open with the message."""

    def try_accept(self) -> None:
        """OK: run ``attempt`` (the service call); a refusal is shown here and the prompt stays
        open so the user can correct it."""
        if self.attempt is not None:
            try:
                self.attempt()
            except ValidationError as exc:
                self.show_error("\n".join(e.message for e in exc.errors))
                return
            except (KnownError, ValueError) as exc:
                self.show_error(exc.message if isinstance(exc, KnownError) else str(exc))
                return
        self.accept()

    def show_error(self, text: str) -> None:
        """The reason OK was refused, in red above the buttons."""
        self.error.setText(text)
        self.error.setVisible(True)

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


class ReasonPrompt(PromptDialog):
    """A workflow step that needs a reason: the reason is required."""

    def __init__(
        self, parent: QWidget | None, title: str, intro: str, ok_text: str, field_name: str
    ) -> None:
        super().__init__(parent, title, intro, ok_text)
        self.reden = text_area(3)
        self.reden.setObjectName(field_name)
        self.form.addRow("Reden:", self.reden)
        self.watch(self.reden)

    def ask(self) -> str | None:
        """The reason typed; ``None`` when the user goes back."""
        if self.exec() == QDialog.DialogCode.Accepted:
            return self.reden.toPlainText()
        return None


class WithdrawPrompt(ReasonPrompt):
    """Aanvraag intrekken."""

    def __init__(self, parent: QWidget | None, nummer: str) -> None:
        super().__init__(
            parent,
            f"Aanvraag {nummer} intrekken",
            "Een ingetrokken aanvraag kan niet meer worden gewijzigd of ingediend. "
            "Waarom wordt de aanvraag ingetrokken?",
            "Intrekken",
            "intrek_reden",
        )


class ReturnPrompt(ReasonPrompt):
    """Terugsturen naar de contactpersoon."""

    def __init__(self, parent: QWidget | None, nummer: str) -> None:
        super().__init__(
            parent,
            f"Aanvraag {nummer} terugsturen",
            "De aanvraag gaat terug naar de contactpersoon (status besproken), die haar kan "
            "wijzigen en opnieuw voorleggen. Waarom wordt zij teruggestuurd?",
            "Terugsturen",
            "terug_reden",
        )


def ask_return_reason(parent: QWidget | None, nummer: str) -> str | None:
    """Ask why the aanvraag goes back to the contactpersoon; ``None`` when the user goes back."""
    return ReturnPrompt(parent, nummer).ask()


def ask_discussion(
    parent: QWidget | None,
    today: Callable[[], date],
    record: Callable[[date, str], None] | None = None,
) -> tuple[date, str] | None:
    """Ask for the date and summary of the talk and ``record`` them; ``None`` when the user goes
    back. An empty or unreadable date, or one the service refuses, is explained in the prompt,
    which stays open to correct it."""
    prompt = DiscussionPrompt(parent, today)
    answer: list[tuple[date, str]] = []

    def attempt() -> None:
        datum = prompt.datum.value()
        if datum is None:
            raise ValueError("Vul de datum van het gesprek in.")
        if record is not None:
            record(datum, prompt.notitie.toPlainText())
        answer[:] = [(datum, prompt.notitie.toPlainText())]

    prompt.attempt = attempt
    if prompt.exec() == QDialog.DialogCode.Accepted and answer:
        return answer[0]
    return None


def ask_withdraw_reason(parent: QWidget | None, nummer: str) -> str | None:
    """Ask why the aanvraag is withdrawn; ``None`` when the user goes back."""
    return WithdrawPrompt(parent, nummer).ask()
