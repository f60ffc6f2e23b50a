"""Signed-in actors for tests that need one without the whole ``world``: the account is written
to the database (as the first-run wizard or the beheerder would) and sealed as sign-in does."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor


def signed_in(db: Database, rol: Rol = Rol.BEHEERDER, gebruikersnaam: str = "") -> Actor:
    """The sealed actor of a (new or existing) active account with ``rol``."""
    name = gebruikersnaam or f"test-{rol.value}"
    with db.transaction() as session:
        user = session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == name)).first()
        if user is None:
            user = Gebruiker(
                gebruikersnaam=name,
                volledige_naam=f"Test {rol.label}",
                rol=rol,
                wachtwoord_hash="niet-te-gebruiken",
                actief=True,
                aangemaakt_op=datetime(2021, 9, 1, tzinfo=UTC),
            )
            session.add(user)
            session.flush()
        return actor_for(user)


def unsaved(rol: Rol = Rol.BEHEERDER) -> Actor:
    """A sealed actor whose account is not in the database (for files that refuse every write
    before any account is read: damaged, locked)."""
    return actor_for(
        Gebruiker(id=1, gebruikersnaam=f"test-{rol.value}", volledige_naam="Test", rol=rol)
    )


def again(db: Database, actor: Actor) -> Actor:
    """The same account signed in anew in this process (a seal holds only in the process that
    issued it, as a sign-in holds only in its own window): for tests that hand an actor to
    another OS process."""
    with db.read() as session:
        user = session.get(Gebruiker, actor.id)
        assert user is not None
        return actor_for(user)


def a_directeur(db: Database) -> Actor:
    """An active programmadirecteur of the database (she may see every list), signed in."""
    with db.read() as session:
        user = session.scalars(
            select(Gebruiker)
            .where(Gebruiker.rol == Rol.PROGRAMMADIRECTEUR, Gebruiker.actief.is_(True))
            .order_by(Gebruiker.id)
        ).first()
        assert user is not None, "geen programmadirecteur in deze database"
        return actor_for(user)
