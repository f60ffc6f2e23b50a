"""Key slots: the random data key of an encrypted database, wrapped once per user.

The database is encrypted (SQLCipher 4) with a random 256-bit *data key* that is never written to
disk unwrapped. It lives, wrapped, in a small sidecar file beside the database
(``swv-desktop.db.sleutels``, JSON, 0600) that holds nothing else but what the sign-in window shows
before anyone signs in: the organisation's name and the account names.

Each *slot* belongs to one account (or to the recovery key). A slot holds an X25519 key pair: the
private key is encrypted with AES-256-GCM under a key derived from the password with Argon2id
(``argon2.low_level.hash_secret_raw``); the data key is sealed to the public key (ephemeral X25519,
HKDF-SHA256, AES-256-GCM). The public half is what makes removing a user safe: the application,
which holds the data key while a beheerder is signed in, can re-key the database and seal the *new*
data key to every remaining slot without knowing anyone's password; the removed user's old slot
with the old password yields only the old key, which opens nothing any more.

A password change writes a fresh slot for that account only. During a re-key a slot may hold two
sealed keys (new and old) so that a crash between "sidecar written" and "database re-keyed" locks
nobody out; ``unlock`` returns both and the database layer tries each.

Databases converted from plaintext get *legacy* slots: their wrapping key is derived from the
account's existing argon2id password hash (salt and cost from the stored hash, which itself is
only inside the now encrypted database), so every user signs in with the password she already has;
the first sign-in replaces the legacy slot by a normal one.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from argon2.low_level import Type
from argon2.low_level import hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from swv_desktop.encryption.private_files import write_private
from swv_desktop.errors import KeyFileError
from swv_desktop.errors import WrongPassword

FORMAT = "swv-desktop-sleutels"
VERSION = 1
SIDECAR_SUFFIX = ".sleutels"
RECOVERY_SLOT = "*herstelsleutel*"
KEY_BYTES = 32
RECOVERY_GROUP = 4


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes, memory in KiB, lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def as_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        return cls(int(data["t"]), int(data["m"]), int(data["p"]))


PRODUCTION_KDF = KdfParams(time_cost=3, memory_kib=128 * 1024, parallelism=2)
"""About 0.4-0.9 s per sign-in on an office laptop, 128 MiB: KeePassXC's order of magnitude."""
TEST_KDF = KdfParams(time_cost=1, memory_kib=64, parallelism=1)
"""For the test suite only (``SWV_KDF=test``); never for real data."""


def default_kdf() -> KdfParams:
    """The production setting; the test suite sets ``SWV_KDF=test`` for subprocesses it starts."""
    return TEST_KDF if os.environ.get("SWV_KDF") == "test" else PRODUCTION_KDF


def sidecar_path(db_path: Path) -> Path:
    """The key file beside the database ``db_path``."""
    return db_path.with_name(db_path.name + SIDECAR_SUFFIX)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> str:
    nonce = os.urandom(12)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plaintext, aad))


def _decrypt(key: bytes, blob: str, aad: bytes) -> bytes:
    raw = _unb64(blob)
    return AESGCM(key).decrypt(raw[:12], raw[12:], aad)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _seal(public_raw: bytes, data_key: bytes, aad: bytes) -> dict[str, str]:
    """Encrypt ``data_key`` so that only the holder of the private key can read it."""
    ephemeral = X25519PrivateKey.generate()
    epk = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    key = _hkdf(shared, epk + public_raw, b"swv-desktop datasleutel")
    return {"epk": _b64(epk), "ct": _encrypt(key, data_key, aad)}


def _open_sealed(private: X25519PrivateKey, sealed: dict[str, str], aad: bytes) -> bytes:
    epk = _unb64(sealed["epk"])
    public_raw = _raw_public(private.public_key())
    shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    key = _hkdf(shared, epk + public_raw, b"swv-desktop datasleutel")
    return _decrypt(key, sealed["ct"], aad)


def derive_password_key(password: str, salt: bytes, kdf: KdfParams, length: int = 32) -> bytes:
    """Argon2id of ``password`` (raw bytes)."""
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.parallelism,
        hash_len=length,
        type=Type.ID,
    )


