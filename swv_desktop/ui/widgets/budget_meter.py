"""The budget meter: awarded, pending and remaining against a schooljaar's budget (settled
amounts where the awards have been settled, with what the settlements released).

A bar (awarded solid, pending hatched, a mark at 100%) with the amounts in Dutch format beside it.
Colour: calm blue below 90% awarded, amber from 90%, red past 100% (as ``BudgetOverview.level``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPaintEvent
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from swv_desktop.formatting import money
from swv_desktop.formatting import percent
from swv_desktop.services.budget import BudgetLevel
from swv_desktop.services.budget import budget_level

COLOURS = {
    BudgetLevel.OK: QColor("#2f6f9f"),
    BudgetLevel.AMBER: QColor("#d08a12"),
    BudgetLevel.RED: QColor("#b3261e"),
}
LEVEL_TEXT = {
    BudgetLevel.OK: "Binnen budget",
    BudgetLevel.AMBER: "Let op: 90% of meer toegekend",
    BudgetLevel.RED: "Budget overschreden",
}
TRACK = QColor("#e4e8ee")
PENDING = QColor("#9fb6cc")


class MeterBar(QWidget):
    """The painted bar; emits ``painted`` after each paint that showed real figures."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.budget = 0
        self.awarded = 0
        self.pending = 0
        self.has_data = False
        self.setMinimumSize(260, 34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(480, 34)

    def set_values(self, budget: int, awarded: int, pending: int) -> None:
        self.budget, self.awarded, self.pending = budget, awarded, pending
        self.has_data = True
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 6, -1, -6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(rect, 4, 4)
        scale = max(self.budget, self.awarded + self.pending, 1)
        colour = COLOURS[budget_level(self.budget, self.awarded)]
        awarded_w = rect.width() * self.awarded / scale
        pending_w = rect.width() * self.pending / scale
        if awarded_w > 0:
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), awarded_w, rect.height()), 4, 4)
        if pending_w > 0:
            pending_rect = QRectF(rect.left() + awarded_w, rect.top(), pending_w, rect.height())
            painter.setBrush(QBrush(PENDING, Qt.BrushStyle.SolidPattern))
            painter.drawRect(pending_rect)
            painter.setBrush(QBrush(QColor("#ffffff"), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(pending_rect)
        if self.budget and scale > self.budget:
            x = rect.left() + rect.width() * self.budget / scale
            painter.setPen(QPen(QColor("#202124"), 2))
            painter.drawLine(int(x), int(rect.top()) - 4, int(x), int(rect.bottom()) + 4)
        painter.end()
        if self.has_data:
            self.painted.emit()


def _legend_swatch(colour: QColor, hatched: bool = False) -> QLabel:
    swatch = QLabel()
    swatch.setFixedSize(12, 12)
    style = f"background:{colour.name()}; border-radius:2px;"
    if hatched:
        style += "border:1px solid #6d8aa6;"
    swatch.setStyleSheet(style)
    return swatch


class BudgetMeter(QWidget):
    """Bar plus the figures: toegekend, in behandeling, resterend, budget, and the level."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = MeterBar()
        self.level = BudgetLevel.OK
        self.title = QLabel()
        self.title.setObjectName("meter_titel")
        self.status = QLabel()
        self.status.setObjectName("meter_status")
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        rows = (
            ("toegekend", "Toegekend", COLOURS["ok"], False),
            ("in_behandeling", "In behandeling", PENDING, True),
            ("vrijgevallen", "Niet besteed (vastgesteld)", None, False),
            ("resterend", "Resterend", TRACK, False),
            ("budget", "Budget", None, False),
        )
        for i, (key, label, colour, hatched) in enumerate(rows):
            if colour is not None:
                swatch = _legend_swatch(colour, hatched)
                if key == "toegekend":
                    self._awarded_swatch = swatch
                grid.addWidget(swatch, i, 0)
            caption = QLabel(label)
            caption.setObjectName(f"meter_{key}_label")
            grid.addWidget(caption, i, 1)
            value = QLabel()
            value.setObjectName(f"meter_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(120)
            self.values[key] = value
            grid.addWidget(value, i, 2)
        left = QWidget()
        left_layout = QGridLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.title, 0, 0)
        left_layout.addWidget(self.bar, 1, 0)
        left_layout.addWidget(self.status, 2, 0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left, 1)
        layout.addSpacing(24)
        layout.addLayout(grid)

    def set_values(
        self, label: str, budget: int, awarded: int, pending: int, released: int = 0
    ) -> None:
        """Show one schooljaar's figures (cents). ``released`` is the unspent part of the
        settled awards: the bar and the remainder then use the settled amounts where they
        exist (``awarded - released``)."""
        used = awarded - released
        self.level = budget_level(budget, used)
        remaining = budget - used
        what = "benut (vastgesteld waar dat kan)" if released else "toegekend"
        self.title.setText(f"Schooljaar {label}: {percent(used, budget)} van het budget {what}")
        self.values["toegekend"].setText(money(awarded))
        self.values["vrijgevallen"].setText(money(released))
        for widget in (
            self.values["vrijgevallen"],
            self.findChild(QLabel, "meter_vrijgevallen_label"),
        ):
            if widget is not None:
                widget.setVisible(released > 0)
        self.values["in_behandeling"].setText(money(pending))
        self.values["resterend"].setText(money(remaining))
        self.values["budget"].setText(money(budget))
        text = LEVEL_TEXT[self.level]
        if self.level is BudgetLevel.RED:
            text += f" met {money(used - budget)}"
        elif used + pending > budget:
            text += f"; met de aanvragen in behandeling zou het budget met {money(used + pending - budget)} worden overschreden"
        self.status.setText(text)
        self.status.setProperty("level", self.level)
        self.status.setStyleSheet(f"color:{COLOURS[self.level].name()}; font-weight:600;")
        self.status.setWordWrap(True)
        self._awarded_swatch.setStyleSheet(
            f"background:{COLOURS[self.level].name()}; border-radius:2px;"
        )
        self.bar.set_values(budget, used, pending)
