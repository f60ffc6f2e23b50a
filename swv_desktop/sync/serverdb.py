"""The server's side of synchronisation, without HTTP: change numbers, sessions, id blocks, the
replay of commands and the pull. ``sync.server`` puts it on the network.

- **Change numbers**: ``install_triggers`` gives every synchronised table a trigger that writes
  the row's new change number (``sync_nummer``) or its tombstone to ``sync_wijziging``. The
  trigger first takes one transaction-level advisory lock, so writers number their changes in
  commit order and a pull never skips a change that commits late.
- **Replay**: ``replay`` runs one command through its service function as the signed-in actor,
  in the service's own transaction; the command's uuid and answer are written in that same
  transaction (``ServerHooks.committing``), so a command is applied once, and a resend gets the
  stored answer. A refusal is stored too.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import AuthenticationFailed, KnownError, StaleEdit
from swv_desktop.logsafe import safe
from swv_desktop.models import Gebruiker
from swv_desktop.models.sync import SyncIdBlok, SyncOpdracht, SyncSessie
from swv_desktop.services import commands
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor, snapshot
from swv_desktop.sync import bereik, ids
from swv_desktop.sync.protocol import synced_tables, token_hash

log = logging.getLogger(__name__)

LOCK_KEY = 7_012_026
BLOCK_SIZE = 1000
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


def _check_ids(session: Session, actor: Actor, planned: dict[str, list[int]]) -> None:
    blocks = session.execute(
        select(SyncIdBlok.tabel, SyncIdBlok.eerste, SyncIdBlok.laatste).where(
            SyncIdBlok.gebruiker_id == actor.id
        )
    ).all()
    for name, values in planned.items():
        for value in values:
            if not any(t == name and a <= value <= b for t, a, b in blocks):
                raise commands.CommandError(
                    f"De opdracht gebruikt nummer {value} voor '{name}', dat niet aan deze "
                    "gebruiker is uitgegeven."
                )


# -- replay --------------------------------------------------------------------------------

_CURRENT: contextvars.ContextVar[_Running | None] = contextvars.ContextVar(
    "swv_server_command", default=None
)


@dataclass
class _Running:
    uuid: str
    actor: Actor
    name: str
    source: ids.IdSource
    stored: bool = False
    origin: tuple[str | None, datetime | None] = (None, None)
    """The laptop's schema revision and clock (``client_origin``)."""


def client_origin(envelope: dict[str, Any]) -> tuple[str | None, datetime | None]:
    """The schema revision of the laptop that wrote a command and when, by its clock; kept as
    told (never a reason to refuse: a laptop's clock may be off), ``None`` where absent or
    unreadable."""
    schema = envelope.get("schema")
    clock = envelope.get("klok")
    when = None
    if isinstance(clock, str):
        try:
            when = datetime.fromisoformat(clock)
        except ValueError:
            when = None
        if when is not None and when.tzinfo is None:
            when = None
    return (schema[:32] if isinstance(schema, str) and schema else None), when


