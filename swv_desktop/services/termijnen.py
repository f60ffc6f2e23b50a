"""Deadlines as the Algemene termijnenwet (Atw) counts them: a term that ends on a Saturday, a
Sunday or a generally recognised holiday runs on to the next day that is none of these.

The holidays are those of art. 3 Atw: lid 1 (Nieuwjaarsdag, tweede Paasdag, tweede Pinksterdag,
Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd, 5 mei (every year),
eerste en tweede Kerstdag) and lid 2 (Goede Vrijdag). Under lid 3 a royal decree (published in
the Staatscourant, one for every few years) puts further days on a par with them; the decrees
keep to one standing rule, which ``gelijkgestelde_dagen`` applies: the Friday after
Hemelvaartsdag; the Monday before Nieuwjaarsdag, Koningsdag, 5 mei or eerste Kerstdag when that
falls on a Tuesday; the Friday after Nieuwjaarsdag, Koningsdag, 5 mei or tweede Kerstdag when that
falls on a Thursday; and 6 May when Hemelvaartsdag is on 7 May. A decree that designates another
day goes into ``EXTRA_GELIJKGESTELD``.

Art. 2 Atw (a term of at least three days holds at least two days that are none of these) is
applied by ``deadline``.
"""

from __future__ import annotations

import functools
from datetime import date
from datetime import timedelta

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


EXTRA_GELIJKGESTELD: dict[date, str] = {}
"""Days a decree under art. 3 lid 3 designates outside the standing rule (none so far)."""

TUESDAY, THURSDAY = 1, 3


@functools.lru_cache(maxsize=256)
def gelijkgestelde_dagen(year: int) -> dict[date, str]:
    """The days of ``year`` put on a par with the holidays under art. 3 lid 3 Atw (the standing
    rule of the decrees, see the module docstring), with what they are."""
    hemelvaart = easter_sunday(year) + timedelta(days=39)
    days = {hemelvaart + timedelta(days=1): "vrijdag na Hemelvaartsdag"}
    if hemelvaart == date(year, 5, 7):
        days[date(year, 5, 6)] = "woensdag tussen 5 mei en Hemelvaartsdag"
    before = (
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (kings_day(year), "Koningsdag"),
        (date(year, 5, 5), "5 mei"),
        (date(year, 12, 25), "eerste Kerstdag"),
        (date(year + 1, 1, 1), "Nieuwjaarsdag"),  # its Monday before is 31 December
    )
    for feast, name in before:
        if feast.weekday() == TUESDAY:
            days[feast - timedelta(days=1)] = f"maandag vóór {name}"
    for feast, name in (
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (kings_day(year), "Koningsdag"),
        (date(year, 5, 5), "5 mei"),
        (date(year, 12, 26), "tweede Kerstdag"),
    ):
        if feast.weekday() == THURSDAY:
            days[feast + timedelta(days=1)] = f"vrijdag na {name}"
    days.update({d: name for d, name in EXTRA_GELIJKGESTELD.items() if d.year == year})
    official = holidays(year)
    return {d: name for d, name in sorted(days.items()) if d.year == year and d not in official}


@functools.lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    """False on a Saturday, a Sunday, a holiday of the Atw or a day on a par with one."""
    return (
        day.weekday() < SATURDAY
        and day not in holidays(day.year)
        and day not in gelijkgestelde_dagen(day.year)
    )


@functools.lru_cache(maxsize=8192)
def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline(start: date, days: int) -> date:
    """The last day of a term of ``days`` days counted from ``start`` (the day after ``start`` is
    day one), moved to the next working day (art. 1 Atw); a term of at least three days is
    lengthened until it holds at least two working days (art. 2 Atw)."""
    end = next_working_day(start + timedelta(days=days))
    if days >= 3:
        while (
            sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
            < 2
        ):
            end = next_working_day(end + timedelta(days=1))
    return end
