"""The laptop's side of devices: who this laptop is, wiping a revoked replica, the lock after a
period without contact, and a key slot for a password changed elsewhere or recovered.

- **Identity**: beside the replica ``NAME.db.apparaat`` (JSON, no secret) holds the laptop's
  device uuid and name; every sign-in sends them (``sign_in``). The replica's recovery key slot
  is the *device slot*: its secret is made here once and sent to the server, which hands it
  back only after a successful sign-in or a valid recovery code.
- **Wipe**: the server answers ``410`` for a revoked device or a deactivated account; the
  replica, its WAL/SHM, its key file, its anchor, its backups and the identity file are
  overwritten and removed (``sync.overzetten.delete_source``) and ``ReplicaWiped`` carries the
  Dutch reason.
- **Lock**: a replica that has not reached the server for ``Organisatie.offline_slot_dagen``
  days (default 30) does not open offline (``refuse_when_locked``); nothing is removed.
- **Passwords**: ``open_with_server`` (the key slot refused the password, the server accepts it)
  and ``recover`` (a one-time code from the beheerder) write a key slot for the new password
  from the device secret; the outbox stays as it is.
"""

from __future__ import annotations

import json
import socket
import uuid as uuidlib
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.private_files import write_private
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models.organisatie import OFFLINE_SLOT_DAGEN
from swv_desktop.services.common import Actor
from swv_desktop.sync import replica

if TYPE_CHECKING:
    from swv_desktop.services.apparaten import ApparaatRij
    from swv_desktop.services.toegang import Gate
    from swv_desktop.sync.client import Connection

WIPED = 410
"""The server's status for "wipe this replica" (a revoked device, a deactivated account)."""
CONTACT_KEY = "laatste_contact"
"""Replica state: when this laptop last reached the server (ISO, the laptop's clock)."""
SECRET_SENT_KEY = "apparaat_sleutel_gemeld"
"""Replica state: the server has the secret of this replica's device slot."""


class ReplicaWiped(KnownError):
    """The server told this laptop to wipe its replica (revoked, or the account deactivated)."""


class ReplicaLocked(KnownError):
    """Too long without contact with the server: the replica opens only once it is reached."""


def identity_path(path: Path) -> Path:
    return path.with_name(path.name + ".apparaat")


def identity(path: Path) -> dict[str, str]:
    """This laptop's device for the replica at ``path`` (made on first need)."""
    file = identity_path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("uuid"):
            return {"uuid": str(data["uuid"]), "naam": str(data.get("naam", ""))}
    except (OSError, ValueError):
        pass
    made = {"uuid": str(uuidlib.uuid4()), "naam": host_name()}
    file.parent.mkdir(parents=True, exist_ok=True)
    write_private(file, json.dumps(made).encode("utf-8"))
    return made


def server_of(path: Path) -> str:
    """The server this laptop's replica at ``path`` last reached ("" before its first sign-in):
    kept beside the replica so a sign-in window can ask it before the file is open."""
    try:
        data = json.loads(identity_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("server", "")) if isinstance(data, dict) else ""


def _remember_server(path: Path, connection: Connection) -> None:
    """Keep the server's address and the certificate this laptop trusts (public facts) beside
    the replica, for the sign-in window's questions before the file is open."""
    data = {**identity(path), "server": connection.base, "certificaat": connection.pin.known}
    try:
        if json.loads(identity_path(path).read_text(encoding="utf-8")) == data:
            return
    except (OSError, ValueError):
        pass
    write_private(identity_path(path), json.dumps(data).encode("utf-8"))


def connection_for(path: Path) -> Connection:
    """A connection to the server of the replica at ``path``, holding it to the certificate this
    laptop trusts; ``KnownError`` when the laptop never reached a server from it."""
    from swv_desktop.sync import trust
    from swv_desktop.sync.client import Connection

    server = server_of(path)
    if not server:
        raise KnownError("Deze laptop weet niet bij welke server hij hoort.")
    try:
        known = json.loads(identity_path(path).read_text(encoding="utf-8")).get("certificaat")
    except (OSError, ValueError, AttributeError):
        known = None
    return Connection(server, timeout=10.0, pin=trust.Pin(known or None))


def host_name() -> str:
    """The name this laptop shows in the beheerder's list (its host name)."""
    return socket.gethostname()[:200] or "laptop"


def replica_path(folder: Path, username: str) -> Path:
    """Where a user's replica lives on this laptop: one file per user, so two users on one
    laptop each have their own (``sync.apparaat_bestanden``)."""
    from swv_desktop.sync.apparaat_bestanden import replica_path as named

    return named(folder, username)


