"""The laptops (devices) of the team's users, for the beheerder: list, revoke, recovery code.

Each laptop that signs in at the team server from a replica is a registered device of that user
(``models.sync.SyncApparaat``; ``sync.apparaat`` registers it). The beheerder

- lists them per user with their last contact (``list_apparaten``);
- revokes one (``revoke_apparaat``, a lost laptop): its sessions end at once, its key-slot secret
  is forgotten, and at that laptop's next contact the server answers so that it wipes its
  replica (what still waited in its outbox is lost);
- makes a one-time recovery code for a user who forgot her password while away
  (``make_recovery_code``): typed on that laptop once it is online, it lets her set a new
  password there without losing the outbox.

These are server matters: on a laptop the commands are sent to the server (``online_only``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models import SyncApparaat
from swv_desktop.models import SyncSessie
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import get_or_404
from swv_desktop.services.scope import Recht

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I: the code is read aloud over the phone."""
CODE_HOURS = 24
"""How long a recovery code stays valid."""

REVOKE_WARNING = (
    "Na het intrekken kan deze laptop niet meer bij de server. Bij zijn volgende verbinding "
    "wist hij de gegevens op de laptop (de replica en het sleutelbestand). Wijzigingen die daar "
    "nog wachten op verzending gaan daarbij verloren."
)
"""What the beheerder reads before he confirms a revocation."""


@dataclass(frozen=True)
class ApparaatRij:
    """A laptop as the beheerder sees it in the list."""

    id: int
    gebruiker_id: int
    gebruikersnaam: str
    gebruiker_naam: str
    gebruiker_actief: bool
    naam: str
    eerste_contact: datetime
    laatste_contact: datetime
    ingetrokken_op: datetime | None
    herstelcode_tot: datetime | None


def list_apparaten(db: Database, actor: Actor) -> list[ApparaatRij]:
    """Every registered laptop, by user name then last contact (newest first); beheerder only."""
    scope.active(db, actor, Recht.APPARATEN)
    with db.read() as session:
        rows = session.execute(
            select(SyncApparaat, Gebruiker)
            .join(Gebruiker, Gebruiker.id == SyncApparaat.gebruiker_id)
            .order_by(Gebruiker.gebruikersnaam, SyncApparaat.laatste_contact.desc())
        ).all()
        now = db.clock()
        return [_rij(row.SyncApparaat, row.Gebruiker, now) for row in rows]


def _rij(a: SyncApparaat, g: Gebruiker, now: datetime) -> ApparaatRij:
    return ApparaatRij(
        a.id,
        g.id,
        g.gebruikersnaam,
        g.volledige_naam,
        g.actief,
        a.naam,
        a.eerste_contact,
        a.laatste_contact,
        a.ingetrokken_op,
        a.herstelcode_tot
        if a.herstelcode_hash and a.herstelcode_tot and a.herstelcode_tot > now
        else None,
    )


def _state(row: SyncApparaat) -> dict[str, object]:
    return {
        "gebruiker_id": row.gebruiker_id,
        "naam": row.naam,
        "ingetrokken_op": row.ingetrokken_op.isoformat() if row.ingetrokken_op else None,
        "herstelcode": "open" if row.herstelcode_hash else "",
    }


@command("apparaat.intrekken", online_only=True)
def revoke_apparaat(db: Database, actor: Actor, apparaat_id: int) -> None:
    """Revoke a laptop (lost or handed in): its sessions end now, its key-slot secret and any
    open recovery code are forgotten; its next contact makes it wipe its replica."""
    with scope.transaction(db, actor, Recht.APPARATEN) as session:
        row = get_or_404(session, SyncApparaat, apparaat_id, "Laptop")
        if row.ingetrokken_op is not None:
            raise KnownError("Deze laptop is al ingetrokken.")
        before = _state(row)
        now = db.clock()
        row.ingetrokken_op, row.ingetrokken_door_id = now, actor.id
        row.sleutel, row.herstelcode_hash, row.herstelcode_tot = "", "", None
        session.execute(delete(SyncSessie).where(SyncSessie.apparaat_id == row.id))
        session.flush()
        audit(session, actor, "sync_apparaat", row.id, "ingetrokken", before, _state(row), now=now)


def new_code() -> str:
    """A fresh recovery code: three groups of four letters and digits (``K7PM-Q2XD-9WRT``)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normal_code(code: str) -> str:
    """The code as typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@command("apparaat.herstelcode", online_only=True, secret_result=True)
def make_recovery_code(db: Database, actor: Actor, apparaat_id: int) -> str:
    """A one-time recovery code for the user of this laptop (valid ``CODE_HOURS`` hours; only its
    hash is kept): shown once to the beheerder, who passes it to the user."""
    from swv_desktop.services.auth import hash_password

    with scope.transaction(db, actor, Recht.APPARATEN) as session:
        row = get_or_404(session, SyncApparaat, apparaat_id, "Laptop")
        if row.ingetrokken_op is not None:
            raise KnownError("Deze laptop is ingetrokken; een herstelcode helpt daar niet meer.")
        user = session.get(Gebruiker, row.gebruiker_id)
        if user is None or not user.actief:
            raise KnownError("Het account van deze laptop is niet actief.")
        if not row.sleutel:
            raise KnownError(
                "Deze laptop heeft zich nog niet met een sleutel aangemeld; laat de gebruiker "
                "eerst één keer synchroniseren."
            )
        code = new_code()
        before = _state(row)
        now = db.clock()
        row.herstelcode_hash = hash_password(normal_code(code))
        row.herstelcode_tot = now + timedelta(hours=CODE_HOURS)
        session.flush()
        audit(session, actor, "sync_apparaat", row.id, "herstelcode", before, _state(row), now=now)
        return code
