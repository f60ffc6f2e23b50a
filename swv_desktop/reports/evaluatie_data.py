"""The plain figures of an evaluation report (tussen- or eindevaluatie); amounts in cents.

Filled by ``services/evaluatie.py`` from SQL aggregates; rendered by ``reports/evaluatie.py``
(PDF) and ``reports/excel.py`` (xlsx) so both show exactly the same numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class EvaluatieSoort(enum.StrEnum):
    """The interim evaluation (one schooljaar) or the final one (every pilot year so far)."""

    TUSSEN = "interim"
    EIND = "final"

    @property
    def label(self) -> str:
        return "Tussenevaluatie" if self is EvaluatieSoort.TUSSEN else "Eindevaluatie"


@dataclass(frozen=True)
class GebruikRij:
    """Use of the budget by one school or one school board."""

    naam: str
    bestuur: str
    aanvragen: int
    toegekend: int
    afgewezen: int
    leerlingen: int
    aangevraagd_cents: int
    toegekend_cents: int


@dataclass(frozen=True)
class SoortRij:
    """Requested and awarded amounts for individual or group applications."""

    soort: str
    aanvragen: int
    toegekend: int
    aangevraagd_cents: int
    toegekend_cents: int

    @property
    def gemiddeld_cents(self) -> int:
        """Average awarded per award (0 without awards)."""
        return self.toegekend_cents // self.toegekend if self.toegekend else 0


@dataclass(frozen=True)
class Telling:
    """A labelled count, optionally with an amount."""

    label: str
    aantal: int
    bedrag_cents: int = 0


@dataclass(frozen=True)
class JaarBudget:
    """The budget of one pilot year against what was awarded."""

    jaar: str
    budget_cents: int
    toegekend_cents: int
    aanvragen: int
    toekenningen: int
    leerlingen: int

    @property
    def overschrijding_cents(self) -> int:
        return max(0, self.toegekend_cents - self.budget_cents)

    @property
    def resterend_cents(self) -> int:
        return self.budget_cents - self.toegekend_cents


@dataclass(frozen=True)
class BudgetNoteRow:
    """A 'bestuur informeren' note: an overshoot of the budget and when the board was informed."""

    id: int
    schooljaar_label: str
    overschrijding_cents: int
    reden: str
    aangemaakt_op: date
    bestuur_geinformeerd_op: date | None
    wat_gemeld: str

    @property
    def is_open(self) -> bool:
        return self.bestuur_geinformeerd_op is None


@dataclass(frozen=True)
class EvaluatieCijfers:
    """Every figure of one evaluation report."""

    soort: EvaluatieSoort
    jaar: str
    jaren: tuple[str, ...]
    organisatie: str
    programmadirecteur: str
    functie: str
    opgesteld_op: date
    per_school: tuple[GebruikRij, ...] = ()
    per_bestuur: tuple[GebruikRij, ...] = ()
    per_soort: tuple[SoortRij, ...] = ()
    besluiten: tuple[Telling, ...] = ()
    doelen: tuple[Telling, ...] = ()
    vso: tuple[Telling, ...] = ()
    vso_scholen: tuple[Telling, ...] = ()
    resultaten: tuple[Telling, ...] = ()
    voortgang_eind: tuple[Telling, ...] = ()
    voortgang_gesprekken: tuple[Telling, ...] = ()
    budget: tuple[JaarBudget, ...] = ()
    notities: tuple[BudgetNoteRow, ...] = ()
    conclusies: str = ""
    aangemaakt_op: datetime | None = field(default=None)

    @property
    def titel(self) -> str:
        """``Tussenevaluatie Pilot Maatwerkbudget 2021-2022``."""
        period = self.jaren[0] if len(self.jaren) == 1 else f"{self.jaren[0]} t/m {self.jaren[-1]}"
        return f"{self.soort.label} Pilot Maatwerkbudget {period}"

    @property
    def aanvragen(self) -> int:
        return sum(r.aanvragen for r in self.per_soort)

    @property
    def toekenningen(self) -> int:
        return sum(r.toegekend for r in self.per_soort)

    @property
    def aangevraagd_cents(self) -> int:
        return sum(r.aangevraagd_cents for r in self.per_soort)

    @property
    def toegekend_cents(self) -> int:
        return sum(r.toegekend_cents for r in self.per_soort)

    @property
    def budget_cents(self) -> int:
        return sum(b.budget_cents for b in self.budget)

    @property
    def leerlingen(self) -> int:
        """Pupils reached (counted once per pilot year)."""
        return sum(b.leerlingen for b in self.budget)

    @property
    def behouden(self) -> int:
        """Pupils recorded as staying in regular VO."""
        return next((t.aantal for t in self.resultaten if t.label.startswith("Behouden")), 0)