def wipe_replica(path: Path) -> list[Path]:
    """Overwrite and remove the replica, its WAL/SHM, key file, anchor, backups and identity."""
    from swv_desktop.encryption.private_files import wipe
    from swv_desktop.sync.leave import replica_files
    from swv_desktop.sync.overzetten import delete_source

    removed = delete_source(path)  # the provable deletion of a standalone file, reused
    for rest in [*replica_files(path), identity_path(path)]:  # and what only a replica has
        if rest.exists():
            wipe(rest)
            removed.append(rest)
    return removed


def _wiped(db: Database | None, path: Path, message: str) -> ReplicaWiped:
    from swv_desktop.sync.leave import logs_zeroed

    if db is not None:
        with logs_zeroed(path):
            db.close()
    wipe_replica(path)
    return ReplicaWiped(message)


def _device_call(
    connection: Connection,
    path: Path,
    route: str,
    body: dict[str, Any],
    *,
    device: dict[str, Any] | None = None,
    db: Database | None = None,
) -> dict[str, Any]:
    """``connection.call`` from this laptop, naming it (``device``, else ``identity(path)``); a
    ``410`` (the laptop revoked, or its user's account no longer active) wipes the replica at
    ``path`` (closing ``db`` first) and raises ``ReplicaWiped``."""
    from swv_desktop.sync.client import Refused

    try:
        return connection.call(
            route, {**body, "apparaat": identity(path) if device is None else device}
        )
    except Refused as exc:
        if exc.status == WIPED:
            raise _wiped(db, path, str(exc)) from exc
        raise


def _new_device_secret(db: Database) -> str:
    """Make (again) the replica's device slot; its secret, to be sent to the server."""
    ring = db.keys
    if ring is None or not ring.candidates:
        raise KnownError("De replica is vergrendeld.")
    secret = ring.file.set_recovery_slot(ring.data_key)
    ring.file.pending_recovery = None  # never shown: the server keeps it
    ring.file.save()
    return secret


def sign_in(connection: Connection, db: Database, username: str, password: str) -> Actor:
    """Sign in at the server as this device (registered at the first sign-in, with the secret of
    the replica's device slot); a ``410`` wipes the replica and raises ``ReplicaWiped``."""
    assert db.path is not None
    device: dict[str, Any] = identity(db.path)
    send_secret = replica.get_state(db, SECRET_SENT_KEY) != "1"
    if send_secret:
        device["sleutel"] = _new_device_secret(db)
    body = {"gebruikersnaam": username, "wachtwoord": password}
    answer = _device_call(connection, db.path, "/aanmelden", body, device=device, db=db)
    connection.token = str(answer["token"])
    _remember_server(db.path, connection)
    with db.transaction() as session:
        known = "1" if answer.get("sleutel_bekend") else ""
        replica.set_state(session, {CONTACT_KEY: db.clock().isoformat(), SECRET_SENT_KEY: known})
    user = answer["gebruiker"]
    return Actor(int(user["id"]), user["gebruikersnaam"], user["naam"], Rol(user["rol"]))


def locked_since(db: Database, now: datetime) -> str | None:
    """The Dutch refusal when the replica has not reached the server for too long, else None."""
    raw = replica.get_state(db, CONTACT_KEY)
    if not raw:
        return None  # never signed in from here yet (made before devices existed): not locked
    with db.read() as session:
        days = session.scalar(select(Organisatie.offline_slot_dagen).limit(1))
    limit = int(days or OFFLINE_SLOT_DAGEN)
    last = datetime.fromisoformat(raw)
    if now - last <= timedelta(days=limit):
        return None
    from swv_desktop.formatting import date_time

    return (
        f"Deze laptop heeft sinds {date_time(last)} geen verbinding meer gehad met de server "
        f"(langer dan {limit} dagen). Daarom opent de replica niet zonder verbinding. Maak "
        "verbinding met het netwerk van het bureau en meld u opnieuw aan; wat nog wacht op "
        "verzending blijft bewaard."
    )


def refuse_when_locked(db: Database) -> None:
    """Close ``db`` and raise ``ReplicaLocked`` when it may not open offline."""
    message = locked_since(db, db.clock())
    if message is not None:
        db.close()
        raise ReplicaLocked(message)


def require_contact(laptop: Any) -> None:
    """The window's check (its sign-in opened the replica with the key slot): when the replica
    is locked, reach the server now (``Laptop.sign_in``) or refuse with ``ReplicaLocked``."""
    from swv_desktop.sync.client import Refused
    from swv_desktop.sync.client import Unreachable

    message = locked_since(laptop.db, laptop.db.clock())
    if message is None:
        return
    try:
        laptop.sign_in(laptop.actor.gebruikersnaam, laptop.password)
    except (Unreachable, Refused) as exc:
        raise ReplicaLocked(message) from exc


