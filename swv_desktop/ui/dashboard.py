"""Overzicht: the budget meter of a schooljaar, aanvragen per status, what waits for a decision,
overdue progress talks and open 'bestuur informeren' notes.

The figures are loaded off the GUI thread (``load_dashboard`` is Qt-free); ``data_shown`` is
emitted once the meter has been painted with them (the smoke test waits for it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import Database
from ..formatting import money, short_date
from ..models import Rol, Status
from ..services import budget, instellingen, queries, voortgang
from ..services.budget import BudgetNoteRow, BudgetOverview
from ..services.common import Actor
from ..services.queries import AanvraagRow, ListFilter
from ..services.voortgang import OverdueRow
from . import openers
from .context import UiContext
from .worker import run_in_background
from .widgets.budget_meter import BudgetMeter

TALKERS = (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR)


@dataclass
class DashboardData:
    """Everything the Overzicht shows for one schooljaar and one user."""

    overview: BudgetOverview | None
    counts: dict[Status, int] = field(default_factory=dict)
    waiting: list[AanvraagRow] | None = None
    overdue: list[OverdueRow] | None = None
    notes: list[BudgetNoteRow] | None = None


def default_schooljaar(jaren: list[instellingen.SchooljaarData], today: date) -> int | None:
    """The schooljaar containing ``today``, else the newest that started, else the first."""
    for jaar in jaren:
        if jaar.start_datum <= today <= jaar.eind_datum:
            return jaar.id
    started = [j for j in jaren if j.start_datum <= today]
    if started:
        return max(started, key=lambda j: j.start_datum).id
    return jaren[-1].id if jaren else None


def load_dashboard(db: Database, actor: Actor, schooljaar_id: int | None, today: date) -> DashboardData:
    """The dashboard's figures for ``actor`` (Qt-free; runs off the GUI thread)."""
    if schooljaar_id is None:
        return DashboardData(overview=None)
    data = DashboardData(
        overview=budget.budget_overview(db, schooljaar_id),
        counts=budget.status_counts(db, schooljaar_id),
    )
    if actor.rol is Rol.PROGRAMMADIRECTEUR:
        data.waiting = queries.fetch(
            db,
            "aanvraag",
            ListFilter(status=Status.TER_BESLUITVORMING.value),
            sort="aanvraagdatum",
            limit=50,
        )
        data.notes = budget.budget_notes(db, only_open=True)
    if actor.rol in TALKERS:
        own = actor.id if actor.rol is Rol.CONTACTPERSOON else None
        data.overdue = voortgang.overdue_talks(db, today, contactpersoon_id=own)
    return data


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("kaart")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    heading = QLabel(title)
    heading.setObjectName("kaarttitel")
    layout.addWidget(heading)
    return frame, layout


def _table(headers: list[str], right: tuple[int, ...] = ()) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setProperty("right_columns", right)
    table.setMinimumHeight(120)
    return table


