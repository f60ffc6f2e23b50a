"""The cryptography of a key slot: Argon2id cost and derivation, HKDF, AES-256-GCM, sealing a
data key to an X25519 public key, and the recovery key's written form.

``keyslots`` builds the key file's slots from these; nothing here reads or writes a file.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type
from argon2.low_level import hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from swv_desktop.errors import WrongPassword

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


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> str:
    nonce = os.urandom(12)
    return b64(nonce + AESGCM(key).encrypt(nonce, plaintext, aad))


def decrypt(key: bytes, blob: str, aad: bytes) -> bytes:
    raw = unb64(blob)
    return AESGCM(key).decrypt(raw[:12], raw[12:], aad)


def raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def seal(public_raw: bytes, data_key: bytes, aad: bytes) -> dict[str, str]:
    """Encrypt ``data_key`` so that only the holder of the private key can read it."""
    ephemeral = X25519PrivateKey.generate()
    epk = raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    key = hkdf(shared, epk + public_raw, b"swv-desktop datasleutel")
    return {"epk": b64(epk), "ct": encrypt(key, data_key, aad)}


def open_sealed(private: X25519PrivateKey, sealed: dict[str, str], aad: bytes) -> bytes:
    epk = unb64(sealed["epk"])
    public_raw = raw_public(private.public_key())
    shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    key = hkdf(shared, epk + public_raw, b"swv-desktop datasleutel")
    return decrypt(key, sealed["ct"], aad)


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

    def unpadded(text: str) -> bytes:
        return base64.b64decode(text + "=" * (-len(text) % 4))

    kdf = KdfParams(int(cost["t"]), int(cost["m"]), int(cost["p"]))
    return kdf, unpadded(parts[4]), unpadded(parts[5])


def new_data_key() -> bytes:
    """A fresh random data key."""
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """A fresh recovery key as the beheerder writes it down: groups of four letters and digits."""
    text = base64.b32encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def recovery_secret(recovery_key: str) -> bytes:
    text = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    text = text.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError as exc:
        raise WrongPassword("Dit is geen geldige herstelsleutel.") from exc
    if len(raw) != KEY_BYTES:
        raise WrongPassword("Dit is geen geldige herstelsleutel (de sleutel is niet compleet).")
    return raw
