"""The plan van aanpak of a group application: named pupils, support, goals, evaluation, period and
the estimated costs with a running total.

``GroepsplanEditor.value()`` returns a ``GroepsplanInput`` for the services; amounts that cannot be
read are reported as a ``ValidationError`` on ``kostenregels`` before anything is sent.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.services.aanvragen.regels import GroepsplanInput
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.dialogs.form_widgets import text_area
from swv_desktop.ui.dialogs.groepsplan_parts import MAX_LEERLINGEN_LISTED
from swv_desktop.ui.dialogs.groepsplan_parts import CostTable
from swv_desktop.ui.dialogs.groepsplan_parts import LeerlingPicker
from swv_desktop.ui.widgets.field_errors import error_label

__all__ = ["MAX_LEERLINGEN_LISTED", "CostTable", "GroepsplanEditor", "LeerlingPicker"]


def text_edit(placeholder: str, lines: int = 4) -> QPlainTextEdit:
    """A multi-line field with a grey example text; Tab moves on (keyboard-only use)."""
    edit = text_area(lines)
    edit.setPlaceholderText(placeholder)
    return edit


GROUP_FIELDS = (
    "leerling_ids",
    "ondersteuning",
    "doelen",
    "evaluatiewijze",
    "periode",
    "kostenregels",
)
"""The fields of a group plan that a validation error can name (each has its error label)."""


class GroepsplanEditor(QWidget):
    """Pupils, support, goals, evaluation method, period and the cost lines of one plan."""

    changed = Signal()

    def __init__(self, ctx: UiContext, minimum: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.leerlingen = LeerlingPicker(ctx, minimum)
        self.ondersteuning = text_edit(
            "Welke extra ondersteuning, zo concreet mogelijk: wie, wat, hoe vaak"
        )
        self.ondersteuning.setObjectName("ondersteuning")
        self.doelen = text_edit("Wat de leerlingen aan het eind van de periode kunnen")
        self.doelen.setObjectName("doelen")
        self.evaluatiewijze = text_edit("Hoe en wanneer de doelen worden geëvalueerd")
        self.evaluatiewijze.setObjectName("evaluatiewijze")
        self.periode_start = DateEdit(today=ctx.today)
        self.periode_start.setObjectName("periode_start")
        self.periode_eind = DateEdit(today=ctx.today)
        self.periode_eind.setObjectName("periode_eind")
        self.costs = CostTable()
        self.errors = {name: error_label() for name in GROUP_FIELDS}

        leerlingen_box = QGroupBox("Deelnemende leerlingen (met naam)")
        leerlingen_layout = QVBoxLayout(leerlingen_box)
        leerlingen_layout.addWidget(self.leerlingen, 1)
        leerlingen_layout.addWidget(self.errors["leerling_ids"])

        plan_box = QGroupBox("Aanpak")
        plan_layout = QVBoxLayout(plan_box)
        for caption, edit, name in (
            ("Extra ondersteuning (zo concreet mogelijk):", self.ondersteuning, "ondersteuning"),
            ("Doelen:", self.doelen, "doelen"),
            (
                "Evaluatiewijze (hoe en wanneer de doelen worden geëvalueerd):",
                self.evaluatiewijze,
                "evaluatiewijze",
            ),
        ):
            label = QLabel(caption)
            label.setBuddy(edit)
            plan_layout.addWidget(label)
            plan_layout.addWidget(edit, 1)
            plan_layout.addWidget(self.errors[name])
        period = QHBoxLayout()
        period_label = QLabel("Periode:")
        period_label.setBuddy(self.periode_start)
        period.addWidget(period_label)
        period.addWidget(self.periode_start)
        period.addWidget(QLabel("tot en met"))
        period.addWidget(self.periode_eind)
        period.addStretch(1)
        plan_layout.addLayout(period)
        plan_layout.addWidget(self.errors["periode"])

        costs_box = QGroupBox("Geschatte kosten")
        costs_layout = QVBoxLayout(costs_box)
        costs_layout.addWidget(self.costs, 1)
        costs_layout.addWidget(self.errors["kostenregels"])

        left = QVBoxLayout()
        left.addWidget(leerlingen_box, 1)
        left.addWidget(costs_box, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(plan_box, 2)

        self.leerlingen.changed.connect(self.changed)
        self.costs.changed.connect(self.changed)
        for edit in (self.ondersteuning, self.doelen, self.evaluatiewijze):
            edit.textChanged.connect(self.changed)
        self.periode_start.changed.connect(self.changed)
        self.periode_eind.changed.connect(self.changed)

    def field_widgets(self) -> dict[str, QWidget]:
        """The service's field names mapped to the widgets that edit them."""
        return {
            "leerling_ids": self.leerlingen.view,
            "ondersteuning": self.ondersteuning,
            "doelen": self.doelen,
            "evaluatiewijze": self.evaluatiewijze,
            "periode": self.periode_start,
            "kostenregels": self.costs.table,
            "groepsplan": self.leerlingen.view,
        }

    def set_school(self, school_id: int | None) -> None:
        """Show the pupils of another school (checked pupils of the old school drop)."""
        self.leerlingen.load_school(school_id)

    def set_value(self, school_id: int | None, plan: GroepsplanInput | None) -> None:
        """Fill the editor from a stored plan."""
        self.leerlingen.load_school(school_id, keep=list(plan.leerling_ids) if plan else [])
        self.ondersteuning.setPlainText(plan.ondersteuning if plan else "")
        self.doelen.setPlainText(plan.doelen if plan else "")
        self.evaluatiewijze.setPlainText(plan.evaluatiewijze if plan else "")
        self.periode_start.set_value(plan.periode_start if plan else None)
        self.periode_eind.set_value(plan.periode_eind if plan else None)
        self.costs.set_lines(plan.kostenregels if plan else [])
        if self.costs.table.rowCount() == 0:
            self.costs.add_line()

    def value(self) -> GroepsplanInput:
        """The plan as typed; unreadable amounts or dates raise a ``ValidationError``."""
        lines, errors = self.costs.lines()
        start = end = None
        try:
            start = self.periode_start.value()
            end = self.periode_eind.value()
        except ValueError as exc:
            errors.append(FieldError("periode", f"Periode: {exc}"))
        if errors:
            raise ValidationError(errors)
        return GroepsplanInput(
            leerling_ids=self.leerlingen.selected_ids(),
            ondersteuning=self.ondersteuning.toPlainText(),
            doelen=self.doelen.toPlainText(),
            evaluatiewijze=self.evaluatiewijze.toPlainText(),
            periode_start=start,
            periode_eind=end,
            kostenregels=lines,
        )

    def default_period(self, start: date, end: date) -> None:
        """Prefill an empty period (the schooljaar's bounds)."""
        if not self.periode_start.state():
            self.periode_start.set_value(start)
        if not self.periode_eind.state():
            self.periode_eind.set_value(end)

    def set_read_only(self, read_only: bool) -> None:
        """Lock the whole plan (a decided or withdrawn aanvraag)."""
        self.leerlingen.set_read_only(read_only)
        for edit in (self.ondersteuning, self.doelen, self.evaluatiewijze):
            edit.setReadOnly(read_only)
        self.periode_start.set_read_only(read_only)
        self.periode_eind.set_read_only(read_only)
        self.costs.set_read_only(read_only)
