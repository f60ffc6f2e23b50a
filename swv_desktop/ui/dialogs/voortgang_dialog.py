"""Voortgangsgesprek vastleggen: date, participants, what was discussed, the assessment and the
date of the next talk (prefilled: the talk's date plus the schooljaar's interval, at most that).

Opened from the aanvraag form's Voortgang tab and from the Voortgang page (registered as
``voortgang``; the record id is the aanvraag's id).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import Validator
from swv_desktop.formatting import short_date
from swv_desktop.models import Beoordeling
from swv_desktop.models import Rol
from swv_desktop.models import Soort
from swv_desktop.services import schooljaren
from swv_desktop.services import scope
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.scope import Recht
from swv_desktop.services.voortgang import VoortgangInput
from swv_desktop.services.voortgang import talk_due
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.form_widgets import existing_record_form
from swv_desktop.ui.widgets.tables import record_table


class VoortgangDialog(RecordDialog):
    """A new progress talk about one awarded aanvraag, with the earlier talks above it."""

    def __init__(self, ctx: UiContext, aanvraag_id: int, parent: QWidget | None = None) -> None:
        scope.require(ctx.actor, Recht.GESPREK_VASTLEGGEN)
        detail = aanvragen.get_aanvraag(ctx.db, ctx.actor, aanvraag_id)
        super().__init__(ctx, parent, title=f"Voortgangsgesprek – aanvraag {detail.nummer}")
        self.aanvraag_id = aanvraag_id
        self.interval = schooljaren.get_schooljaar(
            ctx.db, detail.data.schooljaar_id or 0
        ).voortgang_interval_maanden
        self._next_touched = False
        self.setMinimumWidth(680)

        heading = QLabel(f"Voortgangsgesprek over aanvraag {detail.nummer}")
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        if detail.data.soort is Soort.GROEP:
            n = len(detail.data.groepsplan.leerling_ids) if detail.data.groepsplan else 0
            who = f"groepsaanpak ({n} leerlingen)"
        else:
            row = queries.get_row(ctx.db, ctx.actor, "leerling", detail.data.leerling_id or 0)
            who = f"leerling {row.leerlingnummer}" if row else "individueel"
        sub = QLabel(f"{detail.school_naam} · {who} · schooljaar {detail.schooljaar_label}")
        sub.setStyleSheet("color:#555555;")
        self.body.addWidget(heading)
        self.body.addWidget(sub)

        self.gesprekken = voortgang.gesprekken_for(ctx.db, ctx.actor, aanvraag_id)
        self.history = record_table(["Eerder gesprek", "Beoordeling", "Volgende uiterlijk"])
        self.history.setObjectName("eerdere_gesprekken")
        self.history.setRowCount(len(self.gesprekken))
        for i, t in enumerate(self.gesprekken):
            self.history.setItem(i, 0, QTableWidgetItem(short_date(t.datum)))
            self.history.setItem(i, 1, QTableWidgetItem(t.beoordeling.label))
            self.history.setItem(i, 2, QTableWidgetItem(short_date(t.volgende_op)))
        self.history.resizeColumnsToContents()
        shown_rows = min(len(self.gesprekken), 4)
        height = self.history.horizontalHeader().sizeHint().height() + 6
        height += sum(self.history.rowHeight(i) for i in range(shown_rows))
        self.history.setFixedHeight(height)
        self.history.setVisible(bool(self.gesprekken))
        self.body.addWidget(self.history)

        form = self.add_form()
        self.datum = self.add_date(form, "Datum gesprek:", "datum")
        self.deelnemers = self.add_field(
            form,
            "Deelnemers:",
            "deelnemers",
            QLineEdit(),
            hint="Bijvoorbeeld: mentor, ondersteuningscoördinator, ouders, contactpersoon.",
        )
        self.notities = self.add_field(form, "Besproken:", "notities", text_area(5))
        self.beoordeling = self.add_field(
            form, "Beoordeling voortgang:", "beoordeling", EnumCombo(list(Beoordeling))
        )
        self.volgende = self.add_date(
            form,
            "Volgende gesprek uiterlijk:",
            "volgende_op",
            hint=f"Minstens iedere {self.interval} maanden.",
        )
        self.datum.set_value(ctx.today())
        self.deelnemers.setText(
            f"{ctx.actor.naam} (contactpersoon)" if ctx.actor.rol is Rol.CONTACTPERSOON else ""
        )
        self.beoordeling.set_value(Beoordeling.VOLDOENDE)
        self._prefill_next()
        self.datum.changed.connect(self._prefill_next)
        self.volgende.line.textEdited.connect(self._touched)
        self.mark_clean()

    def _touched(self, _text: str) -> None:
        self._next_touched = True

    def _prefill_next(self) -> None:
        """The next talk: this talk's date plus the interval (until the user types one)."""
        if self._next_touched:
            return
        try:
            day = self.datum.value()
        except ValueError:
            return
        if day is not None:
            self.volgende.set_value(self.next_date(day))

    def next_date(self, day: date) -> date:
        """The latest date for the next talk after a talk on ``day``."""
        return talk_due(day, self.interval)

    def perform_save(self) -> int:
        v = Validator()
        datum = self.read_checked(v, "datum", self.datum.value)
        volgende = self.read_checked(v, "volgende_op", self.volgende.value)
        v.raise_if_any()
        return voortgang.record_gesprek(
            self.ctx.db,
            self.ctx.actor,
            self.aanvraag_id,
            VoortgangInput(
                datum=datum,
                deelnemers=self.deelnemers.text(),
                notities=self.notities.toPlainText(),
                beoordeling=self.beoordeling.value(),
                volgende_op=volgende,
            ),
        )


voortgang_form = existing_record_form(
    "Voortgangsgesprek",
    "Kies eerst de toekenning waarover het gesprek ging.",
    VoortgangDialog,
)
"""Opener factory: ``record_id`` is the aanvraag's id."""
