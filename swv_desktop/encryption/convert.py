"""Turning a plaintext database into an encrypted one, and starting a new encrypted database.

``convert_plaintext(path)`` is run on the first open of a database written before encryption:
it reads the accounts (user name and argon2id hash) and the organisation's name, makes a key file
with a *legacy* slot per active account (each opens with the password the user already has) and a
recovery key (shown to the first beheerder who signs in), writes an encrypted backup into
``backups/``, writes the encrypted database beside the plaintext one, swaps them, and wipes the
plaintext file, its write-ahead log and every plaintext backup in ``backups/``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import new_key_file
from swv_desktop.encryption.private_files import wipe
from swv_desktop.encryption.slotcrypto import KdfParams
from swv_desktop.encryption.slotcrypto import new_data_key
from swv_desktop.errors import DatabaseError
from swv_desktop.paths import backup_dir

CONVERTING_SUFFIX = ".versleuteld"
LEFTOVER_SUFFIX = ".onversleuteld-wissen"


def _accounts(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """(organisation name, [(user name, argon2 hash)] of active accounts) of a plaintext file."""
    conn = cipher.connect(path, None, create=False)
    try:
        tables = {
            r["name"]
            for r in cipher.named_rows(conn, "SELECT name FROM sqlite_master WHERE type='table'")
        }
        org = ""
        if "organisatie" in tables:
            rows = cipher.named_rows(conn, "SELECT naam FROM organisatie ORDER BY id LIMIT 1")
            org = rows[0]["naam"] if rows else ""
        users: list[tuple[str, str]] = []
        if "gebruiker" in tables:
            for r in cipher.named_rows(
                conn, "SELECT gebruikersnaam, wachtwoord_hash FROM gebruiker WHERE actief"
            ):
                users.append((str(r["gebruikersnaam"]), str(r["wachtwoord_hash"])))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return org, users
    finally:
        conn.close()


def enroll_accounts(key_file: KeyFile, data_key: bytes, users: list[tuple[str, str]]) -> int:
    """A legacy slot for each (user name, argon2id hash); returns how many were made."""
    made = 0
    for username, argon2_hash in users:
        if argon2_hash.startswith("$argon2id$"):
            key_file.set_legacy_slot(username, argon2_hash, data_key)
            made += 1
    return made


def clean_leftovers(path: Path) -> None:
    """Finish what an interrupted conversion left behind (never touches the database itself)."""
    leftover = path.with_name(path.name + LEFTOVER_SUFFIX)
    if leftover.exists() and cipher.file_kind(path) == "encrypted":
        wipe(leftover)
    half = path.with_name(path.name + CONVERTING_SUFFIX)
    if half.exists() and cipher.file_kind(path) == "plain":
        half.unlink()


def convert_plaintext(path: Path, *, stamp: str, kdf: KdfParams | None = None) -> KeyFile:
    """Encrypt the plaintext database at ``path`` in place; returns the saved key file.

    ``stamp`` (``YYYYmmdd-HHMMSS``) names the encrypted backup made first."""
    org, users = _accounts(path)
    data_key = new_data_key()
    key_file = new_key_file(path, org, kdf)
    if enroll_accounts(key_file, data_key, users) == 0 and users:
        raise DatabaseError(
            "De database kan niet worden versleuteld: geen enkel account heeft een "
            "argon2id-wachtwoord. Er is niets gewijzigd."
        )
    key_file.set_recovery_slot(data_key)
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    plain_backups = [p for p in folder.glob("*.db") if cipher.file_kind(p) == "plain"]
    backup = folder / f"{path.stem}-{stamp}-voor-versleuteling.db"
    cipher.copy_database(path, backup, None, data_key)
    encrypted = path.with_name(path.name + CONVERTING_SUFFIX)
    cipher.copy_database(path, encrypted, None, data_key)
    if not cipher.opens_with(encrypted, data_key):
        encrypted.unlink(missing_ok=True)
        raise DatabaseError(
            "De versleutelde kopie kon niet worden gecontroleerd. Er is niets gewijzigd."
        )
    key_file.save()
    leftover = path.with_name(path.name + LEFTOVER_SUFFIX)
    for suffix in ("-wal", "-shm"):
        wipe(Path(f"{path}{suffix}"))
    path.replace(leftover)
    encrypted.replace(path)
    wipe(leftover)
    for old in plain_backups:
        with contextlib.suppress(OSError):
            wipe(old)
    return key_file


def new_keyring(path: Path, organisatie: str = "", kdf: KdfParams | None = None) -> KeyRing:
    """A key file (saved, with only a recovery slot) and its data key for a new database."""
    data_key = new_data_key()
    key_file = new_key_file(path, organisatie, kdf)
    key_file.set_recovery_slot(data_key)
    key_file.save()
    return KeyRing(file=key_file, candidates=[data_key])
