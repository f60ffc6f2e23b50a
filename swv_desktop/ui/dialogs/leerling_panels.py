"""The tabs of the leerling form beside its data: the pupil's whole story (Verloop), the OPP
history and the outcome per schooljaar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import schooljaar_for
from swv_desktop.formatting import short_date
from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.services import schooljaren
from swv_desktop.services import uitkomsten
from swv_desktop.services.opp_versies import OppVersion
from swv_desktop.services.queries.dossier import DossierRegel
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_base import ChoiceCombo
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import field_block
from swv_desktop.ui.dialogs.form_base import new_form
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.form_base import validation_text
from swv_desktop.ui.dialogs.opp_form import TEXT_FIELDS
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.field_errors import FieldErrors
from swv_desktop.ui.widgets.field_errors import error_label
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table
from swv_desktop.ui.widgets.tables import selected_index


def opp_summary(version: OppVersion) -> str:
    """The text of one OPP version as shown under the history table."""
    d = version.data
    lines = [
        f"Versie {version.versie}, vastgesteld op {long_date(d.vastgesteld_op)}",
        f"Verwacht uitstroomprofiel: {d.uitstroomprofiel or '—'}",
        f"Toestemming handelingsdeel: {d.toestemming_door.label}"
        + (f" ({long_date(d.toestemming_datum)})" if d.toestemming_datum else ""),
        f"Laatst geëvalueerd: {long_date(d.laatst_geevalueerd_op) or '—'}; "
        f"volgende evaluatie: {long_date(d.volgende_evaluatie_op) or '—'}",
    ]
    for name, label in TEXT_FIELDS:
        lines.append("")
        lines.append(label if label.endswith("?") else f"{label}:")
        lines.append(getattr(d, name).strip() or "—")
    return "\n".join(lines)


class OppHistoryPanel(QWidget):
    """Every OPP version (newest first) with its date and author, and "Nieuwe OPP-versie"."""

    new_version = Signal()
    open_version = Signal(int)
    """Emitted with the ``versie`` number to show that version read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions: list[OppVersion] = []
        layout = QVBoxLayout(self)
        self.status = wrapping_label("hulptekst")
        layout.addWidget(self.status)
        self.table = record_table(["Versie", "Vastgesteld op", "Toestemming", "Vastgelegd door"])
        self.table.setObjectName("opp_versies")
        self.table.setMaximumHeight(160)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.itemActivated.connect(lambda item: self._open_row(item.row()))
        layout.addWidget(self.table)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("opp_detail")
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        layout.addWidget(self.detail, 1)
        row = QHBoxLayout()
        self.new_button = push_button("Nieuwe OPP-versie…", "nieuwe_opp_versie", self.new_version)
        self.new_button.setAutoDefault(False)
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_versions(self, versions: list[OppVersion], *, saved: bool) -> None:
        """Fill the table; ``saved`` is False while the pupil itself is not saved yet."""
        self.versions = list(reversed(versions))
        fill_table(
            self.table,
            [
                [
                    str(v.versie),
                    short_date(v.data.vastgesteld_op),
                    v.data.toestemming_door.label,
                    v.aangemaakt_door or "—",
                ]
                for v in self.versions
            ],
        )
        self.new_button.setEnabled(saved)
        if not saved:
            self.status.setText(
                "Sla eerst de gegevens van de leerling op; daarna kunt u het OPP vastleggen."
            )
        elif not versions:
            self.status.setText(
                "Er is nog geen OPP vastgelegd. Het OPP vermeldt waarvoor het maatwerkbudget "
                "wordt ingezet en onderbouwt de aanvraag."
            )
        else:
            self.status.setText(
                f"{len(versions)} {'versie' if len(versions) == 1 else 'versies'}. Een nieuwe versie begint als kopie van de huidige; "
                "oudere versies blijven bewaard. Enter of dubbelklik toont een versie."
            )
        if self.versions:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _show_selected(self) -> None:
        index = selected_index(self.table)
        if index is not None:
            self.detail.setPlainText(opp_summary(self.versions[index]))

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.versions):
            self.open_version.emit(self.versions[row].versie)


