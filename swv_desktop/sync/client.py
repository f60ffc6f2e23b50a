"""The laptop's side of the conversation: sign in, push the outbox, pull, re-apply.

``Laptop.open(path, server, username, password)`` opens (or on the first sync creates) the
encrypted replica; ``laptop.sync_round()`` does one round: fresh id blocks when few are left,
push every waiting command (each answer is stored as it comes), then pull and apply (undo the
local commands, apply the server's changes, re-apply what still waits). ``not_processed`` is the
"Niet verwerkt" list: refused commands with the Dutch reason, when, and both versions.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from swv_desktop.db import SCHEMA_HEAD, Database, open_database
from swv_desktop.encryption.convert import new_keyring
from swv_desktop.encryption.keyslots import KeyFile, KeyRing, sidecar_path
from swv_desktop.errors import AuthenticationFailed, KnownError
from swv_desktop.models import Gebruiker, Rol
from swv_desktop.services import commands, scope
from swv_desktop.services.auth import actor_for
from swv_desktop.services.avg_kopie import AvgKopie
from swv_desktop.services.common import Actor
from swv_desktop.sync import apparaat, bereik, ids, inzagen, replica, trust, versions
from swv_desktop.sync.protocol import API, SCHEMA_HEADER

LOW_WATER = 200
"""Ask for a new block of ids when fewer are left for a table."""
PULL_TIMEOUT = 300.0
"""Seconds to wait for the pull's answer (a whole scope on the first sync)."""
PUSH_BATCH = 500
"""Commands per request (the server takes at most 500): one transaction on the server each."""


class Unreachable(KnownError):
    """The server could not be reached (offline, or it is not running)."""


