"""Which backups the rotation keeps: every backup of today, then the newest of each day for
``KEEP_DAILY`` days, of each ISO week for ``KEEP_WEEKLY`` weeks and of each month for
``KEEP_MONTHLY`` months; nothing older than the retention term (months). Days in local time."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from typing import Protocol
from typing import TypeVar

KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12


class Dated(Protocol):
    """Anything with the moment it was made (a backup)."""

    @property
    def made_at(self) -> datetime: ...


B = TypeVar("B", bound=Dated)


def _months_before(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def plan_rotation(backups: Iterable[B], *, now: datetime, months: int) -> tuple[list[B], list[B]]:
    """Which backups to keep and which to remove (``now`` and the days in local time)."""
    today = now.astimezone().date()
    oldest = _months_before(today, months)
    keep: list[B] = []
    remove: list[B] = []
    seen: set[tuple[str, object]] = set()
    for backup in sorted(backups, key=lambda b: b.made_at, reverse=True):
        day = backup.made_at.astimezone().date()
        age = (today - day).days
        if day < oldest:
            remove.append(backup)
            continue
        iso = day.isocalendar()
        buckets: list[tuple[str, object]] = [("dag", day)] if age < KEEP_DAILY else []
        if age < KEEP_WEEKLY * 7:
            buckets.append(("week", (iso.year, iso.week)))
        if _months_before(today, KEEP_MONTHLY) < day:
            buckets.append(("maand", (day.year, day.month)))
        fresh = [b for b in buckets if b not in seen]
        seen.update(buckets)
        (keep if day == today or fresh else remove).append(backup)
    return keep, remove
