"""The purge: apply the retention terms in one transaction, record each step in the deletion
register, then make sure the file keeps no trace (SQLite: the write-ahead log folded in and
emptied, free pages gone by ``VACUUM``; ``secure_delete`` is on for every connection anyway),
make a fresh backup and let the backups expire by their term."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop import backups
from swv_desktop.backups.copies import utcnow
from swv_desktop.db import Database
from swv_desktop.formatting import number
from swv_desktop.models import Organisatie
from swv_desktop.models import Verwijdering
from swv_desktop.services import scope
from swv_desktop.services.bewaren import synctabellen
from swv_desktop.services.bewaren.herstel import collect_register
from swv_desktop.services.bewaren.plan import Plan
from swv_desktop.services.bewaren.plan import make_plan
from swv_desktop.services.bewaren.register import SOORT_LABELS
from swv_desktop.services.bewaren.register import RegisterRegel
from swv_desktop.services.bewaren.register import fingerprint
from swv_desktop.services.bewaren.register import ranges
from swv_desktop.services.bewaren.toepassen import apply_lines
from swv_desktop.services.bewaren.toepassen import apply_plan
from swv_desktop.services.bewaren.toepassen import row_to_regel
from swv_desktop.services.bewaren.toepassen import wipe_free_space
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.scope import Recht

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeResult:
    """What a purge did (or, with ``proef``, would do): the register lines, rows per table,
    whether the file was compacted and which backup was made after it."""

    vandaag: date
    regels: list[RegisterRegel]
    tabellen: dict[str, int]
    proef: bool = False
    gecomprimeerd: bool = False
    reservekopie: Path | None = None
    verlopen_kopieen: list[Path] = field(default_factory=list)
    seconden: float = 0.0
    synchronisatie: dict[str, int] = field(default_factory=dict)
    """The team server's bookkeeping past its term, per kind (``synctabellen``)."""

    @property
    def niets(self) -> bool:
        return not self.regels and not self.synchronisatie

    def kop(self) -> str:
        """The result in one line (the status line of Beheer > Bewaartermijnen): the new register
        lines and the team server's bookkeeping cleared, each only when there is some."""
        if self.niets:
            return self.lines()[0]
        parts = []
        if self.regels:
            n = len(self.regels)
            parts.append(f"{number(n)} nieuwe {'regel' if n == 1 else 'regels'} in het register")
        if self.synchronisatie:
            n = sum(self.synchronisatie.values())
            parts.append(f"{number(n)} gegevens van de synchronisatie opgeruimd")
        return f"{'Proef' if self.proef else 'Toegepast'}: {' en '.join(parts)}."

    def lines(self) -> list[str]:
        """The result in Dutch, one line per step (counts only, never a name)."""
        if self.niets:
            head = ["Niets heeft zijn bewaartermijn overschreden; er is niets verwijderd."]
        else:
            head = [_line(r, self.proef) for r in self.regels]
            head += [_sync_line(k, n, self.proef) for k, n in self.synchronisatie.items()]
        if self.gecomprimeerd:
            head.append("Het databasebestand is opgeschoond: vrijgekomen ruimte is gewist.")
        if self.reservekopie is not None:
            head.append(f"Nieuwe reservekopie zonder de verwijderde gegevens: {self.reservekopie}.")
        if self.verlopen_kopieen:
            head.append(f"{len(self.verlopen_kopieen)} verlopen reservekopie(ën) verwijderd.")
        return head


def _line(regel: RegisterRegel, proef: bool) -> str:
    """ "Leerlingen (met OPP-versies en uitkomsten): 12 verwijderd (rule)." (or "zouden worden")."""
    label = SOORT_LABELS.get(regel.soort, regel.soort)
    n = regel.aantal
    done = (
        f"{n} {'zou' if n == 1 else 'zouden'} worden {regel.handeling}"
        if proef
        else (f"{n} {regel.handeling}")
    )
    return f"{label[:1].upper()}{label[1:]}: {done} ({regel.regel})."


def _sync_line(kind: str, n: int, proef: bool) -> str:
    """ "Synchronisatie: 12 verlopen aanmeldingen bij de server verwijderd." """
    label = synctabellen.LABELS.get(kind, kind)
    return f"Synchronisatie: {n} {label}{' (proef: zou gebeuren)' if proef else ''}."


