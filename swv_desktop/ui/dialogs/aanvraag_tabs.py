"""The parts of the aanvraag form around the fields: the conditions checklist, what still blocks an
award, and the read-only tabs (history, decisions, progress talks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import short_date
from swv_desktop.models import Status
from swv_desktop.models import Voorwaarde
from swv_desktop.services.aanvragen.regels import VoorwaardeInput
from swv_desktop.services.aanvragen.use_cases import BesluitRegel
from swv_desktop.services.aanvragen.use_cases import StatusStap
from swv_desktop.services.voortgang import GesprekRow
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import stacked
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.tables import fill_table
from swv_desktop.ui.widgets.tables import record_table

STATUS_COLOURS = {
    Status.CONCEPT: "#5f6368",
    Status.INGEDIEND: "#2f6f9f",
    Status.BESPROKEN: "#2f6f9f",
    Status.TER_BESLUITVORMING: "#8a5a00",
    Status.TOEGEKEND: "#1e6b3a",
    Status.GEDEELTELIJK_TOEGEKEND: "#1e6b3a",
    Status.AFGEWEZEN: "#b3261e",
    Status.INGETROKKEN: "#5f6368",
}


def status_badge(status: Status) -> str:
    """Style sheet of the status label: a calm coloured pill."""
    colour = STATUS_COLOURS[status]
    return (
        f"QLabel {{ color: white; background: {colour}; border-radius: 9px; "
        "padding: 2px 10px; font-weight: 600; }"
    )


class VoorwaardenChecklist(QWidget):
    """The regulation's conditions: per condition 'voldaan', the date it was checked and a note."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[Voorwaarde, tuple[QCheckBox, DateEdit, QLineEdit]] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        for col, text in enumerate(("Voldaan", "Voorwaarde", "Vastgesteld op", "Toelichting")):
            head = QLabel(text)
            head.setStyleSheet("font-weight:600;")
            grid.addWidget(head, 0, col)
        for i, voorwaarde in enumerate(Voorwaarde, start=1):
            check = QCheckBox()
            check.setObjectName(f"voorwaarde_{voorwaarde.value}")
            check.setAccessibleName(voorwaarde.label)
            label = QLabel(f"{i}. {voorwaarde.label}")
            label.setWordWrap(True)
            label.setBuddy(check)
            label.setMinimumWidth(300)
            day = DateEdit(today=today)
            day.setObjectName(f"voorwaarde_{voorwaarde.value}_datum")
            note = text_field(
                f"voorwaarde_{voorwaarde.value}_toelichting",
                placeholder="Bijvoorbeeld: besproken met de ondersteuningscoördinator",
            )
            check.toggled.connect(lambda on, d=day: self._checked(on, d))
            check.toggled.connect(self.changed)
            day.changed.connect(self.changed)
            note.textChanged.connect(self.changed)
            grid.addWidget(check, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, i, 1)
            grid.addWidget(day, i, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(note, i, 3, Qt.AlignmentFlag.AlignTop)
            self.rows[voorwaarde] = (check, day, note)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setRowStretch(len(self.rows) + 1, 1)
        self._today = today

    def _checked(self, on: bool, day: DateEdit) -> None:
        if on and not day.state():
            day.set_value(self._today())

    def value(self) -> list[VoorwaardeInput]:
        """The conditions as recorded; an unreadable date raises ``ValueError``."""
        out = []
        for voorwaarde, (check, day, note) in self.rows.items():
            try:
                datum = day.value()
            except ValueError as exc:
                raise ValueError(f"{voorwaarde.label}: {exc}") from exc
            out.append(VoorwaardeInput(voorwaarde, check.isChecked(), datum, note.text()))
        return out

    def set_value(self, items: list[VoorwaardeInput]) -> None:
        """Show stored conditions (missing ones unchecked)."""
        stored = {item.voorwaarde: item for item in items}
        for voorwaarde, (check, day, note) in self.rows.items():
            item = stored.get(voorwaarde)
            check.setChecked(bool(item and item.voldaan))
            day.set_value(item.datum if item else None)
            note.setText(item.toelichting if item else "")

    def state(self) -> tuple[object, ...]:
        """What the checklist shows (for the unsaved-changes check)."""
        return tuple((c.isChecked(), d.state(), n.text()) for c, d, n in self.rows.values())

    def set_read_only(self, read_only: bool) -> None:
        """Show the conditions without letting them change."""
        for check, day, note in self.rows.values():
            check.setEnabled(not read_only)
            day.set_read_only(read_only)
            note.setReadOnly(read_only)

    def check(self, voorwaarde: Voorwaarde, on: bool = True) -> None:
        """Tick one condition (keyboard helpers and tests)."""
        self.rows[voorwaarde][0].setChecked(on)


class BlockersPanel(QFrame):
    """What still stands in the way of an award, or that nothing does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blokkades")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:600;")
        self.text = wrapping_label("blokkades_tekst")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)

    def show_blockers(self, blockers: list[FieldError], *, applies: bool) -> None:
        """List ``blockers``; hidden when ``applies`` is false (a new or a decided aanvraag)."""
        self.setVisible(applies)
        if not applies:
            return
        if blockers:
            self.title.setText("Wat een toekenning nog tegenhoudt:")
            self.text.setText("\n".join(f"• {b.message}" for b in blockers))
            self.text.setVisible(True)
            self.setStyleSheet(
                "QFrame#blokkades { background:#fff4e0; border:1px solid #e0b35a; border-radius:4px; }"
            )
        else:
            self.title.setText(
                "Klaar voor een besluit: aan alle voorwaarden voor een toekenning is voldaan."
            )
            self.text.clear()
            self.text.setVisible(False)
            self.setStyleSheet(
                "QFrame#blokkades { background:#eaf4ec; border:1px solid #8dbf9a; border-radius:4px; }"
            )


def _item(text: str, *, right: bool = False, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class HistoryTab(QWidget):
    """The status steps of the aanvraag: when, from, to, who, note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = record_table(["Datum en tijd", "Van", "Naar", "Door", "Toelichting"])
        self.table.setObjectName("tabel_geschiedenis")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def set_steps(self, steps: list[StatusStap]) -> None:
        """Show the steps, oldest first."""
        fill_table(
            self.table,
            [
                [
                    date_time(step.op),
                    step.van.label if step.van else "—",
                    step.naar.label,
                    step.door,
                    step.toelichting,
                ]
                for step in steps
            ],
        )
        self.table.resizeColumnsToContents()


class BesluitenTab(QWidget):
    """The decisions on the aanvraag with their beschikking; herziening for the programmadirecteur."""

    open_letter = Signal(int)
    """Emitted with a besluit id: show its beschikking."""
    revise = Signal(int)
    """Emitted with a besluit id: start a herziening of it."""

    def __init__(self, may_revise: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BesluitRegel] = []
        self.table = record_table(
            ["Kenmerk", "Uitkomst", "Bedrag", "Besloten op", "Door", "Herziening van", "Geldt"]
        )
        self.table.setObjectName("tabel_besluiten")
        self.table.doubleClicked.connect(lambda _i: self._emit(self.open_letter))
        self.letter_button = push_button(
            "Beschikking tonen", "beschikking_tonen", lambda: self._emit(self.open_letter)
        )
        self.revise_button = push_button("Herzien…", "herzien", lambda: self._emit(self.revise))
        self.revise_button.setToolTip(
            "Een nieuw besluit met een nieuwe beschikking die het geldende besluit vervangt"
        )
        self.revise_button.setVisible(may_revise)
        self.motivering = wrapping_label("besluit_motivering")
        self.motivering.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        bar = button_row([], [self.letter_button, self.revise_button])
        stacked(self, [self.table, self.motivering, bar], grow=self.table)

    def set_besluiten(self, rows: list[BesluitRegel]) -> None:
        """Show the decisions, oldest first; the one in force is selected."""
        self.rows = list(rows)
        fill_table(
            self.table,
            [
                [
                    _item(b.kenmerk, data=b.id),
                    b.uitkomst.label,
                    _item(money(b.toegekend_cents), right=True),
                    date_time(b.besloten_op),
                    b.besloten_door,
                    b.herziening_van_kenmerk or "—",
                    "ja" if b.in_force else "nee (herzien)",
                ]
                for b in rows
            ],
        )
        self.table.resizeColumnsToContents()
        current = next((i for i, b in enumerate(rows) if b.in_force), len(rows) - 1)
        if current >= 0:
            self.table.selectRow(current)
        self._selection_changed()

    def selected(self) -> BesluitRegel | None:
        """The selected decision."""
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.letter_button.setEnabled(chosen is not None)
        self.revise_button.setEnabled(chosen is not None and chosen.in_force and chosen.uitgegeven)
        if chosen is None:
            self.motivering.clear()
            return
        text = f"Motivering: {chosen.motivering}"
        if chosen.in_force and not chosen.uitgegeven:
            text += "\nDe beschikking is nog niet uitgegeven; herzien kan pas na het uitgeven."
        self.motivering.setText(text)

    def _emit(self, signal: Signal) -> None:
        chosen = self.selected()
        if chosen is not None:
            signal.emit(chosen.id)  # type: ignore[attr-defined]


class VoortgangTab(QWidget):
    """The progress talks about an award, with "Gesprek vastleggen"."""

    record = Signal()

    def __init__(self, may_record: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = record_table(
            ["Datum", "Deelnemers", "Beoordeling", "Volgende gesprek uiterlijk", "Gevoerd door"]
        )
        self.table.setObjectName("tabel_voortgang_aanvraag")
        self.notes = wrapping_label("voortgang_notities")
        self.summary = QLabel()
        self.summary.setObjectName("voortgang_samenvatting")
        self.button = push_button("Gesprek vastleggen…", "voortgang_vastleggen", self.record)
        self.button.setVisible(may_record)
        self.rows: list[GesprekRow] = []
        self.table.itemSelectionChanged.connect(self._show_notes)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.button)
        stacked(self, [self.table, self.notes, bar], grow=self.table)

    def set_gesprekken(self, rows: list[GesprekRow]) -> None:
        """Show the talks, oldest first, and when the next one is due."""
        self.rows = list(rows)
        fill_table(
            self.table,
            [
                [
                    short_date(t.datum),
                    t.deelnemers,
                    t.beoordeling.label,
                    short_date(t.volgende_op),
                    t.gevoerd_door,
                ]
                for t in rows
            ],
        )
        self.table.resizeColumnsToContents()
        if rows:
            self.summary.setText(
                f"{len(rows)} gesprek{'ken' if len(rows) != 1 else ''}; het volgende uiterlijk op "
                f"{long_date(rows[-1].volgende_op)}."
            )
            self.table.selectRow(len(rows) - 1)
        else:
            self.summary.setText(
                "Nog geen voortgangsgesprek vastgelegd (minstens iedere drie maanden)."
            )
        self._show_notes()

    def _show_notes(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.notes.setText(f"Besproken: {self.rows[row].notities}")
        else:
            self.notes.clear()
