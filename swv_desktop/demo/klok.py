"""The demo's fixed 'today': 15 June of the last demo schooljaar, 10:00 UTC. The generator writes
the data as of that moment and the app opens the demo database with it, so both agree."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from swv_desktop.db import Clock


def demo_moment(eind_jaar: int) -> datetime:
    """15 June ``eind_jaar`` 10:00 UTC: late in the schooljaar that ends in ``eind_jaar``."""
    return datetime(eind_jaar, 6, 15, 10, 0, tzinfo=UTC)


def demo_clock_until(eind_jaar: int) -> Clock:
    """A clock that always says ``demo_moment(eind_jaar)``."""
    moment = demo_moment(eind_jaar)
    return lambda: moment
