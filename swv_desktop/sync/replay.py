"""The server's replay of a pushed batch of commands: one transaction per batch, each command
applied whole or not at all.

``replay_all`` runs the commands of one request in order, each through its own service function
as the signed-in actor, all inside one write transaction (``Database.batch``: the service's own
``db.transaction()`` joins it). The first pass runs them without savepoints; when any command
is refused, that pass is rolled back whole and the batch runs again with each command in a
SAVEPOINT: a refused command rolls back only its own changes, and its refusal is stored (a
batch without refusals, the usual push, saves two round trips per command). Every command's uuid and answer are written in
that same transaction, so when the batch commits every command is applied once with its answer
stored, and when the server dies before the commit nothing of the batch is: the laptop's resend
then replays it all, or gets the stored answers. A resent command gets its stored answer; a uuid
sent twice in one batch is applied once.

Per batch (not per command): one connection, one BEGIN and COMMIT, one look-up of the stored
answers, one of the user's id blocks, and the audit chain's lock and head; the objects the
commands load stay held for the batch (``_Batch.held``). The log lines follow the commit.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import AUDIT_HEAD
from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.errors import StaleEdit
from swv_desktop.logsafe import safe
from swv_desktop.models.sync import SyncIdBlok
from swv_desktop.models.sync import SyncOpdracht
from swv_desktop.services import commands
from swv_desktop.services.common import Actor
from swv_desktop.services.common import snapshot
from swv_desktop.sync import ids
from swv_desktop.sync import omzetten

log = logging.getLogger(__name__)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REPLAY_LOCK = threading.Lock()
"""Batches are replayed one at a time (a small team; the order is the order of arrival)."""

_CURRENT: contextvars.ContextVar[ids.IdSource | None] = contextvars.ContextVar(
    "swv_server_command", default=None
)


class ServerHooks:
    """Set as ``Database.hooks`` on the server: a replayed command's new rows get the laptop's
    ids (the command's ``IdPlan``)."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock

    def run_command(self, command: Any, db: Database, actor: Any, arguments: dict[str, Any]) -> Any:
        return command.invoke(db, actor, arguments)  # a direct call on the server (tests, batch)

    def began(self, session: Session) -> None:
        source = _CURRENT.get()
        if source is not None:
            session.info[ids.IDS_KEY] = source

    def committing(self, session: Session) -> None:
        """Nothing: ``replay_all`` writes the command's uuid and answer in the batch."""


Origin = tuple[str | None, datetime | None]
"""The schema revision of the laptop that wrote a command, and when by its clock."""


def client_origin(envelope: dict[str, Any]) -> Origin:
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


@dataclass
class _Checked:
    """A command envelope that passed the checks that need no database."""

    uuid: str
    spec: commands.Command
    arguments: dict[str, Any]
    planned: dict[str, list[int]]
    origin: Origin = (None, None)


@dataclass
class _Batch:
    """One request's commands in one transaction: what the batch looked up once, and the
    answers to store."""

    session: Session
    db: Database
    actor: Actor
    stored: dict[str, SyncOpdracht]
    blocks: list[Any]
    careful: bool
    """A savepoint per command (the second pass, after a refusal in the first)."""
    done: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    logged: list[tuple[str, str, bool]] = field(default_factory=list)
    """(name, uuid, accepted) of each stored answer, logged once the batch committed."""
    held: list[Any] = field(default_factory=list)
    """Every object loaded in the batch, held as it is loaded (``_hold``): the session's identity
    map holds clean objects weakly, so they were gone when the command that loaded them
    returned, and each command read the user (``scope.verify``) and the schooljaar again."""

    def _hold(self, _session: Session, instance: object) -> None:
        self.held.append(instance)


class _Again(Exception):  # noqa: N818 - a signal, not an error
    """A command was refused in the batch's first pass (no savepoints): roll the batch back and
    replay it with a savepoint per command."""


def replay_all(
    db: Database,
    actor: Actor,
    envelopes: list[Any],
    after_commit: Callable[[dict[str, Any]], None] = lambda _a: None,
) -> list[dict[str, Any]]:
    """Replay every command of one request, in order, in one transaction; the answers in the
    same order: ``{"uuid", "geaccepteerd": true, "resultaat"}`` or ``{"uuid", "geaccepteerd":
    false, "melding", "server_versie"}``. A command without a valid uuid, or another user's, is
    answered (``uuid`` null), not stored. ``after_commit`` sees each answer once the batch has
    committed, before the request is answered (the tests' fault injection).

    The first pass runs the commands without savepoints (two round trips per command fewer);
    when one is refused, that pass is rolled back whole and the batch runs again with a
    savepoint per command, so a refused command rolls back only its own changes, as always."""
    with REPLAY_LOCK:
        try:
            answers, batch = _replay(db, actor, envelopes, careful=False)
        except _Again:
            answers, batch = _replay(db, actor, envelopes, careful=True)
    for name, uuid, accepted in batch.logged:
        verb = "verwerkt" if accepted else "geweigerd"
        log.info("Opdracht %s (%s) van gebruiker %d %s", safe(name), safe(uuid), actor.id, verb)
    for answer in answers:
        after_commit(answer)
    return answers


def _replay(
    db: Database, actor: Actor, envelopes: list[Any], *, careful: bool
) -> tuple[list[dict[str, Any]], _Batch]:
    answers: list[dict[str, Any]] = []
    with db.batch() as session:
        uuids = [str(e.get("uuid")) for e in envelopes if isinstance(e, dict)]
        stored = {
            row.uuid: row
            for row in session.scalars(select(SyncOpdracht).where(SyncOpdracht.uuid.in_(uuids)))
        }
        blocks = session.execute(
            select(SyncIdBlok.tabel, SyncIdBlok.eerste, SyncIdBlok.laatste).where(
                SyncIdBlok.gebruiker_id == actor.id
            )
        ).all()
        batch = _Batch(session, db, actor, stored, list(blocks), careful)
        event.listen(session, "loaded_as_persistent", batch._hold)
        for envelope in envelopes:
            try:
                answer = _one(batch, envelope)
            except KnownError as exc:
                answer = {"uuid": None, "geaccepteerd": False, "melding": str(exc)}
            answers.append(answer)
        if batch.rows:  # every answer in one statement, in the batch's transaction
            session.execute(insert(SyncOpdracht), batch.rows)
    return answers, batch


def _one(batch: _Batch, envelope: object) -> dict[str, Any]:
    if not isinstance(envelope, dict) or not UUID.fullmatch(str(envelope.get("uuid", ""))):
        raise commands.CommandError("De opdracht heeft geen geldig kenmerk (uuid).")
    uuid = str(envelope["uuid"])
    if uuid in batch.done:
        return batch.done[uuid]
    if uuid in batch.stored:
        answer = _stored(batch.stored[uuid], batch.actor)
    else:
        name = str(envelope.get("naam"))[:80]
        origin = client_origin(envelope)
        try:
            spec = commands.get(envelope.get("naam"))
            checked = _Checked(
                uuid,
                spec,
                spec.decode(
                    omzetten.upgrade(batch.session, spec.name, origin[0], envelope.get("gegevens"))
                ),
                _planned(envelope.get("ids")),
                origin,
            )
            _check_ids(batch.blocks, checked.planned)
        except KnownError as exc:
            answer = _refused(batch, uuid, name, exc, None, origin)
        else:
            answer = _apply(batch, checked)
    batch.done[uuid] = answer
    return answer


def _apply(batch: _Batch, checked: _Checked) -> dict[str, Any]:
    """Run one command (in its savepoint on the careful pass); store its answer (accepted or
    refused). A refusal on the first pass raises ``_Again``."""
    session, spec = batch.session, checked.spec
    head = session.info.get(AUDIT_HEAD)
    token = _CURRENT.set(ids.IdSource(ids.IdPlan(checked.planned)))
    try:
        if batch.careful:
            with session.begin_nested():
                result = spec.invoke(batch.db, batch.actor, checked.arguments)
        else:
            result = spec.invoke(batch.db, batch.actor, checked.arguments)
    except KnownError as exc:
        if not batch.careful:
            raise _Again from exc
        session.info[AUDIT_HEAD] = head  # its audit links were rolled back with it
        return _refused(batch, checked.uuid, spec.name, exc, checked, checked.origin)
    finally:
        _CURRENT.reset(token)
        session.info.pop(ids.IDS_KEY, None)
    answer = {"uuid": checked.uuid, "geaccepteerd": True, "resultaat": _result(result)}
    kept = {**answer, "resultaat": None} if spec.secret_result else answer  # never at rest
    _store(batch, checked.uuid, spec.name, kept, checked.origin)
    return answer


def _refused(
    batch: _Batch,
    uuid: str,
    name: str,
    exc: KnownError,
    checked: _Checked | None,
    origin: Origin,
) -> dict[str, Any]:
    answer: dict[str, Any] = {"uuid": uuid, "geaccepteerd": False, "melding": str(exc)}
    if isinstance(exc, StaleEdit) and checked is not None:
        answer["server_versie"] = _current(batch.session, checked)
    _store(batch, uuid, name, answer, origin)
    return answer


def _store(batch: _Batch, uuid: str, name: str, answer: dict[str, Any], origin: Origin) -> None:
    """The command's uuid and answer (with the laptop's schema revision and clock, and the
    server's receipt time), written with the others at the end of the batch."""
    batch.rows.append(
        {
            "uuid": uuid,
            "gebruiker_id": batch.actor.id,
            "naam": name,
            "ontvangen_op": batch.db.clock(),
            "geaccepteerd": bool(answer["geaccepteerd"]),
            "antwoord": json.dumps(answer, ensure_ascii=False),
            "client_schema": origin[0],
            "client_op": origin[1],
        }
    )
    batch.logged.append((name, uuid, bool(answer["geaccepteerd"])))


def _stored(row: SyncOpdracht, actor: Actor) -> dict[str, Any]:
    if row.gebruiker_id != actor.id:
        raise commands.CommandError("Deze opdracht is van een andere gebruiker.")
    if row.antwoord:
        answer: dict[str, Any] = json.loads(row.antwoord)
        return answer
    return {"uuid": row.uuid, "geaccepteerd": row.geaccepteerd, "resultaat": None}


def _planned(value: object) -> dict[str, list[int]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(type(i) is int for i in v)
        for k, v in value.items()
    ):
        raise commands.CommandError("De opdracht heeft ongeldige nummers voor nieuwe gegevens.")
    return {k: list(v) for k, v in value.items()}


def _check_ids(blocks: list[Any], planned: dict[str, list[int]]) -> None:
    for name, values in planned.items():
        for value in values:
            if not any(row.tabel == name and row.eerste <= value <= row.laatste for row in blocks):
                raise commands.CommandError(
                    f"De opdracht gebruikt nummer {value} voor '{name}', dat niet aan deze "
                    "gebruiker is uitgegeven."
                )


def _current(session: Session, checked: _Checked) -> dict[str, Any]:
    """The server's version of the record a stale edit was about (for both versions), as it
    stands in this batch."""
    ident = checked.spec.record_id(checked.arguments)
    if checked.spec.entity is None or ident is None:
        return {}
    from swv_desktop.models import Base

    model = next(
        (
            m.class_
            for m in Base.registry.mappers
            if m.persist_selectable.name == checked.spec.entity  # type: ignore[attr-defined]
        ),
        None,
    )
    if model is None:
        return {}
    row = session.get(model, ident, populate_existing=True)
    return snapshot(row) if row is not None else {}


def _result(value: Any) -> Any:
    try:
        return commands._encode(value)
    except TypeError:
        return None
