"""The plain figures of an evaluation report (tussen- or eindevaluatie); amounts in cents.

Filled by ``services/evaluatie/cijfers.py`` from SQL aggregates; rendered by ``reports/evaluatie.py``
(PDF) and ``reports/excel.py`` (xlsx) so both show exactly the same numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime


class EvaluatieSoort(enum.StrEnum):
    """The interim evaluation (one schooljaar) or the final one (every pilot year so far)."""

    TUSSEN = "interim"
    EIND = "final"

    @property
    def label(self) -> str:
        return "Tussenevaluatie" if self is EvaluatieSoort.TUSSEN else "Eindevaluatie"


VRAGEN: dict[str, str] = {
    "gebruik": "Welke scholen en schoolbesturen maken gebruik van het maatwerkbudget?",
    "bedragen": "Welke bedragen worden aangevraagd?",
    "doelen": "Waar zetten de scholen het maatwerkbudget voor in?",
    "vso": (
        "In hoeverre wordt met het maatwerkbudget de samenwerking met het VSO opgezocht, c.q. "
        "de expertise van het VSO ingezet?"
    ),
    "leerlingen": (
        "In hoeverre draagt het maatwerkbudget positief bij aan de onderwijsvoortgang (binnen "
        "het regulier VO) van de leerling(en)?"
    ),
    "doelstelling": "In hoeverre draagt het maatwerkbudget bij aan de geformuleerde doelstelling?",
}
"""The monitoring questions of the regulation, in report order: the headings of the
programmadirecteur's conclusions. Key -> question."""

CONCLUSIE = "conclusie"
"""The key of the overall conclusion (does the budget become structural?)."""


def rounded_div(total: int, count: int) -> int:
    """``total / count`` rounded half up to whole cents (0 when ``count`` is 0):
    ``rounded_div(10_750_000, 6)`` -> ``1_791_667``, never truncated."""
    if count <= 0:
        return 0
    return (2 * total + count) // (2 * count)


@dataclass(frozen=True)
class UitkomstRij:
    """Reached pupil-years of one group (instroomroute, niveau, leerjaar) by recorded outcome."""

    label: str
    leerlingen: int
    behouden: int
    verwezen: int
    anders: int

    @property
    def vastgelegd(self) -> int:
        return self.behouden + self.verwezen + self.anders

    @property
    def onbekend(self) -> int:
        """Pupil-years without a recorded outcome."""
        return self.leerlingen - self.vastgelegd


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
        """Average awarded per award, rounded to whole cents (0 without awards)."""
        return rounded_div(self.toegekend_cents, self.toegekend)


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
    behouden: int = 0
    vastgelegd: int = 0

    @property
    def overschrijding_cents(self) -> int:
        return max(0, self.toegekend_cents - self.budget_cents)

    @property
    def resterend_cents(self) -> int:
        return self.budget_cents - self.toegekend_cents


@dataclass(frozen=True)
class Afrekening:
    """The money of one year's awards after the award, in cents: awarded, paid, accounted,
    settled and repaid, and what follows from it; one year in the evaluation (``GeldJaar``) and
    on the screens (``services.verantwoording.geldoverzicht.GeldOverzicht``).
    ``toegekend_vastgesteld_cents`` is what the settled awards had been awarded, so
    ``niet_besteed`` compares like with like."""

    toegekend_cents: int
    betaald_cents: int
    verantwoord_cents: int
    vastgesteld_cents: int
    toegekend_vastgesteld_cents: int
    terugbetaald_cents: int
    terug_te_ontvangen_cents: int
    toekenningen: int
    vaststellingen: int

    @property
    def niet_besteed_cents(self) -> int:
        """The unspent part of the settled awards."""
        return self.toegekend_vastgesteld_cents - self.vastgesteld_cents

    @property
    def benut_cents(self) -> int:
        """The settled amount where there is one, the award otherwise."""
        return self.toegekend_cents - self.niet_besteed_cents

    @property
    def nog_vast_te_stellen_cents(self) -> int:
        """Awarded, not yet settled."""
        return self.toegekend_cents - self.toegekend_vastgesteld_cents


@dataclass(frozen=True)
class GeldJaar(Afrekening):
    """The money of one pilot year after the award (cents): paid, accounted, settled, repaid."""

    jaar: str


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
class InzetTelling:
    """A labelled count of deployments of VSO expertise, with their time."""

    label: str
    inzetten: int
    minuten: int


