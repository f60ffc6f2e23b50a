"""Removing an account's key slot and re-keying, so that the old slot with the old password opens
nothing: not the database, and not the backups beside it.

The steps are ordered so that a crash at any point locks nobody out: (1) the key file is written
with the slot removed and both keys (new first) sealed to every remaining slot; (2) the database
and each backup in ``backups/`` are re-keyed; (3) the key file is written with the new key only.
``finish_interrupted`` completes (2) and (3) when a ring still holds two keys at the next open.

Legacy slots (from a converted database) are removed as well: their wrapping key follows from the
password hash stored inside the database, which the removed user could read. Those accounts sign
in again after the beheerder gives them a new password.
"""

from __future__ import annotations

from pathlib import Path

from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import RECOVERY_SLOT
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.slotcrypto import new_data_key
from swv_desktop.paths import backup_dir


def _backups(path: Path, key: bytes) -> list[Path]:
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("*.db")) if cipher.opens_with(p, key)]


def rekey(path: Path, ring: KeyRing, remove: str) -> list[str]:
    """Drop the slot of ``remove`` (and every legacy slot), re-key the closed database at
    ``path`` and its backups; returns the user names of the legacy slots that were dropped."""
    old, new = ring.data_key, new_data_key()
    kf = ring.file
    kf.remove_slot(remove)
    legacy = [s["gebruikersnaam"] for k, s in kf.slots.items() if s.get("soort") == "legacy"]
    for name in legacy:
        kf.remove_slot(name)
    kf.reseal([new, old], old)
    kf.save()
    _rekey_files(path, old, new)
    kf.reseal([new], new)
    kf.save()
    ring.candidates = [new]
    return legacy


def _rekey_files(path: Path, old: bytes, new: bytes) -> None:
    if cipher.opens_with(path, old):
        cipher.rekey_file(path, old, new)
    for backup in _backups(path, old):
        cipher.rekey_file(backup, old, new)


def finish_interrupted(path: Path, ring: KeyRing, opened_with: bytes) -> None:
    """Complete a re-key that stopped half-way (the ring holds ``[new, old]``)."""
    if len(ring.candidates) < 2:
        return
    new, old = ring.candidates[0], ring.candidates[1]
    if opened_with == old:
        _rekey_files(path, old, new)
    else:
        for backup in _backups(path, old):
            cipher.rekey_file(backup, old, new)
    ring.file.reseal([new], new)
    ring.file.save()
    ring.candidates = [new]


def has_recovery(ring: KeyRing) -> bool:
    """True when the key file has a recovery slot."""
    return RECOVERY_SLOT in ring.file.slots
