"""Overzicht: the budget meter of a schooljaar with the money after the award, aanvragen per
status, what waits for a decision, overdue progress talks and accounts, and open 'bestuur
informeren' notes.

The figures are loaded off the GUI thread (``services.dashboard.load_dashboard``); ``data_shown`` is
emitted once the meter has been painted with them (the smoke test waits for it).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.formatting import money
from swv_desktop.formatting import short_date
from swv_desktop.models import Rol
from swv_desktop.models import Status
from swv_desktop.services import voortgang
from swv_desktop.services.dashboard import DashboardData
from swv_desktop.services.dashboard import load_dashboard
from swv_desktop.services.scope import RECHTEN
from swv_desktop.services.scope import Recht
from swv_desktop.ui import openers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.navigation import pages_for
from swv_desktop.ui.widgets.budget_meter import BudgetMeter
from swv_desktop.ui.widgets.cards import MAX_ROWS
from swv_desktop.ui.widgets.cards import Card
from swv_desktop.ui.widgets.cards import ListCard
from swv_desktop.ui.widgets.geld_figures import GeldFigures
from swv_desktop.ui.widgets.schooljaar_combo import schooljaar_combo
from swv_desktop.ui.widgets.scrolling import fill_with_column
from swv_desktop.ui.worker import run_in_background


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

        self.year_combo = schooljaar_combo(ctx, "dashboard_schooljaar")
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
        budget_card = Card("Budget maatwerk")
        budget_card.body.addWidget(self.meter)
        self.geld_row = GeldFigures()
        self.geld_row.setVisible(False)
        budget_card.body.addWidget(self.geld_row)
        self.empty_label = QLabel("Er is nog geen schooljaar ingericht (zie Beheer).")
        self.empty_label.setVisible(False)
        budget_card.body.addWidget(self.empty_label)

        counts_card = Card("Aanvragen per status")
        self.count_grid = QGridLayout()
        self.count_grid.setHorizontalSpacing(16)
        self.count_buttons: dict[Status, QPushButton] = {}
        clickable = "aanvragen" in pages_for(ctx.actor.rol)
        for i, status in enumerate(Status):
            button = QPushButton("0")
            button.setObjectName(f"aantal_{status.value}")
            button.setFlat(True)
            if clickable:
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setToolTip(f"Toon de aanvragen met status '{status.label}'")
                button.clicked.connect(lambda _c=False, s=status: self._show_status(s))
            self.count_grid.addWidget(QLabel(status.label), i, 0)
            self.count_grid.addWidget(button, i, 1, Qt.AlignmentFlag.AlignRight)
            self.count_buttons[status] = button
        counts_card.body.addLayout(self.count_grid)
        counts_card.body.addStretch(1)

        rol = ctx.actor.rol
        self.waiting_card: ListCard | None = None
        self.overdue_card: ListCard | None = None
        self.upcoming_card: ListCard | None = None
        self.notes_card: ListCard | None = None
        self.unsent_card: ListCard | None = None
        self.accounts_card: ListCard | None = None
        if rol is Rol.PROGRAMMADIRECTEUR:
            self.waiting_card = ListCard(
                "Wachten op uw besluit",
                ["Nummer", "Datum", "Leerling", "School", "Aangevraagd"],
                name="wachten_op_besluit",
                empty_text="Er wachten geen aanvragen op een besluit.",
                right=(4,),
                stretch=3,
            )
            self.waiting_card.activated.connect(lambda i: self._open("aanvraag", i))
            self.notes_card = ListCard(
                "Bestuur informeren",
                ["Schooljaar", "Ontstaan op", "Overschrijding", "Reden"],
                name="bestuur_informeren",
                empty_text="Er zijn geen open meldingen aan het bestuur.",
                right=(2,),
                stretch=3,
            )
            self.notes_card.activated.connect(lambda i: self._open("budget_notitie", i))
            self.inform_button = self.notes_card.add_action("Bestuur geïnformeerd…")
            self.inform_button.setObjectName("bestuur_geinformeerd")
            self.inform_button.setToolTip(
                "Leg vast wanneer en wat aan het bestuur is gemeld (geselecteerde melding)"
            )
        if rol in RECHTEN[Recht.AANVRAGEN_ZIEN]:
            own = rol is Rol.CONTACTPERSOON
            self.overdue_card = self._aanvraag_card(
                "Uw achterstallige voortgangsgesprekken"
                if own
                else "Achterstallige voortgangsgesprekken",
                ["Gesprek uiterlijk", "Dagen te laat"],
                name="achterstallig",
                empty_text="Alle voortgangsgesprekken zijn op tijd gevoerd.",
            )
            self.upcoming_card = self._aanvraag_card(
                f"Voortgangsgesprekken binnenkort ({voortgang.UPCOMING_DAYS} dagen)",
                ["Gesprek uiterlijk", "Over (dagen)"],
                name="binnenkort",
                empty_text=f"Geen gesprekken in de komende {voortgang.UPCOMING_DAYS} dagen.",
            )
        if rol in RECHTEN[Recht.VERANTWOORDEN]:
            self.accounts_card = self._aanvraag_card(
                "Uw verantwoordingen te laat"
                if rol is Rol.CONTACTPERSOON
                else "Verantwoordingen te laat",
                ["Verantwoording uiterlijk", "Dagen te laat"],
                name="verantwoording_te_laat",
                empty_text="Alle verantwoordingen zijn op tijd binnen.",
            )
        if rol is Rol.SECRETARIAAT:
            self.unsent_card = ListCard(
                "Beschikkingen te verzenden",
                ["Kenmerk", "Briefdatum", "School", "Bestuur"],
                name="te_verzenden",
                empty_text="Alle uitgegeven beschikkingen zijn verzonden.",
                stretch=3,
            )
            self.unsent_card.activated.connect(lambda i: self._open("beschikking", i))

        beside = self.waiting_card or self.overdue_card or self.unsent_card
        below = [
            # the bestuur first: an overshoot must be reported in time
            c
            for c in (self.notes_card, self.overdue_card, self.upcoming_card, self.accounts_card)
            if c is not None and c is not beside
        ]
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(counts_card, 1)
        if beside is not None:
            row.addWidget(beside, 2)
        else:
            row.addStretch(2)

        fill_with_column(
            self, [header, budget_card, row, *below], bottom=16, name="dashboard_inhoud"
        )
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
                overview.label,
                overview.budget_cents,
                overview.awarded_cents,
                overview.pending_cents,
                overview.niet_besteed_cents,
            )
        self.geld_row.setVisible(data.geld is not None and data.geld.toekenningen > 0)
        if data.geld is not None:
            self.geld_row.set_figures(data.geld)
        for status, button in self.count_buttons.items():
            button.setText(str(data.counts.get(status, 0)))
        if self.waiting_card is not None and data.waiting is not None:
            self.waiting_card.set_rows(
                [
                    (
                        a.id,
                        [
                            a.nummer,
                            short_date(a.aanvraagdatum),
                            a.leerling,
                            a.school,
                            money(a.aangevraagd_cents),
                        ],
                    )
                    for a in data.waiting
                ]
            )
        due_cards: tuple[tuple[ListCard | None, Any, Callable[[Any], str], str], ...] = (
            (
                self.overdue_card,
                data.overdue,
                lambda o: str(o.days_overdue),
                "… en nog {n} andere; zie Voortgang.",
            ),
            (
                self.upcoming_card,
                data.upcoming,
                lambda o: "vandaag" if o.days_overdue == 0 else str(-o.days_overdue),
                "… en nog {n} andere; zie Voortgang, Binnenkort.",
            ),
            (
                self.accounts_card,
                data.overdue_accounts,
                lambda a: str(a.days_overdue),
                "… en nog {n} andere.",
            ),
        )
        for card, page, days, more in due_cards:  # (card, its page of rows, days text, more)
            if card is not None and page is not None:
                card.set_rows(self._due_rows(page.rows, days), more, total=page.total)
        if self.notes_card is not None and data.notes is not None:
            self.notes_card.set_rows(
                [
                    (
                        n.id,
                        [
                            n.schooljaar_label,
                            short_date(n.aangemaakt_op),
                            money(n.overschrijding_cents),
                            n.reden,
                        ],
                    )
                    for n in data.notes
                ]
            )
        if self.unsent_card is not None and data.unsent is not None:
            self.unsent_card.set_rows(
                [
                    (b.id, [b.kenmerk, short_date(b.briefdatum), b.school, b.bestuur])
                    for b in data.unsent
                ]
            )
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
        self.open_list.emit(
            "aanvragen", {"status": status.value, "schooljaar": self.schooljaar_id()}
        )

    def _due_rows(
        self, items: Sequence[Any], days: Callable[[Any], str]
    ) -> list[tuple[int, list[str]]]:
        """The shown rows of a card of things due (talks, accounts): aanvraag, pupil, school, the
        contactpersoon (unless it is her own list), the deadline and ``days(item)``."""
        own = self.ctx.actor.rol is Rol.CONTACTPERSOON
        rows = []
        for o in items[:MAX_ROWS]:
            cells = [o.nummer, o.leerlingnummer, o.school_naam, short_date(o.due), days(o)]
            if not own:
                cells.insert(3, o.contactpersoon_naam)
            rows.append((o.aanvraag_id, cells))
        return rows

    def _aanvraag_card(
        self, title: str, columns: list[str], *, name: str, empty_text: str
    ) -> ListCard:
        """A card of aanvragen: Aanvraag, Leerling, School, Contactpersoon (not on the
        contactpersoon's own lists) and ``columns``, the last (days) right-aligned; Enter or a
        double-click opens the aanvraag."""
        headers = ["Aanvraag", "Leerling", "School", *columns]
        if self.ctx.actor.rol is not Rol.CONTACTPERSOON:
            headers.insert(3, "Contactpersoon")
        card = ListCard(
            title,
            headers,
            name=name,
            empty_text=empty_text,
            right=(len(headers) - 1,),
            stretch=2,
        )
        card.activated.connect(lambda i: self._open("aanvraag", i))
        return card

    def _open(self, kind: str, record_id: Any) -> None:
        if record_id is None:
            return
        openers.open_record(kind, int(record_id), self, self.ctx, self._after_close)

    def _after_close(self, result: int) -> None:
        if result:
            self.reload()
