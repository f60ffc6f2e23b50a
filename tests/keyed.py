"""Opening the test suite's encrypted databases: unlock a key file once per database and user,
copy a database with its key file, and a raw keyed connection for planting faults."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from swv_desktop.encryption.connect import connect
from swv_desktop.encryption.keyslots import KeyFile, KeyRing, sidecar_path

DEMO_PASSWORD = "demo-welkom-2021"
_UNLOCKED: dict[tuple[str, str, str], list[bytes]] = {}


def unlock(path: Path, username: str = "beheerder", password: str = DEMO_PASSWORD) -> KeyRing:
    """The unlocked key ring of the database at ``path`` (Argon2id once per key file and user:
    copies of a database share its key file's id)."""
    key_file = KeyFile.load(sidecar_path(path))
    cache_key = (key_file.database_id, username, password)
    if cache_key not in _UNLOCKED:
        _UNLOCKED[cache_key] = key_file.unlock(username, password)
    return KeyRing(file=key_file, candidates=list(_UNLOCKED[cache_key]))


def copy_database(source: Path, target: Path) -> Path:
    """Copy a database with its key file."""
    shutil.copyfile(source, target)
    shutil.copyfile(sidecar_path(source), sidecar_path(target))
    return target


def keyed_connect(path: Path) -> Any:
    """A raw connection to a demo database (for planting faults and fingerprints)."""
    return connect(path, unlock(path).data_key, create=False)
