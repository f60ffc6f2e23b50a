"""What every screen and dialog needs to call services on behalf of the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING

from swv_desktop.db import Database
from swv_desktop.services.common import Actor

if TYPE_CHECKING:
    from swv_desktop.ui.team_sync import TeamSync


@dataclass(frozen=True)
class UiContext:
    """The open database, the signed-in user, the clock (the database's) and demo mode."""

    db: Database
    actor: Actor
    clock: Callable[[], datetime]
    demo: bool = False
    team: TeamSync | None = None
    """On a team laptop signed in for the server: the background sync (its ``laptop``)."""

    def today(self) -> date:
        """Today's date by the injected clock (as the services count it)."""
        return self.clock().date()
