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

This module is the key file (its format, its slots, the ``KeyRing`` in memory); the
cryptography a slot is built from is in ``slotcrypto``.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from swv_desktop.encryption.private_files import write_private
from swv_desktop.encryption.slotcrypto import KdfParams
from swv_desktop.encryption.slotcrypto import b64
from swv_desktop.encryption.slotcrypto import decrypt
from swv_desktop.encryption.slotcrypto import default_kdf
from swv_desktop.encryption.slotcrypto import derive_password_key
from swv_desktop.encryption.slotcrypto import encrypt
from swv_desktop.encryption.slotcrypto import hkdf
from swv_desktop.encryption.slotcrypto import new_recovery_key
from swv_desktop.encryption.slotcrypto import open_sealed
from swv_desktop.encryption.slotcrypto import parse_argon2_hash
from swv_desktop.encryption.slotcrypto import raw_public
from swv_desktop.encryption.slotcrypto import recovery_secret
from swv_desktop.encryption.slotcrypto import seal
from swv_desktop.encryption.slotcrypto import unb64
from swv_desktop.errors import KeyFileError
from swv_desktop.errors import WrongPassword

FORMAT = "swv-desktop-sleutels"
VERSION = 1
SIDECAR_SUFFIX = ".sleutels"
RECOVERY_SLOT = "*herstelsleutel*"


def sidecar_path(db_path: Path) -> Path:
    """The key file beside the database ``db_path``."""
    return db_path.with_name(db_path.name + SIDECAR_SUFFIX)


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
            private = X25519PrivateKey.from_private_bytes(decrypt(wrapping_key, slot["prive"], aad))
            return [open_sealed(private, sealed, aad) for sealed in slot["sleutels"]]
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
        salt = unb64(slot["salt"])
        if slot.get("soort") == "legacy":
            raw = derive_password_key(password, salt, kdf, int(slot["lengte"]))
            wrapping = hkdf(raw, salt, b"swv-desktop legacy")
        else:
            wrapping = derive_password_key(password, salt, kdf)
        return self._unlock_slot(key, wrapping)

    def unlock_recovery(self, recovery_key: str) -> list[bytes]:
        """The data key(s) the recovery slot holds; ``WrongPassword`` when the key is wrong."""
        slot = self.slots.get(RECOVERY_SLOT)
        if slot is None:
            raise WrongPassword("Deze database heeft geen herstelsleutel.")
        secret = recovery_secret(recovery_key)
        wrapping = hkdf(secret, unb64(slot["salt"]), b"swv-desktop herstelsleutel")
        try:
            return self._unlock_slot(RECOVERY_SLOT, wrapping)
        except WrongPassword as exc:
            raise WrongPassword("De herstelsleutel past niet bij deze database.") from exc

    # --- writing slots (the data key is known: the database is open) ---------------------------

    def _new_slot(
        self, key: str, display: str, soort: str, wrapping: bytes, data_keys: list[bytes]
    ) -> dict[str, Any]:
        private = X25519PrivateKey.generate()
        public_raw = raw_public(private.public_key())
        private_raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        aad = self._aad(key)
        return {
            "gebruikersnaam": display,
            "soort": soort,
            "publiek": b64(public_raw),
            "prive": encrypt(wrapping, private_raw, aad),
            "sleutels": [seal(public_raw, k, aad) for k in data_keys],
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
        slot.update(salt=b64(salt), kdf=self.kdf.as_json())
        self.slots[key] = slot

    def set_legacy_slot(self, username: str, argon2_hash: str, data_key: bytes) -> None:
        """A slot opened by the password behind an existing argon2id hash (conversion)."""
        key = username.strip().lower()
        kdf, salt, digest = parse_argon2_hash(argon2_hash)
        wrapping = hkdf(digest, salt, b"swv-desktop legacy")
        slot = self._new_slot(key, username.strip(), "legacy", wrapping, [data_key])
        slot.update(salt=b64(salt), kdf=kdf.as_json(), lengte=len(digest))
        self.slots[key] = slot

    def set_recovery_slot(self, data_key: bytes) -> str:
        """A new recovery key (returned, to be shown once); its slot replaces any old one."""
        recovery = new_recovery_key()
        salt = os.urandom(16)
        wrapping = hkdf(recovery_secret(recovery), salt, b"swv-desktop herstelsleutel")
        slot = self._new_slot(RECOVERY_SLOT, RECOVERY_SLOT, "herstel", wrapping, [data_key])
        slot["salt"] = b64(salt)
        self.slots[RECOVERY_SLOT] = slot
        self.pending_recovery = encrypt(data_key, recovery.encode("ascii"), self._aad("te-tonen"))
        return recovery

    def take_pending_recovery(self, data_key: bytes) -> str | None:
        """The recovery key not yet shown to a beheerder (then forgotten; saved at once)."""
        if self.pending_recovery is None:
            return None
        try:
            recovery = decrypt(data_key, self.pending_recovery, self._aad("te-tonen")).decode()
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
            public_raw = unb64(slot["publiek"])
            slot["sleutels"] = [seal(public_raw, k, self._aad(key)) for k in data_keys]
        if self.pending_recovery is not None:
            aad = self._aad("te-tonen")
            try:
                recovery = decrypt(old_key, self.pending_recovery, aad)
            except InvalidTag:
                return
            self.pending_recovery = encrypt(data_keys[0], recovery, aad)


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
    "RECOVERY_SLOT",
    "KeyFile",
    "KeyRing",
    "new_key_file",
    "sidecar_path",
]
