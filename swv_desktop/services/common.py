"""What every service shares: the acting user, role checks, audit entries, loading by id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from datetime import date
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from swv_desktop.db import AUDIT_HEAD
from swv_desktop.db import AUDIT_KEY
from swv_desktop.db import WRITE_SESSION
from swv_desktop.encryption import auditketen
from swv_desktop.errors import NotFound
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StaleEdit
from swv_desktop.formatting import date_time
from swv_desktop.models import AuditEntry
from swv_desktop.models import Base
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.models.base import Versioned

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Progress = Callable[[str], None]
"""Told a short Dutch line after each step of a long job (letters, demo data)."""

T = TypeVar("T", bound=Base)
D = TypeVar("D", bound="DataclassInstance")


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    id: int
    gebruikersnaam: str
    naam: str
    rol: Rol
    seal: bytes = field(default=b"", repr=False, compare=False)
    """Given by sign-in (``scope.issue``); an actor without a valid seal is refused."""

    @property
    def label(self) -> str:
        return f"{self.naam} ({self.rol.label})"


def require_role(actor: Actor, *roles: Rol, action: str) -> None:
    """Refuse with a Dutch message unless the actor was issued by sign-in and has one of
    ``roles`` (``scope.check`` also reloads the account: use that where a session is open)."""
    from swv_desktop.services.scope import require_sealed

    require_sealed(actor)
    if actor.rol not in roles:
        allowed = " of ".join(r.label.lower() for r in roles)
        raise PermissionDenied(
            f"U mag niet {action}: dat is voorbehouden aan de {allowed}. "
            f"U bent aangemeld als {actor.rol.label.lower()}."
        )


def valid_id(ident: object) -> bool:
    """True for a record id a database can hold (a positive 64-bit integer); anything else never
    reaches the SQL (it would raise a raw error there)."""
    return type(ident) is int and 0 < ident < 2**63


def get_or_404(session: Session, model: type[T], ident: int, what: str) -> T:
    """Load a row by primary key or raise ``NotFound`` naming ``what`` in Dutch.

    In a write transaction the row is locked until the commit (``SELECT ... FOR UPDATE`` on
    PostgreSQL, where another writer may run at the same time; SQLite's write transaction already
    holds the whole database), so a state read here is still true when the change is written.
    """
    if not valid_id(ident):  # never a raw error for a bad id
        shown = f" met nummer {ident}" if type(ident) is int else ""
        raise NotFound(f"{what}{shown} bestaat niet.")
    row = session.get(model, ident, with_for_update=bool(session.info.get(WRITE_SESSION)))
    if row is None:
        raise NotFound(f"{what} met nummer {ident} bestaat niet (meer).")
    return row


def plain(cls: type[D], record: object, **given: Any) -> D:
    """A ``cls`` dataclass of ``record``: each field the attribute of the same name, unless
    ``given`` names it (``plain(UserRow, user)``; a view of a model without copying it by
    hand, field by field)."""
    return cls(
        **{
            f.name: given[f.name] if f.name in given else getattr(record, f.name)
            for f in fields(cls)
        }
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(
    row: Base | None, exclude: tuple[str, ...] = ("wachtwoord_hash", "pdf")
) -> dict[str, Any]:
    """The column values of a row as JSON-safe data (for audit before/after)."""
    if row is None:
        return {}
    mapper = inspect(type(row))
    state = inspect(row)
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in exclude or attr.key in state.unloaded:
            continue
        out[attr.key] = _plain(getattr(row, attr.key))
    return out


LONG_TEXT = 200
"""Texts longer than this (OPP summaries, motivations) are stored in the audit trail as their
length and fingerprint: the record itself holds the text, the trail says that it changed."""


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONG_TEXT:
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]
        return f"<tekst van {len(value)} tekens, vingerafdruk {digest}>"
    return value


def changes(
    voor: dict[str, Any] | None, na: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What an audit entry keeps of a before/after pair: only the fields that changed (all of a
    new or removed record), long texts shortened to their length and fingerprint."""
    voor, na = dict(voor or {}), dict(na or {})
    if voor and na:
        changed = {k for k in voor.keys() | na.keys() if voor.get(k) != na.get(k)}
        voor = {k: v for k, v in voor.items() if k in changed}
        na = {k: v for k, v in na.items() if k in changed}
    return {k: _short(v) for k, v in voor.items()}, {k: _short(v) for k, v in na.items()}


def _chain(session: Session, entry: AuditEntry) -> None:
    """Make ``entry`` the next link of the keyed chain (in a write transaction with a key)."""
    key = session.info.get(AUDIT_KEY)
    if not key:
        return
    head = session.info.get(AUDIT_HEAD)
    if head is None:
        if session.get_bind().dialect.name == "postgresql":  # one writer of the chain at a time
            session.execute(text("SELECT pg_advisory_xact_lock(4711)"))
        row = session.execute(
            select(AuditEntry.volgnr, AuditEntry.keten)
            .where(AuditEntry.volgnr.is_not(None))
            .order_by(AuditEntry.volgnr.desc())
            .limit(1)
        ).first()
        head = (0, "") if row is None else (int(row.volgnr or 0), str(row.keten or ""))
    volgnr = head[0] + 1
    entry.volgnr = volgnr
    entry.inhoud = auditketen.content_digest(entry.voor, entry.na)
    entry.keten = auditketen.link(key, head[1], volgnr, auditketen.chain_fields(entry))
    session.info[AUDIT_HEAD] = (volgnr, entry.keten)