class Refused(KnownError):
    """The server answered with a refusal (sign-in, session, schema version)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Connection:
    """JSON over HTTP(S) to one server; HTTPS held to the certificate in ``pin`` (``trust``)."""

    base: str
    cafile: Path | None = None
    timeout: float = 20.0
    token: str | None = None
    pin: trust.Pin = field(default_factory=trust.Pin)

    @property
    def secure(self) -> bool:
        """HTTPS (``False``: plain HTTP on this computer, an "onbeveiligde verbinding")."""
        return self.base.lower().startswith("https://")

    def call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """One request; ``Unreachable``, ``Refused`` or ``trust.CertificateChanged`` (nothing
        was sent: the certificate is checked right after the handshake)."""
        try:
            trust.check_address(self.base)
        except KnownError as exc:
            raise Unreachable(exc.message) from exc
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base.rstrip("/") + API + path, data=data, method="GET" if body is None else "POST"
        )
        request.add_header("Content-Type", "application/json")
        request.add_header(SCHEMA_HEADER, SCHEMA_HEAD)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if self.secure:
            opener = trust.opener(self.pin, self.cafile)
        else:
            opener = urllib.request.build_opener()
            self.pin.seen = None
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                result: dict[str, Any] = json.loads(answer.read())
                return result
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("melding") or str(exc)
            except ValueError:
                message = f"De server antwoordde met fout {exc.code}."
            if exc.code == 409 and path != "/status":  # another schema: which side is older?
                message = self._version_mismatch() or message
            raise Refused(str(message), exc.code) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreachable(
                f"De server {self.base} is niet bereikbaar ({_why(exc)}). "
                "Wat u vastlegt, wacht op deze laptop tot de verbinding terug is."
            ) from exc

    def _version_mismatch(self) -> str | None:
        """The Dutch refusal from this laptop's side once the server refused its schema (an
        older server names no way out that fits a newer laptop)."""
        try:
            theirs = str(self.call("/status").get("schema", ""))
        except KnownError:
            return None
        return None if theirs == SCHEMA_HEAD else versions.version_message(self.base, theirs)

    def sign_in(self, username: str, password: str) -> Actor:
        answer = self.call("/aanmelden", {"gebruikersnaam": username, "wachtwoord": password})
        self.token = str(answer["token"])
        user = answer["gebruiker"]
        return Actor(int(user["id"]), user["gebruikersnaam"], user["naam"], Rol(user["rol"]))


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
class RoundResult:
    """What one sync round did (for the Dutch summary and the exit code)."""

    sent: int = 0
    accepted: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    received: int = 0
    removed: int = 0
    waiting: int = 0
    error: str = ""
    new_certificate: str = ""
    """The fingerprint kept in this round: the first connection to this server (TOFU)."""
    secure: bool = True
    """``False``: plain HTTP on this computer (an "onbeveiligde verbinding")."""

    @property
    def exit_code(self) -> int:
        if self.error:
            return 2
        return 1 if self.refused else 0

    def summary(self) -> str:
        lines = []
        if self.new_certificate:
            lines.append(
                "Eerste verbinding met deze server. Vingerafdruk van zijn certificaat (SHA-256): "
                f"{self.new_certificate}. Deze laptop onthoudt hem; vergelijk hem met wat de "
                "beheerder heeft doorgegeven."
            )
        if not self.secure:
            lines.append(f"Let op: {trust.UNSAFE} (http://, alleen voor ontwikkeling).")
        if self.error:
            lines.append(self.error)
        lines.append(f"Verstuurd: {self.sent} wijziging(en), {self.accepted} verwerkt.")
        if self.refused:
            lines.append(f"Niet verwerkt: {len(self.refused)}")
            lines += [f"  - {name}: {reason}" for name, reason in self.refused]
        if not self.error:
            lines.append(f"Ontvangen: {self.received} gegevens, {self.removed} verwijderd.")
        if self.waiting:
            lines.append(f"Wacht nog op verzending: {self.waiting} wijziging(en).")
        return "\n".join(lines)


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
        self.db.hooks = replica.ReplicaHooks(self._send_now)

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
        self.go_offline()

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
        self.connection.token = None
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
        body = {"leerling_id": leerling_id, "json_naam": json_naam}
        try:
            answer = self.connection.call("/avg-kopie", body)
        except Refused as exc:
            if exc.status != 401 or not self.password:
                raise
            self.sign_in(self.actor.gebruikersnaam, self.password)  # the session had expired
            answer = self.connection.call("/avg-kopie", body)
        return AvgKopie(
            str(answer["pdf_naam"]),
            base64.b64decode(answer["pdf"]),
            str(answer["json_naam"]),
            str(answer["json"]),
        )

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
        with self.db.read() as session:
            free = {
                t: b - n + 1
                for t, n, b in session.execute(
                    text("SELECT tabel, volgende, laatste FROM sync_laptop_blok")
                )
            }
        wanted = [t.name for t in bereik.tables_for(self.actor) if free.get(t.name, 0) < LOW_WATER]
        if not wanted:
            return
        blocks = self.connection.call("/nummers", {"tabellen": wanted})["blokken"]
        with self.db.transaction() as session:
            for name, (first, last) in blocks.items():
                session.execute(
                    text("INSERT OR REPLACE INTO sync_laptop_blok VALUES (:t, :n, :l)"),
                    {"t": name, "n": int(first), "l": int(last)},
                )

    def waiting(self) -> list[tuple[str, str, str, str]]:
        with self.db.read() as session:
            return [
                (str(r[0]), str(r[1]), str(r[2]), str(r[3]))
                for r in session.execute(
                    text(
                        "SELECT uuid, naam, gegevens, ids FROM sync_laptop_opdracht "
                        "WHERE status = :s ORDER BY volgnummer"
                    ),
                    {"s": replica.WAITING},
                )
            ]

    def send_views(self) -> None:
        """What this laptop's user viewed here goes to the server's access log, then leaves the
        replica (``sync.inzagen``)."""
        if not scope.sealed(self.actor):
            return  # the first sync has not brought her account yet
        while rows := inzagen.te_versturen(self.db, self.actor):
            self.connection.call("/inzagen", {"regels": [row for _id, row in rows]})
            inzagen.vergeten(self.db, [ident for ident, _row in rows])
            if len(rows) < inzagen.MAX_REGELS:
                break

    def push(self, result: RoundResult) -> None:
        waiting = self.waiting()
        for i in range(0, len(waiting), PUSH_BATCH):
            batch = waiting[i : i + PUSH_BATCH]
            origin = versions.origin(self.db, [u for u, *_ in batch])
            envelopes = [
                {"uuid": u, "naam": n, "gegevens": json.loads(g), "ids": json.loads(p), **origin[u]}
                for u, n, g, p in batch
            ]
            answers = self.connection.call("/opdrachten", {"opdrachten": envelopes})["antwoorden"]
            now = self.db.clock().isoformat()
            with self.db.transaction() as session:
                pairs = [(b[0], a) for b, a in zip(batch, answers, strict=True)]
                replica.mark_answers(session, pairs, now)
                for (_u, name, _g, _p), answer in zip(batch, answers, strict=True):
                    result.sent += 1
                    if answer.get("geaccepteerd"):
                        result.accepted += 1
                    else:
                        result.refused.append((name, str(answer.get("melding", ""))))

    def pull(self) -> tuple[int, int]:
        cursor = int(replica.get_state(self.db, "cursor", "0") or 0)
        scope = replica.get_state(self.db, "scope") or None
        waited, self.connection.timeout = self.connection.timeout, PULL_TIMEOUT
        try:  # the first sync of a large scope: the server reads it all before it answers
            answer = self.connection.call("/ophalen", {"cursor": cursor, "scope": scope})
        finally:
            self.connection.timeout = waited
        return replica.apply_pull(self.db, answer)

    # -- the "Niet verwerkt" list -----------------------------------------------------------

    def not_processed(self) -> list[NotProcessed]:
        return not_processed(self.db)


@dataclass(frozen=True)
class NotProcessed:
    """A refused command as its author sees it: what, why, when, her values and the server's."""

    uuid: str
    naam: str
    melding: str
    aangemaakt_op: str
    beantwoord_op: str
    mijn_gegevens: dict[str, Any]
    server_versie: dict[str, Any]
    basis_versie: int | None


