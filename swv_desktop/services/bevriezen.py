"""Freezing an issued letter (a beschikking, a vaststellingsbrief): the rendered PDF bytes and
their sha256 are stored once, with the moment of issue; every later print or export reads exactly
those bytes, checked against the sha256. One place for every letter kind.

On a team laptop the replica holds an issued letter's row (kenmerk, sha256, seal) without its
bytes until the letter is first opened: ``frozen_bytes`` then asks the replica's hooks
(``LetterSource``, ``sync.replica``) for them, which fetch them from the server (and keep them)
or refuse in Dutch when offline. The bytes are checked against the row's sha256 either way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from typing import Protocol
from typing import TypeVar
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import object_session
from sqlalchemy.orm import undefer

from swv_desktop.db import AUDIT_KEY
from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import NotFound
from swv_desktop.errors import StateError
from swv_desktop.formatting import long_date
from swv_desktop.models import Base
from swv_desktop.models import Beschikking
from swv_desktop.models import Vaststelling
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht


class FrozenLetter(Protocol):
    """A letter row that can be frozen: a kenmerk, the PDF bytes, their hash and when issued."""

    id: int
    kenmerk: str
    pdf: bytes | None
    sha256: str | None
    uitgegeven_op: datetime | None
    zegel: str | None


class LetterSource(Protocol):
    """The bytes of an issued letter a replica does not hold yet (``sync.replica.ReplicaHooks``)."""

    def fetch_letter(self, session: Any, entiteit: str, letter: FrozenLetter, wat: str) -> bytes:
        """The letter's frozen bytes from the server, kept in the replica; a Dutch refusal
        (``KnownError``) when there is no connection."""


L = TypeVar("L", Beschikking, Vaststelling)


@contextmanager
def _letter_seen(
    db: Database, actor: Actor, model: type[L], letter_id: int, wat: str
) -> Iterator[Session]:
    """The transaction in which ``actor`` sees letter ``letter_id`` (a beschikking or a
    vaststellingsbrief; ``wat``: in which form), her right to it checked and the view logged.
    For the service calls that show a letter (the role matrix checks those; this is none)."""
    recht = Recht.BRIEVEN_ZIEN if model is Beschikking else Recht.GELD_INZIEN
    with scope.transaction(db, actor, recht) as session:
        now = db.clock()
        if model is Beschikking:
            scope.require_beschikking(session, actor, letter_id)
            toegangslog.beschikking_bekeken(session, actor, letter_id, now=now, wat=wat)
        else:
            scope.require_vaststelling(session, actor, letter_id)
            toegangslog.vaststelling_bekeken(session, actor, letter_id, now=now, wat=wat)
        yield session


def load_letter(session: Session, model: type[L], letter_id: int, wat: str) -> L:
    """Letter ``letter_id`` (a beschikking or a vaststelling) with its frozen bytes loaded, or
    ``NotFound`` naming ``wat``."""
    letter = session.scalars(
        select(model).options(undefer(model.pdf)).where(model.id == letter_id)
    ).first()
    if letter is None:
        raise NotFound(f"{wat} met nummer {letter_id} bestaat niet (meer).")
    return letter


def refuse_reissue(letter: FrozenLetter, wat: str, correctie: str) -> None:
    """Refuse to issue ``letter`` again: ``wat`` names it ("Beschikking"), ``correctie`` says
    how a mistake is corrected instead."""
    if letter.uitgegeven_op is not None:
        raise StateError(
            f"{wat} {letter.kenmerk} is al uitgegeven op "
            f"{long_date(letter.uitgegeven_op.date())}. {correctie}"
        )


def freeze(
    db: Database,
    session: Session,
    actor: Actor,
    letter: FrozenLetter,
    pdf: bytes,
    *,
    entiteit: str,
    wat: str,
    correctie: str,
    seal: Callable[[bytes], str],
) -> str:
    """Store the rendered letter, its sha256 and the moment of issue; one audit entry. Where the
    database has an audit key, ``seal(key)`` is stored as the letter's seal (what ``check``
    compares the stored letter with). Returns the kenmerk."""
    refuse_reissue(letter, wat, correctie)
    row = letter if isinstance(letter, Base) else None
    before = snapshot(row)
    letter.pdf = pdf
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.uitgegeven_op = db.clock()
    audit(session, actor, entiteit, letter.id, "uitgegeven", before, snapshot(row), now=db.clock())
    key = session.info.get(AUDIT_KEY)
    if key:
        letter.zegel = seal(key)
    return letter.kenmerk


def frozen_bytes(letter: FrozenLetter, wat: str, db: Database | None = None) -> bytes:
    """The frozen bytes of an issued letter, refused when not issued or when they no longer
    match their sha256. On a team laptop (``db``'s hooks a ``LetterSource``) a letter whose
    bytes the replica does not hold yet is fetched from the server first."""
    pdf = letter.pdf
    source = None if db is None else db.hooks
    on_replica = hasattr(source, "fetch_letter")  # a team laptop's replica
    if pdf is None and letter.uitgegeven_op is not None and letter.sha256 and on_replica:
        entiteit = str(getattr(letter, "__tablename__", ""))
        replica = cast(LetterSource, source)
        pdf = replica.fetch_letter(object_session(letter), entiteit, letter, wat)
    if letter.uitgegeven_op is None or pdf is None:
        raise StateError(
            f"{wat} {letter.kenmerk} is nog niet uitgegeven; er is nog geen vastgelegde brief om "
            "af te drukken."
        )
    if hashlib.sha256(pdf).hexdigest() != letter.sha256:
        raise DatabaseError(
            f"De opgeslagen brief van {wat.lower()} {letter.kenmerk} komt niet overeen met de "
            "vingerafdruk (sha256) van bij het uitgeven. De brief is beschadigd of gewijzigd; "
            "herstel een reservekopie van de database."
        )
    return pdf
