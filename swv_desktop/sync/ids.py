"""Ids that stay valid: a record made on a laptop keeps its id on the server.

The server hands each user's laptop blocks of ids per table (``SyncIdBlok``, taken from the
table's own sequence, so the server never uses them itself). When a command runs on the laptop,
every new row of a synchronised table gets the next id of the laptop's block and the command
records the ids it used, per table, in order. The server replays the command with the same ids
in the same order (``IdPlan``) after checking they lie in that user's blocks, so a pupil made
offline and the draft aanvraag that points at it arrive with the ids the laptop gave them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from swv_desktop.errors import KnownError
from swv_desktop.sync.protocol import NOT_SYNCED

IDS_KEY = "swv_sync_ids"
"""Key in ``Session.info`` of the ``IdSource`` that gives new rows their ids."""


class OutOfIds(KnownError):
    """The laptop has no free ids left for offline work."""


@dataclass
class IdSource:
    """Gives new rows their id: ``next_id(table)`` draws one (from a plan or a block) and
    ``used`` records, per table, the ids given, in order."""

    draw: Callable[[str], int | None]
    used: dict[str, list[int]] = field(default_factory=dict)

    def next_id(self, table: str) -> int | None:
        ident = self.draw(table)
        if ident is not None:
            self.used.setdefault(table, []).append(ident)
        return ident


@dataclass
class IdPlan:
    """The ids a command used on the laptop, given out again in the same order (the replay)."""

    ids: dict[str, list[int]]

    def __call__(self, table: str) -> int | None:
        left = self.ids.get(table)
        return left.pop(0) if left else None


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    source = session.info.get(IDS_KEY)
    if not isinstance(source, IdSource):
        return
    for obj in list(session.new):
        mapper = inspect(obj).mapper
        name = mapper.local_table.name
        if name in NOT_SYNCED or name.startswith("sync_"):
            continue
        pk = mapper.primary_key
        if len(pk) != 1 or getattr(obj, pk[0].key, None) is not None:
            continue
        ident = source.next_id(name)
        if ident is not None:
            setattr(obj, pk[0].key, ident)


def install() -> None:
    """Listen on every session (idempotent); only sessions with an ``IdSource`` are touched."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
