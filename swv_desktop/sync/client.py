"""The laptop's side of the conversation: sign in, push the outbox, pull, re-apply.

``Laptop.open(path, server, username, password)`` opens (or on the first sync creates) the
encrypted replica; ``laptop.sync_round()`` does one round: fresh id blocks when few are left,
push every waiting command (each answer is stored as it comes), then pull and apply (undo the
local commands, apply the server's changes, re-apply what still waits). ``not_processed`` is the
"Niet verwerkt" list: refused commands with the Dutch reason, when, and both versions.

The parts live beside it: the HTTP(S) connection in ``sync.verbinding``, the round's push, pull
and summary in ``sync.ronde``, the "Niet verwerkt" list in ``sync.niet_verwerkt``; their names are
importable from here as before.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.encryption.convert import new_keyring
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.opening import open_database
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services import commands
from swv_desktop.services import scope
from swv_desktop.services.auth import actor_for
from swv_desktop.services.avg_kopie import AvgKopie
from swv_desktop.services.common import Actor
from swv_desktop.sync import apparaat
from swv_desktop.sync import ids
from swv_desktop.sync import replica
from swv_desktop.sync import ronde
from swv_desktop.sync import trust
from swv_desktop.sync import versions
from swv_desktop.sync.niet_verwerkt import NotProcessed
from swv_desktop.sync.niet_verwerkt import discard
from swv_desktop.sync.niet_verwerkt import not_processed
from swv_desktop.sync.ronde import LOW_WATER
from swv_desktop.sync.ronde import PULL_TIMEOUT
from swv_desktop.sync.ronde import PUSH_BATCH
from swv_desktop.sync.ronde import RoundResult
from swv_desktop.sync.verbinding import Connection
from swv_desktop.sync.verbinding import Refused
from swv_desktop.sync.verbinding import Unreachable
from swv_desktop.sync.verbinding import check_connection

__all__ = [
    "LOW_WATER",
    "PULL_TIMEOUT",
    "PUSH_BATCH",
    "Connection",
    "Laptop",
    "NotProcessed",
    "Refused",
    "RoundResult",
    "Unreachable",
    "check_connection",
    "discard",
    "not_processed",
    "open_replica",
]


def open_replica(path: Path, username: str, password: str) -> Database:
    """The replica file, encrypted with a key slot for this user's password (the password the
    server last accepted; it also opens the replica offline). Created when missing."""
    if path.exists():
        key_file = KeyFile.load(sidecar_path(path))
        try:
            ring = KeyRing(file=key_file, candidates=key_file.unlock(username, password))
        except KnownError as exc:
            raise AuthenticationFailed("Gebruikersnaam of wachtwoord is onjuist.") from exc
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        ring = new_keyring(path)
        ring.file.set_password_slot(username, password, ring.data_key)
        ring.file.save()
    db = open_database(path, keys=ring)
    replica.prepare(db)
    ids.install()
    commands.all_commands()
    return db


@dataclass
class Laptop:
    """A replica and its connection to the server."""

    db: Database
    connection: Connection
    actor: Actor
    password: str = field(default="", repr=False)
    """Kept in memory only, to sign in again when the server is back or a session expired."""
    online: bool | None = None
    """Whether the last round reached the server (``None``: not tried yet)."""
    last_error: str = ""
    """The Dutch reason the last round did not reach the server (or was refused)."""
    untrusted: trust.CertificateChanged | None = None
    """Set while the server shows another certificate than the one this laptop trusts."""
    pinned_now: str = ""
    """A certificate kept at the first connection, until a round's result reports it."""
    _round: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _ended: bool = field(default=False, repr=False)
    _parked: str | None = field(default=None, repr=False)
    """The session token while the server could not be reached: back online, the next round
    goes on in that session instead of signing in again (the password check on the server is
    memory-hard on purpose); the server refuses it when it expired, the account was disabled or
    the device revoked, and the laptop then signs in anew (a revoked device: wiped)."""

    def __post_init__(self) -> None:
        if self.connection.pin.known is None:  # the certificate this replica trusts
            self.connection.pin.known = replica.get_state(self.db, trust.STATE_KEY) or None
        versions.note_writer(self.db, [u for u, *_ in self.waiting()])

    @classmethod
    def open(
        cls, path: Path, server: str, username: str, password: str, cafile: Path | None = None
    ) -> Laptop:
        """Open the replica; sign in at the server when reachable (offline: the replica's key
        slot has already checked the password)."""
        connection = Connection(server, cafile)
        try:
            db = open_replica(path, username, password)
        except AuthenticationFailed as exc:  # changed on the server or on another laptop?
            apparaat.open_with_server(path, connection, username, password, exc)
            db = open_replica(path, username, password)
        laptop = cls(db, connection, _signed_in(db, username) or _unknown(username), password)
        db.hooks = replica.ReplicaHooks(None)
        try:
            laptop.sign_in(username, password)
        except (Unreachable, trust.CertificateChanged) as exc:
            if replica.stored_actor(db) is None:
                db.close()
                raise
            laptop._offline(exc)
            apparaat.refuse_when_locked(db)  # too long without contact: only once online
        except KnownError:  # refused (password, schema version): nothing stays open
            db.close()
            raise
        return laptop

    def sign_in(self, username: str, password: str) -> None:
        actor = apparaat.sign_in(self.connection, self.db, username, password)
        self.untrusted = None
        known = replica.stored_actor(self.db)
        if known is not None and known.id != actor.id:
            raise KnownError("Deze replica hoort bij een andere gebruiker.")
        if self.actor.id != actor.id:  # the first sync; else the local sign-in's actor stays
            self.actor = actor
        with self.db.transaction() as session:
            replica.set_state(
                session,
                {
                    "gebruiker": json.dumps(
                        {
                            "id": actor.id,
                            "gebruikersnaam": actor.gebruikersnaam,
                            "naam": actor.naam,
                            "rol": actor.rol.value,
                        }
                    ),
                    "server": self.connection.base,
                    **self._first_certificate(),
                },
            )
        self._online_hooks()

    def _online_hooks(self) -> None:
        """Online-only actions (deciding, issuing, letters) go to the server from now on."""
        self.db.hooks = replica.ReplicaHooks(self._send_now, self._fetch_letter)

    def _first_certificate(self) -> dict[str, str]:
        """Trust on first use: the first certificate the server showed is kept."""
        pin = self.connection.pin
        if pin.known is not None or not pin.seen:
            return {}
        pin.known = self.pinned_now = pin.seen
        return {trust.STATE_KEY: pin.seen}

    def _offline(self, exc: KnownError) -> None:
        self.online, self.last_error = False, str(exc)
        self.untrusted = exc if isinstance(exc, trust.CertificateChanged) else None
        parked = self.connection.token if isinstance(exc, Unreachable) else None
        self.go_offline()
        self._parked = parked  # another certificate: a new sign-in once it is trusted

    def accept_certificate(self, by: Actor) -> str:
        """Trust the certificate the server now shows (confirmed in Beheer > Server); the new
        fingerprint. The next round connects again."""
        if self.untrusted is None:
            raise KnownError("Er is geen nieuw certificaat om te bevestigen.")
        old, new = self.untrusted.old, self.untrusted.new
        when = self.db.clock().isoformat()
        with self.db.transaction() as session:
            replica.set_state(
                session,
                {
                    trust.STATE_KEY: new,
                    trust.CONFIRMED_KEY: trust.confirmation(by.gebruikersnaam, when, old, new),
                },
            )
        self.connection.pin.known = new
        self.untrusted = None
        self.last_error = ""
        return new

    def go_offline(self) -> None:
        """Forget the connection: online-only actions are refused until the next sign-in."""
        self.connection.token = self._parked = None
        self.db.hooks = replica.ReplicaHooks(None)

    def _send_now(self, command: commands.Command, actor: Actor, arguments: dict[str, Any]) -> Any:
        """An online-only command: sent at once (not queued), then a pull shows its effect."""
        import uuid as uuidlib

        envelope = {
            "uuid": str(uuidlib.uuid4()),
            "naam": command.name,
            "gegevens": command.encode(arguments),
            "ids": {},
            "schema": SCHEMA_HEAD,
            "klok": self.db.clock().isoformat(),
        }
        answer = self.connection.call("/opdrachten", {"opdrachten": [envelope]})["antwoorden"][0]
        if not answer.get("geaccepteerd"):
            raise KnownError(str(answer.get("melding")))
        with replica.APPLY_LOCK:
            self.pull()
            replica.reapply_waiting(self.db, self.actor)  # what still waits, on top again
        return answer.get("resultaat")

    def avg_kopie(self, leerling_id: int, json_naam: str | None = None) -> AvgKopie:
        """The AVG copy of a pupil, made by the server from all the data the bureau holds (this
        replica holds only part of it); online only."""
        if self.connection.token is None:
            raise replica.OnlineOnly(
                "De AVG-kopie maakt de server, uit alle gegevens van het samenwerkingsverband "
                "(niet uit de kopie op deze laptop); dat kan alleen met verbinding met de "
                "server. Probeer het opnieuw als u weer verbonden bent."
            )
        answer = self.call_signed_in(
            "/avg-kopie", {"leerling_id": leerling_id, "json_naam": json_naam}
        )
        return AvgKopie(
            str(answer["pdf_naam"]),
            base64.b64decode(answer["pdf"]),
            str(answer["json_naam"]),
            str(answer["json"]),
        )

    def call_signed_in(
        self, path: str, body: dict[str, Any], *, again: bool = True
    ) -> dict[str, Any]:
        """One request in this laptop's session; signed in again once when it had expired
        (``again``; not from inside a local write transaction: signing in writes too)."""
        try:
            return self.connection.call(path, body)
        except Refused as exc:
            if exc.status != 401 or not self.password or not again:
                raise
            self.sign_in(self.actor.gebruikersnaam, self.password)  # the session had expired
            return self.connection.call(path, body)

    def _fetch_letter(self, session: Any, entiteit: str, letter: Any, wat: str) -> bytes:
        """An issued letter's bytes, fetched from the server and kept (``sync.brieven``)."""
        from swv_desktop.sync import brieven

        return brieven.fetch(self, session, entiteit, letter, wat)

    def close(self) -> None:
        self.db.close()

    # -- the round --------------------------------------------------------------------------

    def sync_round(self) -> RoundResult:
        """Sign in when needed, push what waits, pull, re-apply; one round at a time (the
        window's background sync and a button may both ask). Unreachable: the laptop goes
        offline (online-only actions are refused with a Dutch message) until the next round."""
        with self._round:
            result = self._sync_round()
            if self._ended:  # the session ended (device revoked, expired): sign in anew, once
                self._ended, self.connection.token = False, None
                result = self._sync_round()  # a revoked device: ``apparaat.ReplicaWiped``
            return result

    def _sync_round(self) -> RoundResult:
        result = RoundResult()
        try:
            if self.connection.token is None and self._parked is not None:
                self.connection.token, self._parked = self._parked, None  # back in her session
                self._online_hooks()
            if self.connection.token is None:
                self.sign_in(self.actor.gebruikersnaam, self.password)
            try:
                self.refill_blocks()
            except Refused as exc:
                if exc.status != 401:
                    raise
                self.sign_in(self.actor.gebruikersnaam, self.password)  # the session expired
                self.refill_blocks()
            self.push(result)
            self.send_views()
            with replica.APPLY_LOCK:
                result.received, result.removed = self.pull()
                if not scope.sealed(self.actor):  # the first sync brought her account
                    self.actor = _signed_in(self.db, self.actor.gebruikersnaam) or self.actor
                    self.refill_blocks()
                result.refused += replica.reapply_waiting(self.db, self.actor)
            self.online, self.last_error, self.untrusted = True, "", None
        except (Unreachable, Refused, trust.CertificateChanged) as exc:
            result.error = str(exc)
            self.online, self.last_error = False, str(exc)
            self._ended = isinstance(exc, Refused) and exc.status == 401
            if isinstance(exc, Unreachable | trust.CertificateChanged):
                self._offline(exc)
            with replica.APPLY_LOCK:
                result.refused += replica.reapply_waiting(self.db, self.actor)
        result.waiting = len(self.waiting())
        result.secure = self.connection.secure
        result.new_certificate, self.pinned_now = self.pinned_now, ""
        return result

    def refill_blocks(self) -> None:
        ronde.refill_blocks(self)

    def waiting(self) -> list[tuple[str, str, str, str]]:
        return ronde.waiting(self.db)

    def send_views(self) -> None:
        ronde.send_views(self)

    def push(self, result: RoundResult) -> None:
        ronde.push(self, result)

    def pull(self) -> tuple[int, int]:
        return ronde.pull(self)

    # -- the "Niet verwerkt" list -----------------------------------------------------------

    def not_processed(self) -> list[NotProcessed]:
        return not_processed(self.db)


def _signed_in(db: Database, username: str) -> Actor | None:
    """The sealed actor of ``username``'s account in the replica (``auth.actor_for``, as every
    sign-in issues it), once her key slot has opened the file; ``None`` before the first sync
    brought the account."""
    with db.read() as session:
        user = session.scalars(
            select(Gebruiker).where(Gebruiker.gebruikersnaam == username)
        ).first()
        return None if user is None or not user.actief else actor_for(user)


def _unknown(username: str) -> Actor:
    return Actor(0, username, username, Rol.CONTACTPERSOON)
