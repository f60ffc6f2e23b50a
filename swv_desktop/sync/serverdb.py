"""The server's side of synchronisation, without HTTP: change numbers, sessions, id blocks, the
replay of commands and the pull. ``sync.server`` puts it on the network.

- **Change numbers**: ``install_triggers`` gives every synchronised table a trigger that writes
  the row's new change number (``sync_nummer``) or its tombstone to ``sync_wijziging``. The
  trigger first takes one transaction-level advisory lock, so writers number their changes in
  commit order and a pull never skips a change that commits late.
- **Replay**: ``sync.replay`` (one transaction per pushed batch, a savepoint per command).
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models.sync import SyncIdBlok
from swv_desktop.models.sync import SyncSessie
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.protocol import synced_tables
from swv_desktop.sync.protocol import token_hash

log = logging.getLogger(__name__)

LOCK_KEY = 7_012_026
BLOCK_SIZE = 1000
Keys = tuple[str, str]
"""A sign-in's throttle keys: who, and from which address (``throttle_keys``)."""
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION swv_sync_wijziging() RETURNS trigger AS $$
DECLARE rij bigint;
BEGIN
  PERFORM pg_advisory_xact_lock({LOCK_KEY});
  IF TG_OP = 'DELETE' THEN rij := OLD.id; ELSE rij := NEW.id; END IF;
  INSERT INTO sync_wijziging (tabel, rij_id, nummer, verwijderd)
  VALUES (TG_TABLE_NAME, rij, nextval('sync_nummer'), TG_OP = 'DELETE')
  ON CONFLICT (tabel, rij_id)
  DO UPDATE SET nummer = EXCLUDED.nummer, verwijderd = EXCLUDED.verwijderd;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""


class SessionError(KnownError):
    """No valid session: signed out, expired, or the account was disabled."""


def install_triggers(db: Database) -> None:
    """The change-number triggers on every synchronised table (again at each start, so a table
    added by a later migration gets one too); rows already there get a number once."""
    if db.dialect != "postgresql":
        raise KnownError("De server werkt met een PostgreSQL-database (postgresql+psycopg://...).")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE IF NOT EXISTS sync_nummer"))
        conn.execute(text(TRIGGER_FUNCTION))
        for tab in synced_tables():
            conn.execute(
                text(
                    f"CREATE OR REPLACE TRIGGER swv_sync_{tab.name} AFTER INSERT OR UPDATE OR "
                    f"DELETE ON {tab.name} FOR EACH ROW EXECUTE FUNCTION swv_sync_wijziging()"
                )
            )
            conn.execute(
                text(
                    f"INSERT INTO sync_wijziging (tabel, rij_id, nummer, verwijderd) "
                    f"SELECT '{tab.name}', id, nextval('sync_nummer'), false FROM {tab.name} "
                    "ON CONFLICT DO NOTHING"
                )
            )


# -- sessions ------------------------------------------------------------------------------


def open_session(db: Database, actor: Actor, lifetime: timedelta) -> tuple[str, datetime]:
    """A new session token for ``actor`` (only its hash is stored) and when it expires."""
    token = secrets.token_urlsafe(32)
    now = db.clock()
    with db.transaction() as session:
        session.add(
            SyncSessie(
                token_hash=token_hash(token),
                gebruiker_id=actor.id,
                aangemaakt_op=now,
                verloopt_op=now + lifetime,
            )
        )
        session.execute(delete(SyncSessie).where(SyncSessie.verloopt_op < now - timedelta(days=1)))
    return token, now + lifetime


def actor_of(db: Database, token: str | None) -> Actor:
    """The signed-in user of a session token, or a Dutch refusal."""
    if not token:
        raise SessionError("U bent niet aangemeld bij de server; meld u aan.")
    with db.read() as session:
        row = session.get(SyncSessie, token_hash(token))
        if row is None:
            raise SessionError("Deze aanmelding is onbekend of beëindigd; meld u opnieuw aan.")
        if row.verloopt_op <= db.clock():
            raise SessionError("Uw sessie is verlopen; meld u opnieuw aan.")
        user = session.get(Gebruiker, row.gebruiker_id)
        if user is None or not user.actief:
            raise SessionError("Dit account is niet (meer) actief.")
        return actor_for(user)


def sign_out(db: Database, token: str) -> None:
    with db.transaction() as session:
        row = session.get(SyncSessie, token_hash(token))
        if row is not None:
            session.delete(row)


def check_throttle(
    attempts: dict[str, list[datetime]], key: str, now: datetime, limit: int = 5
) -> None:
    """Refuse while ``key`` (a user name, or an address) had ``limit`` failures in the last 15
    minutes."""
    recent = [t for t in attempts.get(key, []) if t > now - timedelta(minutes=15)]
    attempts[key] = recent
    if len(recent) >= limit:
        wait = int((recent[0] + timedelta(minutes=15) - now).total_seconds() // 60) + 1
        raise AuthenticationFailed(
            f"Te veel mislukte aanmeldingen; probeer het over {wait} minuten opnieuw."
        )


def throttle_keys(who: str, address: str) -> Keys:
    """What failed attempts are counted under: ``who`` (a user name, or a device) and the
    client's ``address``."""
    return (who, f"adres:{address}")


def throttle(attempts: dict[str, list[datetime]], keys: Keys, now: datetime) -> None:
    """Refuse while the first of ``keys`` had 5 failures in the last 15 minutes, or the address
    30."""
    check_throttle(attempts, keys[0], now, 5)
    check_throttle(attempts, keys[1], now, 30)


def note_failure(attempts: dict[str, list[datetime]], keys: Keys, now: datetime) -> None:
    """One more failed attempt for each of ``keys`` (from ``throttle``)."""
    for key in keys:
        attempts.setdefault(key, []).append(now)


# -- id blocks -----------------------------------------------------------------------------


def hand_out_blocks(db: Database, actor: Actor, wanted: list[str]) -> dict[str, list[int]]:
    """A fresh block of ids per asked table, reserved from the table's sequence."""
    names = {t.name for t in bereik.tables_for(actor)} & set(wanted)
    out: dict[str, list[int]] = {}
    with db.transaction() as session:
        for name in sorted(names):
            session.execute(text(f"LOCK TABLE {name} IN SHARE ROW EXCLUSIVE MODE"))
            seq = f"pg_get_serial_sequence('{name}', 'id')"
            first = int(session.scalar(text(f"SELECT nextval({seq})")) or 0)
            session.execute(text(f"SELECT setval({seq}, :last)"), {"last": first + BLOCK_SIZE - 1})
            last = first + BLOCK_SIZE - 1
            session.add(
                SyncIdBlok(
                    gebruiker_id=actor.id,
                    tabel=name,
                    eerste=first,
                    laatste=last,
                    uitgegeven_op=db.clock(),
                )
            )
            out[name] = [first, last]
    return out