class UitkomstPanel(QWidget):
    """Record where the pupil stands at the end of a schooljaar (stored per schooljaar)."""

    def __init__(
        self,
        ctx: UiContext,
        leerling_id: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._leerling_id = leerling_id
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Leg aan het eind van elk schooljaar vast waar de leerling staat: behouden in het "
            "regulier VO, verwezen naar het VSO of anders. Opnieuw vastleggen voor hetzelfde "
            "schooljaar vervangt de vorige uitkomst."
        )
        intro.setObjectName("hulptekst")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = new_form()
        layout.addLayout(form)
        jaren = schooljaren.list_schooljaren(ctx.db)
        self.schooljaar = ChoiceCombo(
            [(j.id, j.label) for j in jaren], placeholder="Kies een schooljaar"
        )
        current = schooljaar_for(ctx.today())
        for j in jaren:
            if j.label == current:
                self.schooljaar.set_value(j.id)
        self.resultaat = EnumCombo(list(LeerlingResultaat))
        self.voortgang = EnumCombo(list(Beoordeling), current=Beoordeling.VOLDOENDE)
        self.opmerkingen = text_area(4)
        self.opmerkingen.setMaximumHeight(self.opmerkingen.minimumHeight() * 2)
        self.fields: dict[str, QWidget] = {
            "schooljaar_id": self.schooljaar,
            "resultaat": self.resultaat,
            "voortgang": self.voortgang,
            "opmerkingen": self.opmerkingen,
        }
        labels: dict[str, QLabel] = {}
        captions = {
            "schooljaar_id": "Schooljaar:",
            "resultaat": "Uitkomst:",
            "voortgang": "Voortgang:",
            "opmerkingen": "Toelichting:",
        }
        for name, widget in self.fields.items():
            widget.setObjectName(f"uitkomst_{name}")
            labels[name] = error_label()
            caption = QLabel(captions[name])
            caption.setBuddy(widget)
            form.addRow(caption, field_block(widget, labels[name]))
        self.marks = FieldErrors(self.fields, labels)
        row = QHBoxLayout()
        self.save_button = push_button("Uitkomst vastleggen", "uitkomst_vastleggen", self.save)
        self.save_button.setAutoDefault(False)
        row.addWidget(self.save_button)
        self.status = QLabel()
        self.status.setObjectName("hulptekst")
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.schooljaar.currentIndexChanged.connect(self.load_recorded)

    def set_enabled_for(self, saved: bool) -> None:
        """Only a saved pupil can get an outcome."""
        for widget in (*self.fields.values(), self.save_button):
            widget.setEnabled(saved)
        if not saved:
            self.status.setText("Sla eerst de gegevens van de leerling op.")
        else:
            self.load_recorded()

    def load_recorded(self) -> None:
        """Show the outcome already recorded for the chosen schooljaar, if any."""
        leerling_id = self._leerling_id()
        jaar_id = self.schooljaar.value()
        if leerling_id is None or jaar_id is None:
            return
        try:
            rows = uitkomsten.list_uitkomsten(self.ctx.db, self.ctx.actor, leerling_id)
        except KnownError:
            return
        row = next((r for r in rows if r.schooljaar_id == jaar_id), None)
        if row is None:
            self.status.setText("Voor dit schooljaar is nog geen uitkomst vastgelegd.")
            return
        self.resultaat.set_value(row.resultaat)
        self.voortgang.set_value(row.voortgang)
        self.opmerkingen.setPlainText(row.opmerkingen)
        self.status.setText(
            f"Vastgelegd op {date_time(row.vastgelegd_op)}: {row.resultaat.label.lower()}."
        )

    def save(self) -> bool:
        """Record the outcome through ``uitkomsten.record_uitkomst``."""
        leerling_id = self._leerling_id()
        if leerling_id is None:
            return False
        self.marks.clear()
        jaar_id = self.schooljaar.value()
        try:
            if jaar_id is None:
                raise ValidationError(
                    FieldError("schooljaar_id", "Kies het schooljaar van de uitkomst.")
                )
            uitkomsten.record_uitkomst(
                self.ctx.db,
                self.ctx.actor,
                leerling_id,
                jaar_id,
                resultaat=self.resultaat.value(),
                voortgang=self.voortgang.value(),
                opmerkingen=self.opmerkingen.toPlainText(),
            )
        except ValidationError as error:
            self.marks.show(error.errors)
            form_base.show_message(self, "Controleer de invoer", validation_text(error))
            return False
        except KnownError as error:
            form_base.show_message(self, "Niet gelukt", error.message, "information")
            return False
        self.status.setText(
            f"Uitkomst voor {self.schooljaar.currentText()} vastgelegd: "
            f"{self.resultaat.value().label.lower()}."
        )
        return True


class DossierPanel(QWidget):
    """The pupil's whole story (tab Verloop): applications, decisions, letters, talks and
    outcomes, newest first; one click (or Enter) opens the line's own form."""

    open_requested = Signal(str, int)
    """(opener kind, record id) of the line the user opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[DossierRegel] = []
        self.empty = QLabel("Nog niets: er is geen aanvraag met deze leerling.")
        self.empty.setObjectName("hulptekst")
        self.table = record_table(["Datum", "Soort", "Wat"])
        self.table.setObjectName("verloop")
        # one click opens (the mouse), Enter opens (the keyboard); not ``itemActivated`` beside
        # ``itemClicked``: a double-click emits both and would open the form twice
        self.table.itemClicked.connect(lambda item: self._open(item.row()))
        self.table.installEventFilter(self)
        hint = QLabel(
            "Eén klik (of Enter) opent de aanvraag, het besluit, de brief of het gesprek."
        )
        hint.setObjectName("hulptekst")
        stacked(self, [self.empty, self.table, hint], grow=self.table)

    def show_lines(self, lines: list[DossierRegel]) -> None:
        self.lines = lines
        self.table.setRowCount(0)
        for line in lines:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((short_date(line.datum), line.soort, line.omschrijving)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not lines)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            line = self.lines[row]
            self.open_requested.emit(line.open_kind, line.open_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter in the table opens the current line."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)