def window_sign_in(gate: Gate, username: str, password: str) -> Actor:
    """The sign-in window on a replica: the key slot first; when it refuses the password and the
    server accepts it (changed there or on another laptop), a new slot, then the key slot again.
    Offline the refusal says the new password works once the laptop reaches the server."""
    try:
        return gate.sign_in(username, password)
    except AuthenticationFailed as exc:
        if not server_of(gate.path):
            raise
        open_with_server(gate.path, connection_for(gate.path), username, password, exc)
        gate.key_file = KeyFile.load(sidecar_path(gate.path))
        return gate.sign_in(username, password)


def _rewrap(path: Path, username: str, password: str, secret: str) -> None:
    """A key slot for ``password`` from the device secret (the outbox is not touched)."""
    key_file = KeyFile.load(sidecar_path(path))
    try:
        candidates = key_file.unlock_recovery(secret)
    except KnownError as exc:
        raise KnownError(
            "De sleutel van de server past niet bij deze replica; vraag de beheerder om hulp."
        ) from exc
    key_file.set_password_slot(username, password, candidates[0])
    key_file.save()


def open_with_server(
    path: Path, connection: Connection, username: str, password: str, refused: Exception
) -> None:
    """The key slot refused ``password``: when the server accepts it (changed on the server or
    on another laptop), write a slot for it from the device secret; else raise ``refused``."""
    from swv_desktop.sync.client import Refused
    from swv_desktop.sync.client import Unreachable

    if not identity_path(path).exists():
        raise refused
    if connection.pin.known is None:  # the certificate this laptop trusts (kept beside it)
        connection.pin.known = connection_for(path).pin.known if server_of(path) else None
    body = {"gebruikersnaam": username, "wachtwoord": password, "sleutel_nodig": True}
    try:
        answer = _device_call(connection, path, "/aanmelden", body)
    except Unreachable as exc:
        raise AuthenticationFailed(
            "Gebruikersnaam of wachtwoord is onjuist. Is uw wachtwoord onlangs gewijzigd? Dan "
            "opent de laptop met het nieuwe wachtwoord zodra hij verbinding heeft met de server."
        ) from exc
    except Refused as exc:
        raise refused from exc
    secret = answer.get("apparaat_sleutel")
    if not secret:
        raise refused
    _rewrap(path, username, password, str(secret))


def recover(
    path: Path, connection: Connection, username: str, code: str, new_password: str
) -> None:
    """A password forgotten while offline: the beheerder's one-time ``code`` (online) sets
    ``new_password`` on the server and on this laptop's key slot; the outbox is kept."""
    from swv_desktop.sync.client import Refused

    if not identity_path(path).exists():
        raise KnownError("Op deze laptop staat geen replica om te herstellen.")
    body = {"gebruikersnaam": username, "code": code, "nieuw_wachtwoord": new_password}
    try:
        answer = _device_call(connection, path, "/herstellen", body)
    except Refused as exc:
        raise KnownError(str(exc)) from exc
    _rewrap(path, username, new_password, str(answer["apparaat_sleutel"]))


def list_remote(connection: Connection) -> list[ApparaatRij]:
    """The beheerder's list of laptops, from the server (a replica holds no device rows)."""
    from swv_desktop.services.apparaten import ApparaatRij

    def when(value: Any) -> datetime | None:
        return None if value is None else datetime.fromisoformat(str(value))

    rows = connection.call("/apparaten", {})["apparaten"]
    return [
        ApparaatRij(
            int(r["id"]),
            int(r["gebruiker_id"]),
            str(r["gebruikersnaam"]),
            str(r["gebruiker_naam"]),
            bool(r["gebruiker_actief"]),
            str(r["naam"]),
            datetime.fromisoformat(str(r["eerste_contact"])),
            datetime.fromisoformat(str(r["laatste_contact"])),
            when(r["ingetrokken_op"]),
            when(r["herstelcode_tot"]),
        )
        for r in rows
    ]


def recover_for_gate(gate: Gate, username: str, code: str, new_password: str) -> None:
    """``recover`` from the sign-in window (the replica not open yet): the server kept beside
    the replica is asked; the window's gate then reads the new key slot."""
    recover(gate.path, connection_for(gate.path), username, code, new_password)
    gate.key_file = KeyFile.load(sidecar_path(gate.path))
