"""The shared pieces of the demo generator: plain records of what is being generated (schools,
pupils, years, applications), the generation context and two small date helpers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from swv_desktop.demo.writer import RowWriter
from swv_desktop.models import Doel
from swv_desktop.models import Soort
from swv_desktop.models import Status

STEP = 25_000  # amounts are whole multiples of EUR 250
PENDING_OVER_BUDGET = 750_000  # the open aanvraag that would take the last year past its budget
MARGIN_LAST_YEAR = 400_000  # budget minus awarded in the last year
AWARDED = (Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)
ORDER = (Status.CONCEPT, Status.INGEDIEND, Status.BESPROKEN, Status.TER_BESLUITVORMING)


# The last leerjaar of each niveau (the examenklas; praktijkonderwijs has no exam).
MAX_LEERJAAR = {"vmbo-bb": 4, "vmbo-kb": 4, "vmbo-gt": 4, "havo": 5, "vwo": 6, "pro": 5}


@dataclass
class SchoolRef:
    """A school as the generator needs it."""

    id: int
    contactpersoon_id: int
    niveaus: tuple[str, ...] = ()  # the niveaus the school offers


@dataclass
class LeerlingRij:
    """A generated pupil and the uses of the budget its OPP must name."""

    id: int
    school: int  # index into Ctx.schools
    years: tuple[int, ...]
    geboortedatum: date
    niveau: str = ""
    leerjaar: int = 0  # in the last of its years
    uses: list[tuple[date, str, bool]] = field(default_factory=list)  # (date, inzet, filled)

    def leerjaar_in(self, year_index: int) -> int:
        """The pupil's leerjaar in demo year ``year_index`` (one lower a year earlier)."""
        return max(1, self.leerjaar - (self.years[-1] - year_index))


@dataclass
class Jaar:
    """A demo schooljaar with its figures (cents); the budget may be derived in large mode."""

    index: int
    id: int
    label: str
    start: date
    end: date
    budget_cents: int
    cap_cents: int
    group_cap_cents: int
    group_min: int
    interval: int


@dataclass
class YearFigures:
    """What one demo year ended up with (amounts in cents)."""

    label: str
    budget_cents: int
    awarded_cents: int
    pending_cents: int
    aanvragen: int
    groepen: int
    toekenningen: int
    afwijzingen: int
    achterstallig: int
    budget_afgeleid: bool


@dataclass
class Ctx:
    """Everything the generation of one year needs."""

    rng: random.Random
    w: RowWriter
    today: date
    jaren: list[Jaar]
    schools: list[SchoolRef]
    leerlingen: list[LeerlingRij]
    pd_id: int
    prefix: str
    send_years: set[int]


@dataclass
class App:
    """One planned application and the dates of its steps."""

    soort: Soort
    status: Status
    school: SchoolRef
    leerling: LeerlingRij | None = None
    members: list[LeerlingRij] = field(default_factory=list)
    amount: int = 0
    awarded: int = 0
    doel: Doel = Doel.SOCIAAL_EMOTIONEEL
    titel: str = ""
    reached: Status = Status.CONCEPT  # furthest open state (for withdrawn ones)
    days: dict[str, date] = field(default_factory=dict)
    id: int = 0


def at(day: date, rng: random.Random) -> datetime:
    """A moment during office hours on ``day`` (UTC)."""
    return datetime(
        day.year, day.month, day.day, rng.randint(7, 15), rng.randint(0, 59), tzinfo=UTC
    )


def workday(day: date) -> date:
    """``day`` moved off the weekend (Saturday to Friday, Sunday to Monday)."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day