def not_processed(db: Database) -> list[NotProcessed]:
    """Every refused command not yet discarded or resent, oldest first."""
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT uuid, naam, melding, aangemaakt_op, beantwoord_op, gegevens, "
                "server_versie, basis_versie FROM sync_laptop_opdracht WHERE status = :s "
                "ORDER BY volgnummer"
            ),
            {"s": replica.REFUSED},
        ).all()
    return [
        NotProcessed(u, n, m, a, b or "", json.loads(g), json.loads(v or "{}"), bv)
        for u, n, m, a, b, g, v, bv in rows
    ]


def discard(db: Database, uuid: str) -> None:
    """Drop a refused command from the list (its change stays undone)."""
    with db.transaction() as session:
        session.execute(
            text("DELETE FROM sync_laptop_opdracht WHERE uuid = :u AND status = :s"),
            {"u": uuid, "s": replica.REFUSED},
        )


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


def check_connection(
    base: str, cafile: Path | None = None, timeout: float = 5.0, known: str | None = None
) -> str:
    """Ask the server at ``base`` who it is: a Dutch sentence for the Server screen (with the
    certificate's fingerprint, or that the connection is not secure), or ``Unreachable`` /
    ``trust.CertificateChanged`` (not the ``known`` certificate) / ``KnownError`` (another
    schema version) with the reason."""
    connection = Connection(base, cafile, timeout=timeout, pin=trust.Pin(known))
    answer = connection.call("/status")
    theirs = str(answer.get("schema", ""))
    if theirs != SCHEMA_HEAD:
        raise KnownError(versions.version_message(base, theirs))
    reached = f"De server {base} is bereikbaar (swv-desktop {answer.get('versie', '?')})."
    seen = connection.pin.seen
    if not seen:
        return f"{reached} Let op: {trust.UNSAFE} (http://, alleen voor ontwikkeling)."
    if known is None:
        return (
            f"{reached} Vingerafdruk van het certificaat (SHA-256): {seen}. Vergelijk hem met "
            "wat de beheerder heeft doorgegeven; deze laptop onthoudt hem bij de eerste "
            "synchronisatie."
        )
    return f"{reached} Het certificaat is het bekende (SHA-256 {seen})."


def join(path: Path, server: str, username: str, password: str) -> RoundResult:
    """Join a team from this laptop: make the replica at ``path`` (encrypted with this user's
    password, which the server checks) and do its first sync; the window opens it next time.
    Refused when ``path`` already exists (a replica is never overwritten)."""
    if path.exists():
        raise KnownError(
            f"Er staat al een bestand op {path}; kies een andere plaats of open dat bestand."
        )
    laptop = Laptop.open(path, server, username, password)
    try:
        return laptop.sync_round()
    finally:
        laptop.close()


def _why(exc: Exception) -> str:
    """Why the server could not be reached, in Dutch words (not the operating system's text)."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "de server weigert de verbinding; draait hij?"
    if isinstance(reason, socket.gaierror):
        return "de naam van de server is onbekend; staat het adres goed?"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "geen antwoord op tijd"
    if isinstance(reason, ssl.SSLError):
        return "de beveiligde verbinding kwam niet tot stand"
    if isinstance(reason, ValueError):
        return "het antwoord van de server is onleesbaar"
    return "geen verbinding met het netwerk"
