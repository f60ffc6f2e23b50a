"""Getting in: a user's password opens her key slot, the data key opens the encrypted database.

``Gate(path)`` is what the sign-in window and the batch commands use. Before anyone signs in it
knows only what the key file shows (organisation name, account names). ``gate.sign_in(name,
password)`` unlocks the slot, opens (and migrates) the database and returns the ``Actor``; while
the database is open it checks a password against the slot without reopening (unlock after the
idle lock, switching user). A plaintext database is converted on the first ``Gate``; a missing
one is created by ``Gate.create`` for the first-run wizard.

Failed attempts are counted per account in a small file beside the database, so the growing delay
after ``FREE_ATTEMPTS`` failures survives a restart (``PersistentThrottle``). The same file keeps
each failed attempt (the name tried and when, never the password) until the next successful
sign-in writes them to the access log with the sign-in itself (``toegangslog``): a wrong password
cannot open the encrypted file to log it there at once.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Clock
from swv_desktop.db import Database
from swv_desktop.dbfile import damaged_message
from swv_desktop.dbfile import probe
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.convert import clean_leftovers
from swv_desktop.encryption.convert import convert_plaintext
from swv_desktop.encryption.convert import new_keyring
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.private_files import wipe
from swv_desktop.encryption.private_files import write_private
from swv_desktop.encryption.slotcrypto import KdfParams
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import KnownError
from swv_desktop.errors import WrongKey
from swv_desktop.errors import WrongPassword
from swv_desktop.models import Gebruiker
from swv_desktop.models.base import utcnow
from swv_desktop.opening import open_database
from swv_desktop.services import toegangslog
from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.services.auth import actor_for
from swv_desktop.services.auth import recover_password
from swv_desktop.services.auth import validate_new_password
from swv_desktop.services.common import Actor

FREE_ATTEMPTS = 5
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 300.0
THROTTLE_SUFFIX = ".aanmeldpogingen"
PENDING_KEY = "~mislukt"
"""Key in the attempts file of the failed attempts not yet in the access log."""
PENDING_MAX = 200
"""At most this many of them are kept (the oldest go first)."""


class Throttled(AuthenticationFailed):
    """Too many failed attempts: wait before the next one."""


@dataclass
class PersistentThrottle:
    """Failed sign-ins per account, kept in a file; after ``FREE_ATTEMPTS`` failures each next
    attempt waits twice as long as the one before (from ``FIRST_DELAY_S`` up to ``MAX_DELAY_S``)."""

    path: Path | None
    clock: Clock = utcnow
    counts: dict[str, dict[str, str | int]] = field(default_factory=dict)
    pending: list[tuple[str, str]] = field(default_factory=list)
    """Failed attempts (name tried, ISO moment) still to be written to the access log."""
    free_attempts: int = FREE_ATTEMPTS
    first_delay: float = FIRST_DELAY_S

    @classmethod
    def beside(cls, db_path: Path, clock: Clock = utcnow) -> PersistentThrottle:
        """The throttle file of the database at ``db_path`` (read now; missing means none)."""
        path = db_path.with_name(db_path.name + THROTTLE_SUFFIX)
        counts: dict[str, dict[str, str | int]] = {}
        pending: list[tuple[str, str]] = []
        with contextlib.suppress(OSError, ValueError, TypeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                counts = {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}
                pending = [(str(n), str(t)) for n, t in data.get(PENDING_KEY, [])]
        return cls(path=path, clock=clock, counts=counts, pending=pending)

    def _save(self) -> None:
        if self.path is not None:
            data: dict[str, object] = dict(self.counts)
            if self.pending:
                data[PENDING_KEY] = [list(p) for p in self.pending]
            write_private(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))

    def failed_attempts(self) -> list[tuple[str, datetime]]:
        """The failed attempts not yet in the access log (name tried, when)."""
        out = []
        for naam, op in self.pending:
            with contextlib.suppress(ValueError):
                out.append((naam, datetime.fromisoformat(op)))
        return out

    def logged(self) -> None:
        """The failed attempts are in the access log now: forget them here."""
        if self.pending:
            self.pending = []
            self._save()

    def failures(self, username: str) -> int:
        return int(self.counts.get(username.strip().lower(), {}).get("mislukt", 0))

    def delay_for(self, username: str) -> float:
        """Seconds to wait before ``username`` may try again (0: now)."""
        entry = self.counts.get(username.strip().lower())
        if not entry:
            return 0.0
        n = int(entry.get("mislukt", 0))
        if n < self.free_attempts:
            return 0.0
        wait = min(MAX_DELAY_S, self.first_delay * 2 ** (n - self.free_attempts))
        last = datetime.fromisoformat(str(entry["laatste"]))
        left = (last + timedelta(seconds=wait) - self.clock()).total_seconds()
        return max(0.0, left)

    def failed(self, username: str) -> None:
        key = username.strip().lower()
        now = self.clock().isoformat()
        self.counts[key] = {"mislukt": self.failures(key) + 1, "laatste": now}
        self.pending = [*self.pending, (username.strip()[:80], now)][-PENDING_MAX:]
        self._save()

    def succeeded(self, username: str) -> None:
        if self.counts.pop(username.strip().lower(), None) is not None:
            self._save()

    def check(self, username: str) -> None:
        """Refuse (``Throttled``, Dutch) while ``username`` has to wait."""
        delay = self.delay_for(username)
        if delay > 0:
            raise Throttled(
                f"Te veel mislukte pogingen. U kunt het over {delay:.0f} seconden opnieuw proberen."
            )


def _stamp(clock: Clock) -> str:
    return clock().strftime("%Y%m%d-%H%M%S")


class Gate:
    """The way into one database file (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Clock = utcnow,
        throttle: PersistentThrottle | None = None,
        kdf: KdfParams | None = None,
        convert: bool = True,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.kdf = kdf
        self.throttle = throttle or PersistentThrottle.beside(self.path, clock)
        self.db: Database | None = None
        self.unlocked: KeyRing | None = None
        """The key ring of the last successful unlock (kept to offer a backup of a damaged file)."""
        self.key_file: KeyFile | None = None
        self.converted = False
        clean_leftovers(self.path)
        if self.path.is_dir():
            raise DatabaseError(f"'{self.path}' is een map, geen databasebestand.")
        kind = cipher.file_kind(self.path) if self.path.exists() else "missing"
        if kind in ("plain", "empty"):
            probe(self.path)  # damaged, foreign, empty, locked or read-only: its own message
        if kind == "plain" and convert:
            self.key_file = convert_plaintext(self.path, stamp=_stamp(clock), kdf=kdf)
            self.converted = True
        elif kind == "encrypted":
            keys = sidecar_path(self.path)
            if not keys.exists():
                raise DatabaseDamaged(
                    damaged_message(
                        self.path,
                        "is geen swv-desktop-database of is beschadigd, of het sleutelbestand "
                        f"ernaast ('{keys.name}') ontbreekt",
                    )
                )
            self.key_file = KeyFile.load(keys)

    @property
    def exists(self) -> bool:
        """False for a database still to be made (the first-run wizard)."""
        return self.key_file is not None

    @property
    def organisatie(self) -> str:
        return self.key_file.organisatie if self.key_file else ""

    @property
    def accounts(self) -> list[str]:
        return self.key_file.account_names() if self.key_file else []

    def create(self) -> Database:
        """A new, empty, encrypted database (its key file has only the recovery slot so far)."""
        if self.exists:
            raise KnownError(f"De database '{self.path}' bestaat al.")
        ring = new_keyring(self.path, kdf=self.kdf)
        self.key_file = ring.file
        self.db = open_database(self.path, keys=ring, clock=self.clock)
        return self.db

    def discard_new(self) -> None:
        """Remove a database made by ``create`` whose first run was cancelled."""
        if self.db is not None:
            self.db.close()
            self.db = None
        for suffix in ("", "-wal", "-shm", ".sleutels"):
            wipe(Path(f"{self.path}{suffix}"))
        self.key_file = None

    def _unlock(self, username: str, password: str) -> list[bytes]:
        if self.key_file is None:
            raise KnownError(f"Het databasebestand '{self.path}' bestaat niet.")
        self.throttle.check(username)
        try:
            keys = self.key_file.unlock(username, password)
        except WrongPassword:
            self.throttle.failed(username)
            raise
        return keys

    def unlock(self, username: str, password: str) -> KeyRing:
        """The unlocked key ring (the database is not opened: ``check`` reads it read-only)."""
        keys = self._unlock(username, password)
        self.throttle.succeeded(username)
        assert self.key_file is not None
        return KeyRing(file=self.key_file, candidates=keys)

    def sign_in(self, username: str, password: str) -> Actor:
        """Open the database with ``username``'s slot (or, when it is open, check the password
        against the slot); the ``Actor`` of an active account, else ``AuthenticationFailed``."""
        keys = self._unlock(username, password)
        if self.db is None:
            assert self.key_file is not None
            self.unlocked = KeyRing(file=self.key_file, candidates=keys)
            self.db = open_database(
                self.path, keys=self.unlocked, clock=self.clock, background_check=True
            )
        elif self.db.locked:  # after the idle lock or for another user: the key comes back
            assert self.key_file is not None
            try:
                self.db.take_key(KeyRing(file=self.key_file, candidates=keys))
                self.unlocked = self.db.keys
            except WrongKey:
                self.throttle.failed(username)
                raise WrongPassword(FAILED_MESSAGE) from None
        elif self.db.keys is None or self.db.keys.data_key not in keys:
            self.throttle.failed(username)
            raise WrongPassword(FAILED_MESSAGE)
        actor = self._active_actor(self.db, username)
        toegangslog.aanmeldingen_bijwerken(
            self.db, actor, mislukt=self.throttle.failed_attempts(), waar="Met het wachtwoord"
        )
        self.throttle.logged()
        self.throttle.succeeded(username)
        if self.key_file is not None and self.key_file.is_legacy(username):
            self._upgrade_legacy(self.db, username, password)
        return actor

    def _active_actor(self, db: Database, username: str) -> Actor:
        with db.read() as session:
            user = session.scalars(
                select(Gebruiker).where(
                    func.lower(Gebruiker.gebruikersnaam) == username.strip().lower()
                )
            ).first()
            if user is None or not user.actief:
                self.throttle.failed(username)
                raise AuthenticationFailed(FAILED_MESSAGE)
            return actor_for(user)

    def _upgrade_legacy(self, db: Database, username: str, password: str) -> None:
        """Replace a converted account's legacy slot by a normal one (the password is known)."""
        assert db.keys is not None
        db.keys.file.set_password_slot(username, password, db.keys.data_key)
        db.keys.file.save()

    def recover(self, recovery_key: str, username: str, new_password: str) -> Actor:
        """Open with the recovery key and give ``username`` a new password (and key slot)."""
        validate_new_password(new_password)
        if self.key_file is None:
            raise KnownError(f"Het databasebestand '{self.path}' bestaat niet.")
        keys = self.key_file.unlock_recovery(recovery_key)
        if self.db is None:
            self.db = open_database(
                self.path, keys=KeyRing(file=self.key_file, candidates=keys), clock=self.clock
            )
        db = self.db
        with db.transaction() as session:
            user = session.scalars(
                select(Gebruiker).where(
                    func.lower(Gebruiker.gebruikersnaam) == username.strip().lower()
                )
            ).first()
            if user is None:
                raise KnownError(f"Er is geen account met de gebruikersnaam '{username}'.")
            user.actief = True
            assert db.keys is not None
            db.keys.file.set_password_slot(user.gebruikersnaam, new_password, db.keys.data_key)
            db.keys.file.save()
            actor = recover_password(
                session,
                user,
                new_password,
                actie="wachtwoord hersteld met herstelsleutel",
                voor=None,
                na={"gebruikersnaam": user.gebruikersnaam},
                now=db.clock(),
            )
        self.throttle.succeeded(username)
        return actor

    def lock(self) -> None:
        """The idle lock and switching user: the database stays open for the window, but its
        connections are closed and the data key is dropped until ``sign_in`` gives it back."""
        self.unlocked = None
        if self.db is not None:
            self.db.forget_key()

    @property
    def locked(self) -> bool:
        return self.db is not None and self.db.locked

    def reopen(self) -> None:
        """Close the database and read the file's key file again: after a team replica was made
        at this path (joining a team) or removed from it (leaving one)."""
        self.sign_out()
        keys = sidecar_path(self.path)
        self.key_file = KeyFile.load(keys) if self.path.exists() and keys.exists() else None

    def retarget(self, path: Path) -> None:
        """Point this gate at another file (closed first): a user who joined a team from the
        first-run window has her replica in a file of her own (``sync.apparaat_bestanden``)."""
        self.sign_out()
        self.path = Path(path)
        self.throttle = PersistentThrottle.beside(self.path, self.clock)
        self.reopen()

    def sign_out(self) -> None:
        """Close the database and forget the data key."""
        if self.db is not None:
            self.db.close()
            self.db = None
