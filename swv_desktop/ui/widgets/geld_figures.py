"""One row of figures under the budget meter: the money of a schooljaar after the award
(awarded, paid, accounted, settled, repaid, still open)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from swv_desktop.formatting import money
from swv_desktop.services.verantwoording.geldoverzicht import GeldOverzicht

MONEY_FIGURES = (
    ("toegekend", "Toegekend"),
    ("betaald", "Betaald"),
    ("verantwoord", "Verantwoord"),
    ("vastgesteld", "Vastgesteld"),
    ("terugbetaald", "Terugbetaald"),
)
"""The money after the award, in this order wherever it is shown (a year, one aanvraag)."""
FIGURES = (*MONEY_FIGURES, ("open", "Nog open"))


def add_figures(
    grid: QGridLayout, figures: Sequence[tuple[str, str]], value_style: str
) -> dict[str, QLabel]:
    """Each figure's caption above its value, side by side in ``grid``; returns the value labels
    by key (named ``geld_<key>``)."""
    values: dict[str, QLabel] = {}
    for col, (key, caption) in enumerate(figures):
        head = QLabel(caption)
        head.setStyleSheet("color:#555555;")
        value = QLabel()
        value.setObjectName(f"geld_{key}")
        value.setStyleSheet(value_style)
        grid.addWidget(head, 0, col)
        grid.addWidget(value, 1, col)
        values[key] = value
    return values


class GeldFigures(QWidget):
    """The six figures side by side, with a tooltip on "Nog open" saying what it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(0)
        self.values = add_figures(grid, FIGURES, "font-weight:600;")
        grid.setColumnStretch(len(FIGURES), 1)

    def set_figures(self, g: GeldOverzicht) -> None:
        """Show one schooljaar's money (cents)."""
        self.values["toegekend"].setText(money(g.toegekend_cents))
        self.values["betaald"].setText(money(g.betaald_cents))
        self.values["verantwoord"].setText(f"{money(g.verantwoord_cents)} ({g.verantwoordingen})")
        self.values["vastgesteld"].setText(f"{money(g.vastgesteld_cents)} ({g.vaststellingen})")
        self.values["terugbetaald"].setText(money(g.terugbetaald_cents))
        self.values["open"].setText(money(g.open_cents))
        self.values["open"].setToolTip(
            f"Nog vast te stellen: {money(g.nog_vast_te_stellen_cents)}; nog terug te ontvangen: "
            f"{money(g.terug_te_ontvangen_cents)}"
        )
