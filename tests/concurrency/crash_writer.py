"""The writer that the crash test kills with SIGKILL: it takes aanvragen through to an award, over
and over, and appends markers to a file with single unbuffered ``write`` calls (atomic for short
lines), so what it said survives its death: ``R`` once the database is open, ``B`` once a write transaction holds its lock, ``E``
when it is about to end, ``C <besluit_id> <beschikking_id>`` after an award committed."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from loaded import aanvraag_versie
from loaded import decide
from signed_in import again
from sqlalchemy import event

from concurrency.racing import DbTarget
from concurrency.racing import open_target
from swv_desktop.dialect import BEGIN_OPTION
from swv_desktop.models import Uitkomst
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.common import Actor


def run(
    target: DbTarget,
    markers: str,
    child: int,
    contactpersoon: Actor,
    directeur: Actor,
    data: AanvraagInput,
) -> None:
    """Award ``data`` again and again until killed."""
    fd = os.open(markers, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def mark(line: str) -> None:
        os.write(fd, f"{child} {line}\n".encode())

    inside = [False]

    def statement_done(conn: Any, *_args: Any) -> None:
        if not inside[0] and conn.get_execution_options().get(BEGIN_OPTION) == "IMMEDIATE":
            inside[0] = True
            mark("B")

    def ending(_conn: Any) -> None:
        if inside[0]:
            inside[0] = False
            mark("E")

    mark("S")
    db = open_target(target)
    event.listen(db.engine, "after_cursor_execute", statement_done)
    event.listen(db.engine, "commit", ending)
    event.listen(db.engine, "rollback", ending)
    contactpersoon, directeur = again(db, contactpersoon), again(db, directeur)
    mark("R")
    while True:
        aid = aanvragen.create_aanvraag(db, contactpersoon, data)
        stappen.submit(db, contactpersoon, aid, versie=aanvraag_versie(db, aid))
        stappen.record_discussion(
            db,
            contactpersoon,
            aid,
            datum=date(2021, 9, 28),
            notitie="Besproken op school.",
            versie=aanvraag_versie(db, aid),
        )
        stappen.send_for_besluit(db, contactpersoon, aid, versie=aanvraag_versie(db, aid))
        result = decide(
            db,
            directeur,
            aid,
            Uitkomst.TOEGEKEND,
            data.aangevraagd_cents,
            "Voldoet aan alle voorwaarden.",
        )
        mark(f"C {result.besluit_id} {result.beschikking_id}")
