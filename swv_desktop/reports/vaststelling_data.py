"""The plain data a settlement letter (vaststellingsbrief) is rendered from; no database, no Qt.
Amounts in cents; texts plain (the renderer escapes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from swv_desktop.formatting import long_date
from swv_desktop.reports.beschikking_data import BriefData


@dataclass(frozen=True)
class VaststellingData(BriefData):
    """Everything one settlement letter shows. ``terug_cents`` > 0: the board repays (by
    ``terug_uiterlijk``, or set off when ``verrekenen``); < 0: the SWV still pays."""

    beschikking_kenmerk: str
    beschikking_datum: date
    bestuur: str
    school: str
    periode_start: date
    periode_eind: date
    ontvangen_op: date
    toegekend_cents: int
    besteed_cents: int
    vastgesteld_cents: int
    betaald_cents: int
    terug_cents: int
    verrekenen: bool
    terug_uiterlijk: date | None
    bestedingen: tuple[tuple[str, int], ...]
    leerling: str = ""
    """Individual: the pupil by initials and number; a group: empty."""
    rekening_bestuur: str = ""
    rekening_swv: str = ""
    """The SWV's own IBAN (formatted), where a repayment goes; empty: not set."""
    rekening_swv_naam: str = ""
    """The account holder of ``rekening_swv`` (the tenaamstelling, else the SWV's name)."""
    toelichting: str = ""

    @property
    def kop(self) -> str:
        return "Vaststelling"

    @property
    def onderwerp(self) -> str:
        return f"Vaststelling maatwerkbudget schooljaar {self.schooljaar}"

    @property
    def niet_besteed_cents(self) -> int:
        return self.toegekend_cents - self.vastgesteld_cents

    @property
    def referenties(self) -> tuple[tuple[str, str], ...]:
        return self.referentie_rijen(
            ("Beschikking", f"{self.beschikking_kenmerk} van {long_date(self.beschikking_datum)}"),
            ("Uw aanvraag", self.aanvraagnummer),
        )
