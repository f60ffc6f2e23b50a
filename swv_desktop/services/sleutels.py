"""The key slots of the open database, kept in step with the accounts.

Called by the account services inside their transaction (a failed write of the key file rolls
the change back): a new account or a new password writes that account's slot; switching an account
off removes its slot and re-keys the database. On a plaintext database (``db.keys is None``,
tests of the plaintext path) these do nothing.
"""

from __future__ import annotations

from swv_desktop.db import Database
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.scope import Recht


def store_slot(db: Database, username: str, password: str) -> None:
    """Write (or rewrite) the key slot of ``username`` for ``password``."""
    if db.keys is None:
        return
    db.keys.file.set_password_slot(username, password, db.keys.data_key)
    db.keys.file.save()


def has_slot(db: Database, username: str) -> bool:
    """True when ``username`` can open the database (always true on a plaintext database)."""
    return db.keys is None or db.keys.file.has_slot(username)


def forget_slot(db: Database, username: str) -> list[str]:
    """Remove the slot of ``username`` and re-key (the old slot then opens nothing); returns the
    converted accounts whose legacy slots had to go as well (they need a new password)."""
    if db.keys is None or not db.keys.file.has_slot(username):
        return []
    return db.remove_key_slot(username)


def set_organisation(db: Database, naam: str) -> None:
    """The organisation's name as the sign-in window shows it."""
    if db.keys is None or db.keys.file.organisatie == naam:
        return
    db.keys.file.organisatie = naam
    db.keys.file.save()


def take_recovery_key(db: Database, actor: Actor) -> str | None:
    """The recovery key not yet shown, for a beheerder only; forgotten once taken."""
    scope.active(db, actor, Recht.GEBRUIKERS)
    if db.keys is None:
        return None
    return db.keys.file.take_pending_recovery(db.keys.data_key)
