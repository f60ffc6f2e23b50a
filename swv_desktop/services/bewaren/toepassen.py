"""The steps that change the database, shared by the purge and by the re-application of the
register after a restore: one register line per step, the plan carried out, register lines a
copy lacks applied again, and the file's freed space wiped (SQLite)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.models import Verwijdering
from swv_desktop.services.bewaren.handelingen import HANDELINGEN
from swv_desktop.services.bewaren.handelingen import Telling
from swv_desktop.services.bewaren.plan import Plan
from swv_desktop.services.bewaren.register import RegisterRegel
from swv_desktop.services.bewaren.register import fingerprint
from swv_desktop.services.bewaren.register import ranges
from swv_desktop.services.common import Actor
from swv_desktop.services.common import plain


def row_to_regel(row: Verwijdering) -> RegisterRegel:
    """A register row as plain data."""
    return plain(RegisterRegel, row)


def register_line(
    session: Session,
    actor: Actor,
    key: tuple[str, str],
    ids: list[int],
    *,
    regel: str,
    peildatum: date,
    now: datetime,
    uid: str | None = None,
    door: str | None = None,
) -> RegisterRegel:
    """Add one line to the deletion register (no personal data: type, count, ids, rule); a line
    applied again after a restore keeps its ``uid`` and the user name it was made by (``door``:
    that account may not exist in the restored copy)."""
    soort, handeling = key
    row = Verwijdering(
        uid=uid or uuid.uuid4().hex,
        op=now,
        soort=soort,
        handeling=handeling,
        aantal=len(ids),
        eerste_id=min(ids) if ids else None,
        laatste_id=max(ids) if ids else None,
        ids=ranges(ids),
        vingerafdruk=fingerprint(soort, handeling, ids),
        regel=regel[:300],
        peildatum=peildatum,
        door_id=None if door is not None else actor.id or None,
        door=door if door is not None else actor.gebruikersnaam,
    )
    session.add(row)
    session.flush()
    return row_to_regel(row)


def apply_plan(
    session: Session, actor: Actor, plan: Plan, *, now: datetime
) -> tuple[list[RegisterRegel], Telling]:
    """Carry out ``plan`` in the caller's transaction, each step with its register line."""
    lines: list[RegisterRegel] = []
    told: Telling = Counter()
    for key, step in HANDELINGEN.items():
        ids = plan.ids.get(key, [])
        if not ids:
            continue
        told.update(step(session, ids, plan.vandaag))
        lines.append(
            register_line(
                session,
                actor,
                key,
                ids,
                regel=plan.regel(key),
                peildatum=plan.peildatum(key),
                now=now,
            )
        )
    return lines, told


def apply_lines(
    session: Session, actor: Actor, lines: list[RegisterRegel], today: date
) -> tuple[list[RegisterRegel], list[RegisterRegel], Telling]:
    """Apply, in the caller's transaction, the ``lines`` this database's register lacks;
    returns those applied, those skipped (ids that do not match their fingerprint) and the
    rows per table."""
    applied: list[RegisterRegel] = []
    skipped: list[RegisterRegel] = []
    told: Telling = Counter()
    if not lines:
        return applied, skipped, told
    have = set(session.scalars(select(Verwijdering.uid)))
    for line in lines:
        key = (line.soort, line.handeling)
        if line.uid in have or key not in HANDELINGEN:
            continue
        if not line.intact:
            skipped.append(line)
            continue
        ids = line.id_list
        told.update(HANDELINGEN[key](session, ids, today))
        register_line(
            session,
            actor,
            key,
            ids,
            regel=line.regel,
            peildatum=line.peildatum,
            now=line.op,
            uid=line.uid,
            door=line.door,
        )
        have.add(line.uid)
        applied.append(line)
    return applied, skipped, told


def wipe_free_space(engine: Engine) -> None:
    """SQLite: fold the write-ahead log into the file and empty it, rebuild the file without
    its free pages (``VACUUM``), and empty the log again. Deleted rows were already overwritten
    (``secure_delete``); after this no page of the file or the log holds them. Nothing on
    PostgreSQL (its server keeps its own files)."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        cursor.close()
    finally:
        raw.close()