class ServerHooks:
    """Gives a replayed command's new rows the laptop's ids and stores the command's uuid in
    the transaction that applies it."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock

    def run_command(self, command: Any, db: Database, actor: Any, arguments: dict[str, Any]) -> Any:
        return command.invoke(db, actor, arguments)  # a direct call on the server (tests, batch)

    def began(self, session: Session) -> None:
        running = _CURRENT.get()
        if running is not None:
            session.info[ids.IDS_KEY] = running.source

    def committing(self, session: Session) -> None:
        running = _CURRENT.get()
        if running is not None and not running.stored:
            _store(session, running, self.clock())


def _store(session: Session, running: _Running, now: datetime) -> None:
    session.add(
        SyncOpdracht(
            uuid=running.uuid,
            gebruiker_id=running.actor.id,
            naam=running.name,
            ontvangen_op=now,
            geaccepteerd=True,
            antwoord="",
            client_schema=running.origin[0],
            client_op=running.origin[1],
        )
    )
    running.stored = True


REPLAY_LOCK = threading.Lock()
"""Commands are replayed one at a time (a small team; the order is the order of arrival)."""


def replay(db: Database, actor: Actor, envelope: object) -> dict[str, Any]:
    """Apply one command (or give its stored answer). Returns the answer sent to the laptop:
    ``{"uuid", "geaccepteerd", "resultaat"}`` or ``{"uuid", "geaccepteerd": false, "melding",
    "server_versie"}``."""
    if not isinstance(envelope, dict) or not UUID.fullmatch(str(envelope.get("uuid", ""))):
        raise commands.CommandError("De opdracht heeft geen geldig kenmerk (uuid).")
    uuid = str(envelope["uuid"])
    with REPLAY_LOCK:
        refusal: KnownError | None = None
        with db.read() as session:  # one read: resent? then are its new rows' ids hers?
            stored = _stored(session, actor, uuid)
            if stored is not None:
                return stored
            try:
                spec = commands.get(envelope.get("naam"))
                arguments = spec.decode(envelope.get("gegevens"))
                planned = _planned(envelope.get("ids"))
                _check_ids(session, actor, planned)
            except KnownError as exc:
                refusal = exc
        origin = client_origin(envelope)
        if refusal is not None:
            name = str(envelope.get("naam"))[:80]
            return _refuse(db, actor, uuid, name, refusal, None, None, origin)
        running = _Running(uuid, actor, spec.name, ids.IdSource(ids.IdPlan(planned)))
        running.origin = origin
        token = _CURRENT.set(running)
        try:
            result = spec.invoke(db, actor, arguments)
        except KnownError as exc:
            refusal = exc
        finally:
            _CURRENT.reset(token)
        if refusal is not None:
            return _refuse(db, actor, uuid, spec.name, refusal, spec, arguments, origin)
        if not running.stored:  # a command that wrote nothing is stored now
            with db.transaction() as session:
                _store(session, running, db.clock())
        answer = {"uuid": uuid, "geaccepteerd": True, "resultaat": _result(result)}
        with db.transaction() as session:  # a resend gets this very answer
            row = session.get(SyncOpdracht, uuid)
            assert row is not None
            row.antwoord = json.dumps(answer, ensure_ascii=False)
        log.info(
            "Opdracht %s (%s) van gebruiker %d verwerkt", safe(spec.name), safe(uuid), actor.id
        )
        return answer


def _planned(value: object) -> dict[str, list[int]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(type(i) is int for i in v)
        for k, v in value.items()
    ):
        raise commands.CommandError("De opdracht heeft ongeldige nummers voor nieuwe gegevens.")
    return {k: list(v) for k, v in value.items()}


def _stored(session: Session, actor: Actor, uuid: str) -> dict[str, Any] | None:
    row = session.get(SyncOpdracht, uuid)
    if row is None:
        return None
    if row.gebruiker_id != actor.id:
        raise commands.CommandError("Deze opdracht is van een andere gebruiker.")
    if row.antwoord:
        answer: dict[str, Any] = json.loads(row.antwoord)
        return answer
    return {"uuid": uuid, "geaccepteerd": row.geaccepteerd, "resultaat": None}


def replay_all(
    db: Database,
    actor: Actor,
    envelopes: list[Any],
    after_each: Callable[[dict[str, Any]], None] = lambda _a: None,
) -> list[dict[str, Any]]:
    """``replay`` of every command of one request, in order, on one thread (the answers in the
    same order); a command without a valid uuid, or another user's, is answered, not stored."""
    answers = []
    for envelope in envelopes:
        try:
            answer = replay(db, actor, envelope)
        except KnownError as exc:
            answer = {"uuid": None, "geaccepteerd": False, "melding": str(exc)}
        after_each(answer)
        answers.append(answer)
    return answers


def _refuse(
    db: Database,
    actor: Actor,
    uuid: str,
    name: str,
    exc: KnownError,
    spec: commands.Command | None,
    arguments: dict[str, Any] | None,
    origin: tuple[str | None, datetime | None] = (None, None),
) -> dict[str, Any]:
    answer: dict[str, Any] = {"uuid": uuid, "geaccepteerd": False, "melding": str(exc)}
    if isinstance(exc, StaleEdit) and spec is not None and arguments is not None:
        answer["server_versie"] = _current(db, spec, arguments)
    with db.transaction() as session:
        session.add(
            SyncOpdracht(
                uuid=uuid,
                gebruiker_id=actor.id,
                naam=name,
                ontvangen_op=db.clock(),
                geaccepteerd=False,
                antwoord=json.dumps(answer, ensure_ascii=False),
                client_schema=origin[0],
                client_op=origin[1],
            )
        )
    log.info("Opdracht %s (%s) van gebruiker %d geweigerd", safe(name), safe(uuid), actor.id)
    return answer


def _current(db: Database, spec: commands.Command, arguments: dict[str, Any]) -> dict[str, Any]:
    """The server's version of the record a stale edit was about (for both versions)."""
    ident = spec.record_id(arguments)
    if spec.entity is None or ident is None:
        return {}
    from swv_desktop.models import Base

    model = next(
        (m.class_ for m in Base.registry.mappers if m.persist_selectable.name == spec.entity),  # type: ignore[attr-defined]
        None,
    )
    if model is None:
        return {}
    with db.read() as session:
        row = session.get(model, ident)
        return snapshot(row) if row is not None else {}


def _result(value: Any) -> Any:
    try:
        return commands._encode(value)
    except TypeError:
        return None
