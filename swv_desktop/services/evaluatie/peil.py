"""The peildatum (reference date) of an evaluation report: the day up to which recorded facts
count. Chosen by the programmadirecteur within the report's schooljaar and not after today
(default: today, or the schooljaar's end once it is over); without one the report shows
everything recorded so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import NL_TIME
from swv_desktop.formatting import long_date
from swv_desktop.models import Schooljaar


@dataclass(frozen=True)
class Peil:
    """A cut-off day: facts dated on or before ``dag`` count, and timestamps before the end of
    that day in Dutch time (``grens``, in UTC)."""

    dag: date

    @property
    def grens(self) -> datetime:
        """The first moment after the peildatum (midnight Dutch time), in UTC."""
        return datetime.combine(self.dag + timedelta(days=1), time(0), NL_TIME).astimezone(UTC)


def default_peildatum(start: date, eind: date, today: date) -> date | None:
    """Today within the schooljaar, its end once it is over; ``None`` before it begins (no day
    of it can be a peildatum yet: the report then shows what is recorded until today)."""
    if today < start:
        return None
    return min(today, eind)


def check_peildatum(jaar: Schooljaar, peildatum: object, today: date) -> Peil:
    """The peildatum as a ``Peil``, or a ``ValidationError`` in Dutch when it is no date, lies
    outside the schooljaar or after today (nothing is recorded yet about a day to come)."""
    if not isinstance(peildatum, date) or isinstance(peildatum, datetime):
        raise ValidationError(FieldError("peildatum", "Kies een geldige peildatum."))
    if peildatum > today and jaar.start_datum <= peildatum <= jaar.eind_datum:
        raise ValidationError(
            FieldError(
                "peildatum",
                f"De peildatum {long_date(peildatum)} ligt na vandaag ({long_date(today)}): "
                "over die dag is nog niets vastgelegd. Kies vandaag of een eerdere dag.",
            )
        )
    if not jaar.start_datum <= peildatum <= jaar.eind_datum:
        raise ValidationError(
            FieldError(
                "peildatum",
                f"De peildatum {long_date(peildatum)} ligt buiten schooljaar {jaar.label}: kies "
                f"een datum van {long_date(jaar.start_datum)} tot en met "
                f"{long_date(jaar.eind_datum)}.",
            )
        )
    return Peil(peildatum)
