"""The rules of the money after an award, without a database: the settlement arithmetic, the
repayment term and the state an account is in."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import TypedDict

from swv_desktop.services.beschikkingen.onderdelen import accounting_deadline
from swv_desktop.services.termijnen import next_working_day

if TYPE_CHECKING:
    from swv_desktop.models import Vaststelling

TERUGBETALING_TERMIJN_DAGEN = 42
"""The board repays within six weeks after the date of the settlement letter."""

__all__ = [
    "TERUGBETALING_TERMIJN_DAGEN",
    "Afrekening",
    "Bedragen",
    "Stand",
    "accounting_deadline",
    "afrekening",
    "bedragen",
    "repayment_deadline",
    "stand",
]


@dataclass(frozen=True)
class Afrekening:
    """The settlement of one award, in cents: settled at what was accounted for (never above the
    award); ``terug`` is what the board pays back (negative: what the SWV still pays)."""

    toegekend_cents: int
    besteed_cents: int
    betaald_cents: int

    @property
    def vastgesteld_cents(self) -> int:
        return self.besteed_cents

    @property
    def niet_besteed_cents(self) -> int:
        return self.toegekend_cents - self.vastgesteld_cents

    @property
    def terug_cents(self) -> int:
        return self.betaald_cents - self.vastgesteld_cents


def afrekening(toegekend_cents: int, besteed_cents: int, betaald_cents: int) -> Afrekening:
    """The settlement; refuses (``ValueError``, a bug: the services check first) spending above
    the award or a negative amount."""
    if min(toegekend_cents, besteed_cents, betaald_cents) < 0:
        raise ValueError("Bedragen zijn nooit negatief.")
    if besteed_cents > toegekend_cents:
        raise ValueError("Meer besteed dan toegekend.")
    return Afrekening(toegekend_cents, besteed_cents, betaald_cents)


class Bedragen(TypedDict):
    """The amounts a settlement records (the ``Vaststelling`` row) and its letter shows, in
    cents."""

    toegekend_cents: int
    besteed_cents: int
    vastgesteld_cents: int
    betaald_cents: int
    terug_cents: int


def bedragen(bron: Afrekening | Vaststelling) -> Bedragen:
    """The ``Bedragen`` of a settlement as computed or as recorded, to pass on as keyword
    arguments (the row from the computation, the letter from the row)."""
    return Bedragen(
        toegekend_cents=bron.toegekend_cents,
        besteed_cents=bron.besteed_cents,
        vastgesteld_cents=bron.vastgesteld_cents,
        betaald_cents=bron.betaald_cents,
        terug_cents=bron.terug_cents,
    )


def repayment_deadline(briefdatum: date) -> date:
    """Six weeks after the settlement letter, on a working day."""
    return next_working_day(briefdatum + timedelta(days=TERUGBETALING_TERMIJN_DAGEN))


class Stand(enum.StrEnum):
    """Where the account of one award stands."""

    WACHT = "wacht"
    TE_LAAT = "te_laat"
    ONTVANGEN = "ontvangen"
    GECONTROLEERD = "gecontroleerd"
    VASTGESTELD = "vastgesteld"
    AFGESLOTEN = "afgesloten"

    @property
    def label(self) -> str:
        return {
            Stand.WACHT: "Verantwoording nog niet ontvangen",
            Stand.TE_LAAT: "Verantwoording te laat",
            Stand.ONTVANGEN: "Verantwoording ontvangen, nog te controleren",
            Stand.GECONTROLEERD: "Gecontroleerd, klaar om vast te stellen",
            Stand.VASTGESTELD: "Vastgesteld, nog niet afgewikkeld",
            Stand.AFGESLOTEN: "Afgesloten",
        }[self]


def stand(
    *,
    due: date,
    today: date,
    ontvangen: bool,
    gecontroleerd: bool,
    vastgesteld: bool,
    saldo_cents: int,
) -> Stand:
    """The state of an account; ``saldo_cents`` is paid minus repaid minus settled (zero: the
    money is square and a settled account is closed)."""
    if vastgesteld:
        return Stand.AFGESLOTEN if saldo_cents == 0 else Stand.VASTGESTELD
    if gecontroleerd:
        return Stand.GECONTROLEERD
    if ontvangen:
        return Stand.ONTVANGEN
    return Stand.TE_LAAT if due < today else Stand.WACHT
