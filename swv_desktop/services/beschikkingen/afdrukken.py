"""Printing beschikkingen: which letters of a schooljaar still have to go out (issued, not sent,
in kenmerk order), their frozen PDFs, and the record of what was printed, by whom and when.

The UI sends the PDFs to the printer; afterwards it calls ``record_printed`` so that the access
log says which letters left the office on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Beschikking
from swv_desktop.models import Rol
from swv_desktop.models import ToegangActie
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.beschikkingen.uitgifte import _frozen
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import schooljaar_by_label
from swv_desktop.services.scope import Recht

PRINTERS = (Rol.SECRETARIAAT, Rol.PROGRAMMADIRECTEUR)


@dataclass(frozen=True)
class PrintLetter:
    """One issued letter ready for the printer."""

    id: int
    kenmerk: str
    pdf: bytes


def unsent_letters(db: Database, actor: Actor, schooljaar_label: str) -> list[PrintLetter]:
    """Every issued, not yet sent beschikking of a schooljaar, in kenmerk order, with its frozen
    PDF (checked against its sha256)."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    with db.read() as session:
        jaar = schooljaar_by_label(session, schooljaar_label)
        rows = session.scalars(
            select(Beschikking)
            .options(undefer(Beschikking.pdf))
            .where(
                Beschikking.schooljaar_id == jaar.id,
                Beschikking.uitgegeven_op.is_not(None),
                Beschikking.verzonden_op.is_(None),
            )
            .order_by(Beschikking.volgnummer)
        ).all()
        return [PrintLetter(b.id, b.kenmerk, _frozen(b, db)) for b in rows]


def letter_for_print(db: Database, actor: Actor, beschikking_id: int) -> PrintLetter:
    """One issued beschikking with its frozen PDF."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    with db.read() as session:
        beschikking = get_or_404(session, Beschikking, beschikking_id, "Beschikking")
        return PrintLetter(beschikking.id, beschikking.kenmerk, _frozen(beschikking, db))


@command("beschikking.afgedrukt")
def record_printed(
    db: Database, actor: Actor, beschikking_ids: Sequence[int], *, pages: int
) -> None:
    """Record that the letters were printed (one access-log row per letter, with the print run's
    size); nothing else changes: sending is recorded apart, with its date."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    ids = list(dict.fromkeys(beschikking_ids))
    if not ids:
        raise ValidationError(FieldError("beschikkingen", "Kies minstens één beschikking."))
    with db.transaction() as session:
        letters = [get_or_404(session, Beschikking, i, "Beschikking") for i in ids]
        for beschikking in letters:
            toegangslog.beschikking_bekeken(
                session,
                actor,
                beschikking.id,
                now=db.clock(),
                actie=ToegangActie.AFDRUK,
                wat=f"Afgedrukt ({len(ids)} brieven, {pages} pagina's):",
            )


__all__ = ["PRINTERS", "PrintLetter", "letter_for_print", "record_printed", "unsent_letters"]