def audit(
    session: Session,
    actor: Actor,
    entiteit: str,
    entiteit_id: int | None,
    actie: str,
    voor: dict[str, Any] | None = None,
    na: dict[str, Any] | None = None,
    *,
    now: datetime,
) -> None:
    """Add one audit entry to the current transaction: what changed (see ``changes``), as the
    next link of the keyed hash chain."""
    voor, na = changes(voor, na)
    entry = AuditEntry(
        op=now,
        gebruiker_id=actor.id or None,
        gebruikersnaam=actor.gebruikersnaam,
        entiteit=entiteit,
        entiteit_id=entiteit_id,
        actie=actie,
        voor=json.dumps(voor, ensure_ascii=False, sort_keys=True) if voor else "",
        na=json.dumps(na, ensure_ascii=False, sort_keys=True) if na else "",
    )
    _chain(session, entry)
    session.add(entry)


def audited_save(
    session: Session,
    actor: Actor,
    entiteit: str,
    row: Base,
    before: dict[str, Any] | None,
    *,
    now: datetime,
    actie: str | None = None,
) -> None:
    """Flush ``row`` (a new one gets its id) and audit it: ``before`` (``None`` for a new row,
    from ``snapshot``) against what it is now. ``actie`` is by default ``aangemaakt`` for a new
    row and ``gewijzigd`` otherwise."""
    session.flush()
    identity = inspect(row).identity
    audit(
        session,
        actor,
        entiteit,
        None if identity is None else int(identity[0]),
        actie or ("aangemaakt" if before is None else "gewijzigd"),
        before,
        snapshot(row),
        now=now,
    )


def schooljaar_by_label(session: Session, label: str) -> Schooljaar:
    """The schooljaar with this label (``2021-2022``) or ``NotFound``."""
    if not isinstance(label, str) or not label.isascii() or len(label) > 20:
        raise NotFound("Dat schooljaar bestaat niet; schrijf het als 2021-2022.")
    jaar = session.scalars(select(Schooljaar).where(Schooljaar.label == label)).first()
    if jaar is None:
        raise NotFound(f"Schooljaar {label} bestaat niet.")
    return jaar


def last_change(session: Session, entiteit: str, entiteit_id: int) -> tuple[str, datetime] | None:
    """Who last changed a record and when (from the audit trail; views and exports, which record
    no state after, do not count)."""
    row = session.execute(
        select(AuditEntry.gebruikersnaam, Gebruiker.volledige_naam, AuditEntry.op)
        .outerjoin(Gebruiker, Gebruiker.id == AuditEntry.gebruiker_id)
        .where(
            AuditEntry.entiteit == entiteit,
            AuditEntry.entiteit_id == entiteit_id,
            AuditEntry.na != "",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return (row.volledige_naam or row.gebruikersnaam), row.op


def stale_edit(
    session: Session, entiteit: str, ident: int | None, wat: str, *, meervoud: bool = False
) -> StaleEdit:
    """The refusal of a save whose form loaded an older version of ``wat``: who changed it last
    and when (from the audit trail of ``entiteit`` ``ident``), in Dutch local time."""
    change = last_change(session, entiteit, ident) if ident is not None else None
    door = f" door {change[0]} op {date_time(change[1])}" if change else ""
    return StaleEdit(
        f"{wat[0].upper()}{wat[1:]} {'zijn' if meervoud else 'is'} intussen gewijzigd{door}. Uw wijzigingen zijn niet "
        "opgeslagen, zodat die van de ander niet verloren gaan. Laad de gegevens opnieuw en "
        "breng uw wijziging zo nodig opnieuw aan."
    )


def unknown_version(wat: str) -> StaleEdit:
    """The refusal of a save that does not say which version of ``wat`` its form loaded."""
    return StaleEdit(
        f"Niet bekend is van welke versie van {wat} uw wijziging uitgaat; er is niets "
        "opgeslagen. Laad de gegevens opnieuw en breng uw wijziging opnieuw aan."
    )


def claim_version(
    session: Session,
    row: Versioned,
    versie: int | None,
    *,
    entiteit: str,
    wat: str,
    meervoud: bool = False,
    audit_id: int | None = None,
) -> None:
    """Go on with a save only if ``row`` is still at ``versie``, the version the form loaded;
    otherwise refuse with ``StaleEdit`` saying who changed it and when (the audit entries of
    ``entiteit`` with id ``audit_id``, by default the row's own id). The save then counts the
    version up, also when only child rows (conditions, plan lines) change."""
    if versie is None:  # a caller (or a replayed command) that does not say what it loaded
        raise unknown_version(wat)
    if row.versie != versie:
        ident = audit_id if audit_id is not None else int(inspect(row).identity[0])
        raise stale_edit(session, entiteit, ident, wat, meervoud=meervoud)
    mapper = inspect(type(row))
    pk = {c.key for c in mapper.primary_key}
    key = next(a.key for a in mapper.column_attrs if a.key not in pk and a.key != "versie")
    flag_modified(row, key)


def row_to_save(
    session: Session,
    model: type[T],
    record_id: int | None,
    versie: int | None,
    *,
    new: Callable[[], T],
    label: str,
    entiteit: str,
    wat: Callable[[T], str],
) -> tuple[T, dict[str, Any] | None]:
    """The row a save writes: ``new()``, added to the session, when ``record_id`` is ``None``;
    else the stored row (``label`` names it when it is missing) once ``claim_version`` lets the
    save go on. With it its ``snapshot`` for the audit entry (``None`` for a new row)."""
    if record_id is None:
        row = new()
        session.add(row)
        return row, None
    row = get_or_404(session, model, record_id, label)
    assert isinstance(row, Versioned)
    claim_version(session, row, versie, entiteit=entiteit, wat=wat(row))
    return row, snapshot(row)