def parse_argon2_hash(encoded: str) -> tuple[KdfParams, bytes, bytes]:
    """(cost, salt, hash) of an argon2id PHC string as argon2-cffi's PasswordHasher writes it."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[1] != "argon2id":
        raise ValueError("geen argon2id-hash")
    cost = dict(item.split("=", 1) for item in parts[3].split(","))

    def unb64(text: str) -> bytes:
        return base64.b64decode(text + "=" * (-len(text) % 4))

    kdf = KdfParams(int(cost["t"]), int(cost["m"]), int(cost["p"]))
    return kdf, unb64(parts[4]), unb64(parts[5])


def new_data_key() -> bytes:
    """A fresh random data key."""
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """A fresh recovery key as the beheerder writes it down: groups of four letters and digits."""
    text = base64.b32encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def _recovery_secret(recovery_key: str) -> bytes:
    text = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    text = text.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError as exc:
        raise WrongPassword("Dit is geen geldige herstelsleutel.") from exc
    if len(raw) != KEY_BYTES:
        raise WrongPassword("Dit is geen geldige herstelsleutel (de sleutel is niet compleet).")
    return raw


@dataclass
class KeyFile:
    """The sidecar's content (public part only: nothing in it opens anything without a secret)."""

    path: Path
    database_id: str
    organisatie: str = ""
    kdf: KdfParams = field(default_factory=default_kdf)
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_recovery: str | None = None

    # --- reading and writing ---------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read the sidecar at ``path``; ``KeyFileError`` (Dutch) when it is missing or damaged."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise KeyFileError(
                f"Het sleutelbestand '{path.name}' naast de database ontbreekt. Zonder dit bestand "
                "kan de versleutelde database niet worden geopend; zet het terug uit de "
                "reservekopie (het hoort bij de database)."
            ) from exc
        except (OSError, ValueError) as exc:
            raise KeyFileError(
                f"Het sleutelbestand '{path.name}' kan niet worden gelezen of is beschadigd."
            ) from exc
        if not isinstance(data, dict) or data.get("formaat") != FORMAT:
            raise KeyFileError(f"'{path.name}' is geen sleutelbestand van swv-desktop.")
        if int(data.get("versie", 0)) > VERSION:
            raise KeyFileError(
                f"Het sleutelbestand '{path.name}' is gemaakt met een nieuwere versie van "
                "swv-desktop. Installeer de nieuwste versie."
            )
        return cls(
            path=path,
            database_id=str(data["database_id"]),
            organisatie=str(data.get("organisatie", "")),
            kdf=KdfParams.from_json(data["kdf"]),
            slots=dict(data.get("slots", {})),
            pending_recovery=data.get("herstelsleutel_te_tonen"),
        )

    def save(self) -> None:
        """Write the sidecar atomically, readable by the owner only."""
        data: dict[str, Any] = {
            "formaat": FORMAT,
            "versie": VERSION,
            "database_id": self.database_id,
            "organisatie": self.organisatie,
            "kdf": self.kdf.as_json(),
            "slots": self.slots,
        }
        if self.pending_recovery is not None:
            data["herstelsleutel_te_tonen"] = self.pending_recovery
        write_private(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))

    # --- what the sign-in window shows -------------------------------------------------------

    def account_names(self) -> list[str]:
        """The user names that have a slot, sorted (the recovery slot is not an account)."""
        names = [s["gebruikersnaam"] for k, s in self.slots.items() if k != RECOVERY_SLOT]
        return sorted(names, key=str.lower)

    def has_slot(self, username: str) -> bool:
        return username.strip().lower() in self.slots

    def is_legacy(self, username: str) -> bool:
        slot = self.slots.get(username.strip().lower())
        return slot is not None and slot.get("soort") == "legacy"

    # --- unwrapping ------------------------------------------------------------------------

    def _aad(self, key: str) -> bytes:
        return f"{FORMAT}|{self.database_id}|{key}".encode()

    def _unlock_slot(self, key: str, wrapping_key: bytes) -> list[bytes]:
        slot = self.slots[key]
        aad = self._aad(key)
        try:
            private = X25519PrivateKey.from_private_bytes(
                _decrypt(wrapping_key, slot["prive"], aad)
            )
            return [_open_sealed(private, sealed, aad) for sealed in slot["sleutels"]]
        except (InvalidTag, KeyError, ValueError) as exc:
            raise WrongPassword(WRONG_PASSWORD_MESSAGE) from exc

    def unlock(self, username: str, password: str) -> list[bytes]:
        """The data key(s) this account's slot holds; ``WrongPassword`` when it does not open.

        Usually one key; two while a re-key is half done (the database layer tries each)."""
        key = username.strip().lower()
        slot = self.slots.get(key)
        if slot is None or key == RECOVERY_SLOT:
            # the same work as a real attempt, so timing does not tell which accounts exist
            derive_password_key(password, b"\0" * 16, self.kdf)
            raise WrongPassword(WRONG_PASSWORD_MESSAGE)
        kdf = KdfParams.from_json(slot["kdf"])
        salt = _unb64(slot["salt"])
        if slot.get("soort") == "legacy":
            raw = derive_password_key(password, salt, kdf, int(slot["lengte"]))
            wrapping = _hkdf(raw, salt, b"swv-desktop legacy")
        else:
            wrapping = derive_password_key(password, salt, kdf)
        return self._unlock_slot(key, wrapping)

    def unlock_recovery(self, recovery_key: str) -> list[bytes]:
        """The data key(s) the recovery slot holds; ``WrongPassword`` when the key is wrong."""
        slot = self.slots.get(RECOVERY_SLOT)
        if slot is None:
            raise WrongPassword("Deze database heeft geen herstelsleutel.")
        secret = _recovery_secret(recovery_key)
        wrapping = _hkdf(secret, _unb64(slot["salt"]), b"swv-desktop herstelsleutel")
        try:
            return self._unlock_slot(RECOVERY_SLOT, wrapping)
        except WrongPassword as exc:
            raise WrongPassword("De herstelsleutel past niet bij deze database.") from exc

    # --- writing slots (the data key is known: the database is open) ---------------------------

    def _new_slot(
        self, key: str, display: str, soort: str, wrapping: bytes, data_keys: list[bytes]
    ) -> dict[str, Any]:
        private = X25519PrivateKey.generate()
        public_raw = _raw_public(private.public_key())
        private_raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        aad = self._aad(key)
        return {
            "gebruikersnaam": display,
            "soort": soort,
            "publiek": _b64(public_raw),
            "prive": _encrypt(wrapping, private_raw, aad),
            "sleutels": [_seal(public_raw, k, aad) for k in data_keys],
        }

    def set_password_slot(self, username: str, password: str, data_key: bytes) -> None:
        """(Re)write the slot of ``username`` for ``password`` (not saved yet)."""
        key = username.strip().lower()
        salt = os.urandom(16)
        slot = self._new_slot(
            key,
            username.strip(),
            "wachtwoord",
            derive_password_key(password, salt, self.kdf),
            [data_key],
        )
        slot.update(salt=_b64(salt), kdf=self.kdf.as_json())
        self.slots[key] = slot

    def set_legacy_slot(self, username: str, argon2_hash: str, data_key: bytes) -> None:
        """A slot opened by the password behind an existing argon2id hash (conversion)."""
        key = username.strip().lower()
        kdf, salt, digest = parse_argon2_hash(argon2_hash)
        wrapping = _hkdf(digest, salt, b"swv-desktop legacy")
        slot = self._new_slot(key, username.strip(), "legacy", wrapping, [data_key])
        slot.update(salt=_b64(salt), kdf=kdf.as_json(), lengte=len(digest))
        self.slots[key] = slot

    def set_recovery_slot(self, data_key: bytes) -> str:
        """A new recovery key (returned, to be shown once); its slot replaces any old one."""
        recovery = new_recovery_key()
        salt = os.urandom(16)
        wrapping = _hkdf(_recovery_secret(recovery), salt, b"swv-desktop herstelsleutel")
        slot = self._new_slot(RECOVERY_SLOT, RECOVERY_SLOT, "herstel", wrapping, [data_key])
        slot["salt"] = _b64(salt)
        self.slots[RECOVERY_SLOT] = slot
        self.pending_recovery = _encrypt(data_key, recovery.encode("ascii"), self._aad("te-tonen"))
        return recovery

    def take_pending_recovery(self, data_key: bytes) -> str | None:
        """The recovery key not yet shown to a beheerder (then forgotten; saved at once)."""
        if self.pending_recovery is None:
            return None
        try:
            recovery = _decrypt(data_key, self.pending_recovery, self._aad("te-tonen")).decode()
        except InvalidTag:
            recovery = None
        self.pending_recovery = None
        self.save()
        return recovery

    def remove_slot(self, username: str) -> bool:
        """Drop the slot of ``username`` (not saved yet); False when there was none."""
        return self.slots.pop(username.strip().lower(), None) is not None

    def reseal(self, data_keys: list[bytes], old_key: bytes) -> None:
        """Seal ``data_keys`` to every slot's public key (re-key; no password needed)."""
        for key, slot in self.slots.items():
            public_raw = _unb64(slot["publiek"])
            slot["sleutels"] = [_seal(public_raw, k, self._aad(key)) for k in data_keys]
        if self.pending_recovery is not None:
            aad = self._aad("te-tonen")
            try:
                recovery = _decrypt(old_key, self.pending_recovery, aad)
            except InvalidTag:
                return
            self.pending_recovery = _encrypt(data_keys[0], recovery, aad)


WRONG_PASSWORD_MESSAGE = "Gebruikersnaam of wachtwoord is onjuist."


def new_key_file(db_path: Path, organisatie: str = "", kdf: KdfParams | None = None) -> KeyFile:
    """An empty key file for a new database (not saved yet)."""
    return KeyFile(
        path=sidecar_path(db_path),
        database_id=secrets.token_hex(16),
        organisatie=organisatie,
        kdf=kdf or default_kdf(),
    )


@dataclass
class KeyRing:
    """An unlocked key file: the sidecar plus the data key in memory (never on disk)."""

    file: KeyFile
    candidates: list[bytes]

    @property
    def data_key(self) -> bytes:
        return self.candidates[0]

    def use(self, data_key: bytes) -> None:
        """Remember which candidate opened the database."""
        self.candidates = [data_key]


__all__ = [
    "PRODUCTION_KDF",
    "TEST_KDF",
    "KdfParams",
    "KeyFile",
    "KeyFileError",
    "KeyRing",
    "WrongPassword",
    "default_kdf",
    "new_data_key",
    "new_key_file",
    "sidecar_path",
]
