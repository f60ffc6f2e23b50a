"""Deadlines as the Algemene termijnenwet (Atw) counts them: a term that ends on a Saturday, a
Sunday or a generally recognised holiday runs on to the next day that is none of these.

The holidays are those of art. 3 Atw: lid 1 (Nieuwjaarsdag, tweede Paasdag, tweede Pinksterdag,
Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd, 5 mei (every year),
eerste en tweede Kerstdag) and lid 2 (Goede Vrijdag). The days a royal decree adds under lid 3
(for example the Friday after Hemelvaartsdag in some years) are not listed here.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

SATURDAY = 5


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * x) // 451
    month, day = divmod(h + x - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the King's (earlier the Queen's) birthday is celebrated: moved to the Saturday
    before when it falls on a Sunday (27 April from 2014, 30 April before)."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@functools.lru_cache(maxsize=256)
def holidays(year: int) -> dict[date, str]:
    """The generally recognised holidays of art. 3 Atw in ``year``, with their Dutch names."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter - timedelta(days=2): "Goede Vrijdag",
        easter + timedelta(days=1): "tweede Paasdag",
        kings_day(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=50): "tweede Pinksterdag",
        date(year, 12, 25): "eerste Kerstdag",
        date(year, 12, 26): "tweede Kerstdag",
    }


def is_working_day(day: date) -> bool:
    """False on a Saturday, a Sunday or a holiday of the Atw."""
    return day.weekday() < SATURDAY and day not in holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline(start: date, days: int) -> date:
    """The last day of a term of ``days`` days counted from ``start`` (the day after ``start`` is
    day one), moved to the next working day as the Atw does."""
    return next_working_day(start + timedelta(days=days))
