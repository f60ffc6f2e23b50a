"""Beheer > Schooljaren: each pilot year's budget, caps, group size and progress interval."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import money
from swv_desktop.formatting import money_plain
from swv_desktop.formatting import parse_money
from swv_desktop.formatting import schooljaar_label
from swv_desktop.services import schooljaren
from swv_desktop.services.instellingen import REGELING_DEFAULTS
from swv_desktop.services.instellingen import BudgetVerlaging
from swv_desktop.services.schooljaren import SchooljaarData
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.budget_reason import BudgetReasonDialog
from swv_desktop.ui.widgets.list_form import ListFormTab

MONEY_FIELDS = ("budget_cents", "individueel_max_cents", "groep_max_cents")


class VerlagingDialog(BudgetReasonDialog):
    """Lowering the budget below what is awarded: states the overshoot and asks the reason."""

    def __init__(self, parent: QWidget | None, error: BudgetVerlaging) -> None:
        super().__init__(
            parent,
            title="Budget lager dan toegekend",
            headline=f"Het budget komt {money(error.overshoot_cents)} onder wat is toegekend.",
            explanation=error.message + "\n\nDe reden wordt vastgelegd in een notitie "
            "'bestuur informeren' op het overzicht, tot het bestuur is geïnformeerd.",
            placeholder="Waarom wordt het budget toch verlaagd? (verplicht)",
            ok_text="Toch verlagen",
            name="verlaging",
        )


def ask_lowering_reason(parent: QWidget, error: BudgetVerlaging) -> str | None:
    """The reason to lower the budget below what is awarded, or ``None`` when the user goes back
    (tests replace this function)."""
    return VerlagingDialog(parent, error).ask()


class SchooljarenTab(ListFormTab[SchooljaarData]):
    """The schooljaren and a form to add or change one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            ["Schooljaar", "Budget", "Max. per leerling", "Max. groep", "Min. groep", "Voortgang"],
            name="schooljaren",
            new_title="Nieuw schooljaar",
            parent=parent,
        )
        self.label = self.add_field("Schooljaar:", "label", QLineEdit())
        self.label.setPlaceholderText("2023-2024")
        self.budget_cents = self.add_field("Budget (€):", "budget_cents", QLineEdit())
        self.individueel_max_cents = self.add_field(
            "Maximum per leerling (€):", "individueel_max_cents", QLineEdit()
        )
        self.groep_max_cents = self.add_field(
            "Maximum groepsaanpak (€):", "groep_max_cents", QLineEdit()
        )
        self.groep_min_leerlingen = self.add_field(
            "Minimum leerlingen per groep:", "groep_min_leerlingen", QSpinBox()
        )
        self.groep_min_leerlingen.setRange(1, 100)
        self.voortgang_interval_maanden = self.add_field(
            "Voortgangsgesprek minstens elke:", "voortgang_interval_maanden", QSpinBox()
        )
        self.voortgang_interval_maanden.setRange(1, 12)
        self.voortgang_interval_maanden.setSuffix(" maanden")
        self.finish("schooljaar")

    @property
    def jaren(self) -> list[SchooljaarData]:
        """The schooljaren listed."""
        return self.rows

    def load(self) -> list[SchooljaarData]:
        return schooljaren.list_schooljaren(self.ctx.db)

    def cells(self, row: SchooljaarData) -> list[str]:
        return [
            row.label,
            money(row.budget_cents),
            money(row.individueel_max_cents),
            money(row.groep_max_cents),
            f"{row.groep_min_leerlingen} leerlingen",
            f"elke {row.voortgang_interval_maanden} maanden",
        ]

    def _show(self, values: dict[str, int], label: str) -> None:
        self.label.setText(label)
        for name in MONEY_FIELDS:
            getattr(self, name).setText(money_plain(values[name]))
        self.groep_min_leerlingen.setValue(values["groep_min_leerlingen"])
        self.voortgang_interval_maanden.setValue(values["voortgang_interval_maanden"])

    def show_new(self) -> None:
        """The regulation's figures and the next label."""
        newest = max((j.start_datum.year for j in self.rows), default=self.ctx.today().year - 1)
        self._show(dict(REGELING_DEFAULTS), schooljaar_label(newest + 1))

    def show_row(self, row: SchooljaarData) -> str:
        self._show({name: getattr(row, name) for name in REGELING_DEFAULTS}, row.label)
        return f"Schooljaar {row.label} wijzigen"

    def store(self) -> str | None:
        """Save through the service; amounts typed in Dutch notation."""
        amounts: dict[str, int] = {}
        errors: list[FieldError] = []
        for name in MONEY_FIELDS:
            try:
                amounts[name] = parse_money(getattr(self, name).text())
            except ValueError as exc:
                errors.append(FieldError(name, str(exc)))
                amounts[name] = 0
        figures = {
            "label": self.label.text().strip(),
            "groep_min_leerlingen": self.groep_min_leerlingen.value(),
            "voortgang_interval_maanden": self.voortgang_interval_maanden.value(),
            "schooljaar_id": None if self.editing is None else self.editing.id,
            "versie": None if self.editing is None else self.editing.versie,
            **amounts,
        }
        if errors:
            raise ValidationError(errors)
        try:
            saved = schooljaren.save_schooljaar(self.ctx.db, self.ctx.actor, **figures)  # type: ignore[arg-type]
        except BudgetVerlaging as lowered:
            reden = ask_lowering_reason(self, lowered)
            if not reden:
                return None
            saved = schooljaren.save_schooljaar(
                self.ctx.db,
                self.ctx.actor,
                verlaging_reden=reden,
                **figures,  # type: ignore[arg-type]
            )
        return f"Schooljaar {saved.label} is opgeslagen."
