"""Which rows of which table a user's replica holds (the pull's scope filter).

What a replica may hold is what its user may see: ``services.scope.rows(actor, table)``, the
same filters the services and the window's lists use, so a replica and the window cannot drift
apart. Two additions, both here:

- **References**: a row the user sees may point at a row she may not see (the secretariaat sees
  decisions, letters and payments, not the aanvraag and pupil they are about). The replica, a
  normal database with its foreign keys checked, holds such a parent as a masked reference: the
  aanvraag without its free texts, the pupil by number only (no names, the birth date as 1
  January).
- **Masks**: never a password hash.
- **Letters on demand**: an issued letter's PDF bytes (``ON_DEMAND``) are not sent with its row;
  the laptop fetches them the first time the letter is opened (``sync.brieven``).

``scope_key`` changes when the set of visible schools changes (a school reassigned), and the
pull then sends the whole scope again, so rows that left it also leave the replica.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Column
from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import Table
from sqlalchemy import false
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import False_

from swv_desktop.models import Rol
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.sync.protocol import synced_tables
from swv_desktop.sync.protocol import table

REFERENCED = ("aanvraag", "leerling")
"""Tables whose rows a replica may hold as masked references (see the module docstring)."""

ON_DEMAND = {"beschikking": "pdf", "vaststelling": "pdf"}
"""Columns the pull never sends (a frozen letter's bytes: fetched when opened)."""

_AANVRAAG_TEXTS = ("omschrijving", "vso_toelichting", "besproken_notitie", "vso_school")


def _own(actor: Actor, name: str) -> ColumnElement[bool]:
    return scope.rows(actor, name)


def _hidden(actor: Actor, name: str) -> bool:
    """The user may see no row of ``name`` at all (its rows reach her only as references)."""
    return isinstance(_own(actor, name), False_)


def condition(actor: Actor, name: str) -> ColumnElement[bool]:
    """Which rows of ``name`` the replica holds: the user's own, plus the masked references
    that the rows she holds point at."""
    own = _own(actor, name)
    if name not in REFERENCED or not _hidden(actor, name):
        return own
    tab = table(name)
    parents: ColumnElement[bool] = false()
    for child in synced_tables():
        if child.name == name:
            continue
        for fk in child.foreign_keys:
            if fk.column.table.name == name:
                held = condition(actor, child.name)
                if not isinstance(held, False_):
                    parents = parents | tab.c.id.in_(select(fk.parent).where(held))
    return parents


def visible(actor: Actor, tab: Table) -> Select[Any] | None:
    """The rows of ``tab`` the actor's replica holds, or ``None`` for none at all."""
    held = condition(actor, tab.name)
    return None if isinstance(held, False_) else select(tab).where(held)


def sent_columns(tab: Table) -> list[Column[Any]]:
    """The columns of ``tab`` a pull sends: all but a frozen letter's bytes (``ON_DEMAND``)."""
    return [c for c in tab.columns if ON_DEMAND.get(tab.name) != c.name]


def mask(actor: Actor, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the actor's replica may hold it after a pull: never a password hash; an
    aanvraag or pupil the user may not see, as a reference only; a letter without its bytes
    (not fetched yet)."""
    masking = masker(actor, name)
    masked = row if masking is None else masking(row)
    lazy = ON_DEMAND.get(name)
    return masked if lazy is None or lazy not in masked else {**masked, lazy: None}


def masker(actor: Actor, name: str) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """``mask`` for every row of table ``name`` (decided once per table, not per row), or
    ``None`` when its rows travel as they are."""
    if name == "gebruiker":
        return lambda row: {**row, "wachtwoord_hash": ""}
    if name == "leerling" and _hidden(actor, name):
        return _reference_pupil
    if name == "aanvraag" and _hidden(actor, name):
        return lambda row: {**row, **dict.fromkeys(_AANVRAAG_TEXTS, "")}
    return None


def _reference_pupil(row: dict[str, Any]) -> dict[str, Any]:
    born = row.get("geboortedatum")
    year = born.year if isinstance(born, date) else 2000
    return {
        **row,
        "voornaam": "",
        "tussenvoegsel": "",
        "achternaam": "(afgeschermd)",
        "geboortedatum": date(year, 1, 1),
    }


def scope_key(session: Session, actor: Actor) -> str:
    """Changes whenever the set of rows in scope changes other than row by row: another role,
    or another set of schools for a contactpersoon."""
    parts = [actor.rol.value, str(actor.id)]
    if actor.rol is Rol.CONTACTPERSOON:
        parts += [str(i) for i in sorted(session.scalars(scope.my_school_ids(actor)))]
    return hashlib.sha256(",".join(parts).encode()).hexdigest()[:32]


def tables_for(actor: Actor) -> list[Table]:
    """The synchronised tables of which the actor's replica holds any row."""
    return [t for t in synced_tables() if visible(actor, t) is not None]
