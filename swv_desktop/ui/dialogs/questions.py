"""The message boxes of the forms: a message (and the text listing what to correct), "reload or
stay", "save, discard or go back" and a question with two answers. Re-exported by ``form_base``,
where callers and tests find them."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import ValidationError

MessageKind = Literal["information", "warning"]
UnsavedChoice = Literal["save", "discard", "cancel"]


def show_message(
    parent: QWidget | None, title: str, text: str, kind: MessageKind = "warning"
) -> None:
    """A modal message box with a Dutch title and text (tests replace this function)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if kind == "warning" else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def validation_text(error: ValidationError) -> str:
    """The one message listing every problem, as shown in the dialog."""
    lines = "\n".join(f"• {e.message}" for e in error.errors)
    return f"Nog niet opgeslagen. Controleer de invoer:\n\n{lines}"


def ask_reload(parent: QWidget | None, text: str) -> bool:
    """Someone else saved the record first: reload it (True) or stay in the form (tests replace
    this)."""
    return ask_yes_no(
        parent,
        QMessageBox.Icon.Warning,
        "Intussen gewijzigd",
        text,
        "Opnieuw laden toont de opgeslagen gegevens; uw eigen invoer gaat dan verloren. Blijf in "
        "het formulier om uw invoer eerst over te nemen.",
        ("Opnieuw laden", "In formulier blijven"),
        default_yes=True,
    )


def ask_yes_no(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str,
    answers: tuple[str, str],
    *,
    default_yes: bool = False,
) -> bool:
    """A question with two ``answers`` (yes, no): True when yes is clicked. Escape answers no;
    Enter answers what ``default_yes`` says."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    yes = box.addButton(answers[0], QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(answers[1], QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes if default_yes else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_unsaved_changes(parent: QWidget | None) -> UnsavedChoice:
    """Ask what to do with unsaved changes: save, discard or go back (tests replace this)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Niet opgeslagen wijzigingen")
    box.setText("U heeft wijzigingen die nog niet zijn opgeslagen. Wat wilt u doen?")
    save = box.addButton("Opslaan", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Niet opslaan", QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("Terug naar formulier", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