def _preview(
    key: tuple[str, str], ids: list[int], plan: Plan, now: datetime, actor: Actor
) -> RegisterRegel:
    return RegisterRegel(
        uid="",
        op=now,
        soort=key[0],
        handeling=key[1],
        aantal=len(ids),
        eerste_id=min(ids),
        laatste_id=max(ids),
        ids=ranges(ids),
        vingerafdruk=fingerprint(key[0], key[1], ids),
        regel=plan.regel(key),
        peildatum=plan.peildatum(key),
        door=actor.gebruikersnaam,
    )


def _serialise(session: Session) -> None:
    """One purge at a time (PostgreSQL: several laptops may start theirs on one server; SQLite's
    write transaction holds the file already)."""
    session.execute(select(Organisatie.id).with_for_update())


def purge(
    db: Database, actor: Actor, *, proef: bool = False, comprimeren: bool = True
) -> PurgeResult:
    """Delete what has passed its retention term, pseudonymise what stays for the accounts, and
    record each step in the deletion register; all in one transaction, so a failure leaves
    everything as it was. Afterwards (SQLite) the file is checkpointed and vacuumed, a fresh
    backup is made and expired backups are removed. ``proef``: only say what would go."""
    scope.require(actor, Recht.BEWAARTERMIJNEN)
    started = time.perf_counter()
    now = db.clock()
    vandaag = now.date()
    if proef:
        with db.read() as session:
            scope.verify(session, actor)
            plan = make_plan(session, vandaag)
            preview = [_preview(k, v, plan, now, actor) for k, v in plan.ids.items() if v]
            sync = synctabellen.te_verwijderen(session, now)
        seconds = time.perf_counter() - started
        return PurgeResult(vandaag, preview, {}, proef=True, seconden=seconds, synchronisatie=sync)
    known = collect_register(db.path, key=db.key) if db.path is not None else []
    with db.transaction() as session:
        scope.verify(session, actor)  # a deactivated account is refused at its next call
        _serialise(session)
        again, _skipped, told = apply_lines(session, actor, known, vandaag)
        plan = make_plan(session, vandaag)
        lines, done = apply_plan(session, actor, plan, now=now)
        told.update(done)
        swept = synctabellen.opruimen(session, now)  # the team server's bookkeeping
        if lines or again or swept:
            audit(
                session,
                actor,
                "bewaartermijnen",
                None,
                "toegepast",
                None,
                {
                    "stappen": {f"{r.soort} {r.handeling}": r.aantal for r in lines},
                    "opnieuw": [r.uid for r in again],
                    "rijen": dict(sorted(told.items())),
                    "register": [r.uid for r in lines],
                    "synchronisatie": swept,
                },
                now=now,
            )
    compacted, made, expired = False, None, []
    if db.path is not None:
        if (lines or again) and comprimeren:
            wipe_free_space(db.engine)
            compacted = True
        if lines or again:
            made = backups.make_backup(db.path, "na-opschonen", key=db.key).path
        expired = _expire_backups(db)
    seconds = time.perf_counter() - started
    log.info("bewaartermijnen toegepast: %d stappen, %.2f s", len(lines), seconds)
    return PurgeResult(
        vandaag,
        again + lines,
        dict(told),
        gecomprimeerd=compacted,
        reservekopie=made,
        verlopen_kopieen=expired,
        seconden=seconds,
        synchronisatie=swept,
    )


def _expire_backups(db: Database) -> list[Path]:
    """Remove the backups past the rotation and the backup term (also when no new backup is
    made: an unchanged database makes none, and its old copies must still expire)."""
    if db.path is None:
        return []
    with db.read() as session:
        org = session.scalars(select(Organisatie)).first()
        months = org.bewaartermijn_reservekopie_maanden if org else backups.DEFAULT_RETENTION_MONTHS
    return backups.prune(db.path, now=utcnow(), months=months)


def list_register(db: Database, actor: Actor) -> list[RegisterRegel]:
    """The deletion register, newest first (beheerder and programmadirecteur)."""
    with scope.read(db, actor, Recht.VERWIJDERREGISTER) as session:
        rows = session.scalars(select(Verwijdering).order_by(Verwijdering.id.desc())).all()
        return [row_to_regel(r) for r in rows]