@dataclass(frozen=True)
class VsoInzetCijfers:
    """The VSO expertise register's figures: deployments, time, schools reached, and the
    breakdowns per school, per VSO partner, per kind of question and per the team's judgement."""

    inzetten: int = 0
    minuten: int = 0
    scholen: int = 0
    per_school: tuple[InzetTelling, ...] = ()
    per_partner: tuple[InzetTelling, ...] = ()
    per_soort: tuple[InzetTelling, ...] = ()
    per_beoordeling: tuple[InzetTelling, ...] = ()


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
    vso_inzet: VsoInzetCijfers = field(default_factory=VsoInzetCijfers)
    """The register of VSO expertise used in regular VO (the board's second measure)."""
    resultaten: tuple[Telling, ...] = ()
    voortgang_eind: tuple[Telling, ...] = ()
    voortgang_gesprekken: tuple[Telling, ...] = ()
    budget: tuple[JaarBudget, ...] = ()
    notities: tuple[BudgetNoteRow, ...] = ()
    conclusies: str = ""
    antwoorden: tuple[tuple[str, str], ...] = ()
    """(question key, the programmadirecteur's answer) in ``VRAGEN`` order."""
    leerlingen_uniek: int = 0
    """Distinct pupils reached over all years of the report (a pupil in two years counts once)."""
    per_route: tuple[UitkomstRij, ...] = ()
    per_niveau: tuple[UitkomstRij, ...] = ()
    per_leerjaar: tuple[UitkomstRij, ...] = ()
    scholen_totaal: int = 0
    besturen_totaal: int = 0
    scholen_zonder_aanvraag: tuple[str, ...] = ()
    besturen_zonder_aanvraag: tuple[str, ...] = ()
    openstaand_aantal: int = 0
    openstaand_cents: int = 0
    toekenningsratio: float = 0.0
    """Awarded cents per requested cent over the decided aanvragen (for the forecast)."""
    peildatum: date | None = None
    """The data cut-off: what was recorded up to and including this day."""
    geld: tuple[GeldJaar, ...] = ()
    """Per pilot year: paid, accounted, settled and repaid (the accounting of the schools)."""
    concept: bool = False
    """A draft (the final report before every answer is written): marked as such."""
    aangemaakt_op: datetime | None = field(default=None)

    def antwoord(self, key: str) -> str:
        """The programmadirecteur's answer to question ``key`` ('' when not written)."""
        return next((text for k, text in self.antwoorden if k == key), "")

    @property
    def ontbrekende_antwoorden(self) -> tuple[str, ...]:
        """The questions (texts) without an answer, and the conclusion when it is missing."""
        missing = [VRAGEN[k] for k in VRAGEN if not self.antwoord(k).strip()]
        if not self.conclusies.strip():
            missing.append("Conclusie: wordt het maatwerkbudget structureel?")
        return tuple(missing)

    @property
    def prognose_cents(self) -> int:
        """Awarded so far plus the pending requests at the award ratio seen so far."""
        return self.toegekend_cents + round(self.openstaand_cents * self.toekenningsratio)

    @property
    def vastgesteld(self) -> bool:
        """True when at least one award has been settled."""
        return any(g.vaststellingen for g in self.geld)

    @property
    def benut_cents(self) -> int:
        """Spent money: the settled amounts where they exist, the awards otherwise."""
        if not self.geld:
            return self.toegekend_cents
        return sum(g.benut_cents for g in self.geld)

    @property
    def niet_besteed_cents(self) -> int:
        """The unspent part of the settled awards."""
        return sum(g.niet_besteed_cents for g in self.geld)

    @property
    def kosten_per_behouden_cents(self) -> int:
        """Money per pupil-year recorded as staying in regular VO (settled amounts where they
        exist, the awards otherwise; rounded)."""
        return rounded_div(self.benut_cents, self.behouden)

    @property
    def gemiddeld_cents(self) -> int:
        """Average awarded per award, rounded."""
        return rounded_div(self.toegekend_cents, self.toekenningen)

    @property
    def titel(self) -> str:
        """``Tussenevaluatie Pilot Maatwerkbudget 2021-2022``."""
        period = self.jaren[0] if len(self.jaren) == 1 else f"{self.jaren[0]} t/m {self.jaren[-1]}"
        draft = " (concept)" if self.concept else ""
        return f"{self.soort.label} Pilot Maatwerkbudget {period}{draft}"

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
