"""Frozen letters on demand: a pull sends an issued beschikking or vaststellingsbrief without its
PDF bytes (``bereik.ON_DEMAND``: three quarters of a large first sync); the laptop fetches a
letter's bytes the first time it is opened (preview, print, save) and keeps them in its replica.

- On the server, ``letter_for_laptop`` hands out one letter's frozen bytes to the signed-in user:
  the same rights and scope as opening it in the office (``scope.require_beschikking`` /
  ``require_vaststelling``), checked against its sha256, and logged in the access log as a view
  ("opgehaald naar de laptop").
- On the laptop, ``fetch`` (``ReplicaHooks.fetch_letter`` while online) asks for them, checks
  them against the sha256 its row already holds, and stores them; offline the replica refuses
  in Dutch (the letter's data stays listed).
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm import undefer

from swv_desktop.db import WRITE_SESSION
from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import KnownError
from swv_desktop.errors import NotFound
from swv_desktop.models import Beschikking
from swv_desktop.models import Vaststelling
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.bevriezen import frozen_bytes
from swv_desktop.services.common import Actor
from swv_desktop.services.scope import Recht
from swv_desktop.sync.bereik import ON_DEMAND

if TYPE_CHECKING:
    from swv_desktop.sync.client import Laptop

FETCHED = "opgehaald naar de laptop"
"""How the access log names a letter fetched by a laptop (after the letter's kind)."""


def letter_for_laptop(db: Database, actor: Actor, soort: str, letter_id: int) -> dict[str, Any]:
    """One issued letter's frozen bytes for the signed-in user's laptop (base64, with its
    sha256), refused outside her rights or scope; the fetch is logged as a view."""
    model: type[Beschikking] | type[Vaststelling]
    if soort == "beschikking":
        recht, model, wat = Recht.BRIEVEN_ZIEN, Beschikking, "Beschikking"
    elif soort == "vaststelling":
        recht, model, wat = Recht.GELD_INZIEN, Vaststelling, "Vaststellingsbrief"
    else:
        raise KnownError("Onbekende soort brief.")
    with scope.transaction(db, actor, recht) as session:
        if model is Beschikking:
            scope.require_beschikking(session, actor, letter_id)
        else:
            scope.require_vaststelling(session, actor, letter_id)
        row = cast(
            "Beschikking | Vaststelling | None",
            session.scalars(
                select(model).options(undefer(model.pdf)).where(model.id == letter_id)
            ).first(),
        )
        if row is None:
            raise NotFound(f"{wat} met nummer {letter_id} bestaat niet (meer).")
        pdf = frozen_bytes(row, wat)
        now, what = db.clock(), f"{wat} ({FETCHED})"
        if model is Beschikking:
            toegangslog.beschikking_bekeken(session, actor, letter_id, now=now, wat=what)
        else:
            toegangslog.vaststelling_bekeken(session, actor, letter_id, now=now, wat=what)
        return {"pdf": base64.b64encode(pdf).decode("ascii"), "sha256": row.sha256}


def fetch(laptop: Laptop, session: Session | None, entiteit: str, letter: Any, wat: str) -> bytes:
    """Fetch an issued letter's bytes from the server, check them against the sha256 the
    replica's row holds, and keep them in the replica (in ``session`` when it is a write
    transaction, else in a transaction of their own)."""
    if entiteit not in ON_DEMAND:
        raise KnownError(f"{wat} {letter.kenmerk} staat niet op deze laptop.")
    writing = session is not None and bool(session.info.get(WRITE_SESSION))
    body = {"soort": entiteit, "id": int(letter.id)}
    answer = laptop.call_signed_in("/brief", body, again=not writing)
    pdf = base64.b64decode(answer["pdf"])
    if hashlib.sha256(pdf).hexdigest() != letter.sha256:
        raise DatabaseError(
            f"De brief {letter.kenmerk} van de server komt niet overeen met de vingerafdruk "
            "(sha256) op deze laptop; synchroniseer en probeer het opnieuw."
        )
    statement = text(f'UPDATE "{entiteit}" SET "{ON_DEMAND[entiteit]}" = :pdf WHERE id = :id')
    values = {"pdf": pdf, "id": int(letter.id)}
    if writing:
        assert session is not None
        session.execute(statement, values)
    else:
        with laptop.db.transaction() as own:
            own.execute(statement, values)
    return pdf