def _fill_table(table: QTableWidget, rows: list[tuple[Any, list[str]]]) -> None:
    right = table.property("right_columns") or ()
    table.setRowCount(len(rows))
    for r, (record_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    visible = min(max(len(rows), 1), 8)
    table.setFixedHeight(table.horizontalHeader().height() + visible * 28 + 6)


class Dashboard(QWidget):
    """The Overzicht page."""

    data_shown = Signal()
    open_list = Signal(str, dict)
    """(page key, filter choices): the user clicked a status count."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self._awaiting_paint = False
        self.loading = False

        self.year_combo = QComboBox()
        self.year_combo.setObjectName("dashboard_schooljaar")
        jaren = instellingen.list_schooljaren(ctx.db)
        for jaar in jaren:
            self.year_combo.addItem(jaar.label, jaar.id)
        chosen = default_schooljaar(jaren, ctx.today())
        if chosen is not None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(chosen))
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())

        title = QLabel("Overzicht")
        title.setObjectName("paginatitel")
        greeting = QLabel(f"Welkom, {ctx.actor.naam}")
        greeting.setObjectName("subtitel")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(greeting)
        header.addStretch(1)
        header.addWidget(QLabel("Schooljaar:"))
        header.addWidget(self.year_combo)

        self.meter = BudgetMeter()
        self.meter.bar.painted.connect(self._on_meter_painted)
        budget_card, budget_layout = _card("Budget maatwerk")
        budget_layout.addWidget(self.meter)
        self.empty_label = QLabel("Er is nog geen schooljaar ingericht (zie Beheer).")
        self.empty_label.setVisible(False)
        budget_layout.addWidget(self.empty_label)

        counts_card, counts_layout = _card("Aanvragen per status")
        self.count_grid = QGridLayout()
        self.count_grid.setHorizontalSpacing(16)
        self.count_buttons: dict[Status, QPushButton] = {}
        for i, status in enumerate(Status):
            label = QLabel(status.label)
            button = QPushButton("0")
            button.setObjectName(f"aantal_{status.value}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(f"Toon de aanvragen met status '{status.label}'")
            button.clicked.connect(lambda _c=False, s=status: self._show_status(s))
            self.count_grid.addWidget(label, i, 0)
            self.count_grid.addWidget(button, i, 1, Qt.AlignmentFlag.AlignRight)
            self.count_buttons[status] = button
        counts_layout.addLayout(self.count_grid)
        counts_layout.addStretch(1)

        rol = ctx.actor.rol
        self.waiting_table: QTableWidget | None = None
        self.overdue_table: QTableWidget | None = None
        self.notes_table: QTableWidget | None = None
        row = QHBoxLayout()
        row.addWidget(counts_card, 1)
        if rol is Rol.PROGRAMMADIRECTEUR:
            card, layout = _card("Wachten op uw besluit")
            self.waiting_table = _table(
                ["Nummer", "Datum", "Leerling", "School", "Aangevraagd"], right=(4,)
            )
            self.waiting_table.setObjectName("wachten_op_besluit")
            self.waiting_table.itemActivated.connect(
                lambda item: self._open("aanvraag", item.data(Qt.ItemDataRole.UserRole))
            )
            layout.addWidget(self.waiting_table)
            layout.addStretch(1)
            row.addWidget(card, 2)
        else:
            row.addStretch(1)
        overdue_card = notes_card = None
        if rol in TALKERS:
            title_text = (
                "Uw achterstallige voortgangsgesprekken"
                if rol is Rol.CONTACTPERSOON
                else "Achterstallige voortgangsgesprekken"
            )
            overdue_card, layout = _card(title_text)
            self.overdue_table = _table(
                ["Aanvraag", "Leerling", "School", "Contactpersoon", "Gesprek uiterlijk", "Dagen te laat"],
                right=(5,),
            )
            self.overdue_table.setObjectName("achterstallig")
            self.overdue_table.itemActivated.connect(
                lambda item: self._open("aanvraag", item.data(Qt.ItemDataRole.UserRole))
            )
            layout.addWidget(self.overdue_table)
        if rol is Rol.PROGRAMMADIRECTEUR:
            notes_card, layout = _card("Bestuur informeren")
            self.notes_table = _table(["Schooljaar", "Ontstaan op", "Overschrijding", "Reden"], right=(2,))
            self.notes_table.setObjectName("bestuur_informeren")
            self.notes_table.itemActivated.connect(
                lambda item: self._open("budget_notitie", item.data(Qt.ItemDataRole.UserRole))
            )
            layout.addWidget(self.notes_table)

        content = QWidget()
        content.setObjectName("dashboard_inhoud")
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 12, 16, 16)
        body.setSpacing(12)
        body.addLayout(header)
        body.addWidget(budget_card)
        body.addLayout(row)
        for card in (overdue_card, notes_card):
            if card is not None:
                body.addWidget(card)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload()

    def schooljaar_id(self) -> int | None:
        """The schooljaar shown."""
        value = self.year_combo.currentData()
        return None if value is None else int(value)

    def reload(self) -> None:
        """Load the figures off the GUI thread and show them."""
        self.loading = True
        ctx, jaar = self.ctx, self.schooljaar_id()
        run_in_background(
            self, lambda: load_dashboard(ctx.db, ctx.actor, jaar, ctx.today()), self.show_data
        )

    def show_data(self, data: DashboardData) -> None:
        """Put loaded figures on screen."""
        self.data = data
        self.loading = False
        overview = data.overview
        self.meter.setVisible(overview is not None)
        self.empty_label.setVisible(overview is None)
        if overview is not None:
            self.meter.set_values(
                overview.label, overview.budget_cents, overview.awarded_cents, overview.pending_cents
            )
        for status, button in self.count_buttons.items():
            button.setText(str(data.counts.get(status, 0)))
        if self.waiting_table is not None and data.waiting is not None:
            rows = [
                (a.id, [a.nummer, short_date(a.aanvraagdatum), a.leerling, a.school, money(a.aangevraagd_cents)])
                for a in data.waiting
            ]
            _fill_table(self.waiting_table, rows)
        if self.overdue_table is not None and data.overdue is not None:
            rows = [
                (
                    o.aanvraag_id,
                    [o.nummer, o.leerlingnummer, o.school_naam, o.contactpersoon_naam, short_date(o.due), str(o.days_overdue)],
                )
                for o in data.overdue
            ]
            _fill_table(self.overdue_table, rows)
        if self.notes_table is not None and data.notes is not None:
            rows = [
                (n.id, [n.schooljaar_label, short_date(n.aangemaakt_op), money(n.overschrijding_cents), n.reden])
                for n in data.notes
            ]
            _fill_table(self.notes_table, rows)
        self._awaiting_paint = True
        if overview is None:
            self.update()
            self._awaiting_paint = False
            self.data_shown.emit()

    def _on_meter_painted(self) -> None:
        if self._awaiting_paint:
            self._awaiting_paint = False
            self.data_shown.emit()

    def _show_status(self, status: Status) -> None:
        self.open_list.emit("aanvragen", {"status": status.value, "schooljaar": self.schooljaar_id()})

    def _open(self, kind: str, record_id: Any) -> None:
        if record_id is None:
            return
        if kind in openers.LIST_KINDS or openers.is_registered(kind):
            openers.open_record(kind, int(record_id), self, self.ctx, lambda r: r and self.reload())
