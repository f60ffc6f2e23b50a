"""Bestuur informeren: record when the board was told about a budget overshoot and what was said.

Opened from the Overzicht's "Bestuur informeren" card (kind ``budget_notitie``). A note whose board
was already informed is shown read-only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Rol
from swv_desktop.services import budget
from swv_desktop.services.budget import BudgetNoteRow
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.form_widgets import existing_record_form
from swv_desktop.ui.widgets.controls import wrapping_label


def find_note(ctx: UiContext, note_id: int) -> BudgetNoteRow:
    """The note ``note_id`` (``KnownError`` when it no longer exists)."""
    note = next((n for n in budget.budget_notes(ctx.db, ctx.actor) if n.id == note_id), None)
    if note is None:
        raise KnownError("Deze melding aan het bestuur bestaat niet (meer).")
    return note


class BudgetNoteDialog(RecordDialog):
    """The overshoot, and the date and text of what the board was told."""

    def __init__(self, ctx: UiContext, note_id: int, parent: QWidget | None = None) -> None:
        note = find_note(ctx, note_id)
        done = not note.is_open
        super().__init__(
            ctx,
            parent,
            title="Bestuur informeren",
            read_only=done or ctx.actor.rol is not Rol.PROGRAMMADIRECTEUR,
            read_only_note=(
                f"Het bestuur is geïnformeerd op {long_date(note.bestuur_geinformeerd_op)}."
                if note.bestuur_geinformeerd_op
                else "Alleen de programmadirecteur legt vast dat het bestuur is geïnformeerd."
            ),
            record_id=note_id,
        )
        self.save_button.setText("Vastleggen")
        self.setMinimumWidth(560)
        intro = QLabel(
            f"Schooljaar {note.schooljaar_label}: het budget wordt met "
            f"{money(note.overschrijding_cents)} overschreden (ontstaan op "
            f"{long_date(note.aangemaakt_op)}). Het bestuur moet tijdig en met redenen worden "
            "geïnformeerd."
        )
        intro.setWordWrap(True)
        reason = wrapping_label(
            "hulptekst", f"Reden van de toekenning boven het budget: {note.reden or '—'}"
        )
        self.body.addWidget(intro)
        self.body.addWidget(reason)
        form = self.add_form()
        self.datum = self.add_date(form, "Bestuur geïnformeerd op:", "datum")
        self.wat_gemeld = self.add_field(form, "Wat is gemeld:", "wat_gemeld", text_area(5))
        if note.bestuur_geinformeerd_op:
            self.datum.set_value(note.bestuur_geinformeerd_op)
            self.wat_gemeld.setPlainText(note.wat_gemeld)
        else:
            self.datum.set_value(ctx.today())
        self.mark_clean()

    def perform_save(self) -> int:
        v = Validator()
        datum = self.read_checked(v, "datum", self.datum.value)
        if datum is None and not v.errors:
            v.add("datum", "Vul de datum in waarop het bestuur is geïnformeerd.")
        v.raise_if_any()
        assert datum is not None and self.record_id is not None
        budget.mark_bestuur_informed(
            self.ctx.db,
            self.ctx.actor,
            self.record_id,
            datum=datum,
            wat_gemeld=self.wat_gemeld.toPlainText(),
        )
        return self.record_id


budget_note_form = existing_record_form(
    "Bestuur informeren",
    "Een melding aan het bestuur ontstaat bij een toekenning boven het budget.",
    BudgetNoteDialog,
)
"""Opener factory: ``record_id`` is the note's id."""
