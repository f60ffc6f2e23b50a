"""The programmadirecteur's conclusions of an evaluation: one text per monitoring question of the
regulation (the question is the heading) and the overall conclusion. Saved through
``services.evaluatie``; the final report cannot be issued before every text is written."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import StaleEdit
from swv_desktop.models import Rol
from swv_desktop.services.evaluatie.use_cases import VRAGEN
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import get_answers
from swv_desktop.services.evaluatie.use_cases import save_answers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.widgets.field_errors import show_error

CONCLUSION_QUESTION = "Conclusie: wordt het maatwerkbudget structureel, en met welke figuren?"


def _editor(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(f"antwoord_{name}")
    edit.setMinimumHeight(60)
    edit.setMaximumHeight(96)
    edit.setTabChangesFocus(True)
    return edit


class ConclusiesEditor(QWidget):
    """An editor per monitoring question plus the conclusion; read-only for other roles."""

    saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.schooljaar_id: int | None = None
        self.versie = 0
        self.kind = EvaluatieSoort.TUSSEN
        self.edits: dict[str, QPlainTextEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, question in VRAGEN.items():
            label = QLabel(question)
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
            self.edits[key] = _editor(key)
            label.setBuddy(self.edits[key])
            layout.addWidget(label)
            layout.addWidget(self.edits[key])
        label = QLabel(CONCLUSION_QUESTION)
        label.setWordWrap(True)
        label.setStyleSheet("font-weight: bold;")
        self.conclusie = _editor("conclusie")
        layout.addWidget(label)
        layout.addWidget(self.conclusie)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Conclusies opslaan")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        may_write = ctx.actor.rol is Rol.PROGRAMMADIRECTEUR
        for edit in (*self.edits.values(), self.conclusie):
            edit.setReadOnly(not may_write)
        self.save_button.setVisible(may_write)

    def load(self, schooljaar_id: int | None, kind: EvaluatieSoort) -> None:
        """Show the texts of this schooljaar and kind."""
        self.schooljaar_id, self.kind = schooljaar_id, kind
        if schooljaar_id is None:
            return
        texts = get_answers(self.ctx.db, self.ctx.actor, schooljaar_id, kind)
        self.versie = texts.versie
        for key, edit in self.edits.items():
            edit.setPlainText(texts.antwoorden.get(key, ""))
        self.conclusie.setPlainText(texts.conclusie)
        self._show_status(len(texts.ontbreekt))

    def missing(self) -> int:
        """How many texts are still empty in the editor."""
        empty = [e for e in (*self.edits.values(), self.conclusie) if not e.toPlainText().strip()]
        return len(empty)

    def _show_status(self, missing: int) -> None:
        if not missing:
            self.status.setText("Alle vragen zijn beantwoord.")
        elif self.kind is EvaluatieSoort.EIND:
            self.status.setText(
                f"Nog {missing} van de {len(VRAGEN) + 1} teksten leeg: de eindevaluatie kan pas "
                "worden uitgebracht als alles is ingevuld."
            )
        else:
            self.status.setText(f"Nog {missing} van de {len(VRAGEN) + 1} teksten leeg.")

    def save(self) -> None:
        """Save every text through the service (one transaction)."""
        if self.schooljaar_id is None:
            return
        try:
            self.versie = save_answers(
                self.ctx.db,
                self.ctx.actor,
                self.schooljaar_id,
                self.kind,
                {key: edit.toPlainText() for key, edit in self.edits.items()},
                self.conclusie.toPlainText(),
                versie=self.versie,
            )
        except StaleEdit as exc:  # someone else saved first: offer their texts
            if form_base.ask_reload(self, exc.message):
                self.load(self.schooljaar_id, self.kind)
            return
        except KnownError as exc:
            show_error(self, exc)
            return
        self._show_status(self.missing())
        self.saved.emit()
        QMessageBox.information(self, "Opgeslagen", "De conclusies zijn opgeslagen.")
