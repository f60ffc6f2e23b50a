"""Joining a team from a laptop: the replica is built in a hidden file beside its place and
moved there only once the first sync is complete; when that does not succeed nothing is left.

``join_team(path, server, username, password)`` signs in at the server (the same argon2id
account), makes the encrypted replica with a key slot for that password and pulls the user's
whole scope, all in ``.NAME.aansluiten`` (with its key file, anchor and device file beside it).
The first pull loads the empty file in bulk (``opbouw``: indexes and triggers made once all
rows are in), and the files are flushed to disk before the renames. Any refusal (unreachable,
wrong password, another schema version, a first sync that did not finish, the server gone in
the middle) wipes what this attempt made; a laptop killed in the middle leaves only the hidden
file, which the next attempt wipes first. So ``path`` holds a complete replica or nothing, and
an existing file (a standalone database, another user's replica) is never touched. The first-run window and Beheer > Server both join this way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from swv_desktop.encryption.auditketen import anchor_path
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.private_files import wipe
from swv_desktop.errors import KnownError
from swv_desktop.services.toegang import THROTTLE_SUFFIX
from swv_desktop.sync import leave
from swv_desktop.sync import opbouw
from swv_desktop.sync import replica
from swv_desktop.sync.apparaat import identity_path
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import RoundResult
from swv_desktop.sync.client import Unreachable

log = logging.getLogger(__name__)

BUILDING_SUFFIX = ".aansluiten"


def building_path(path: Path) -> Path:
    """Where the replica for ``path`` is built (hidden, beside it, on the same disk)."""
    return path.with_name(f".{path.name}{BUILDING_SUFFIX}")


def join_team(path: Path, server: str, username: str, password: str) -> RoundResult:
    """Build and fill the replica for ``path`` (see the module docstring); refused with the
    server's or the laptop's Dutch reason."""
    if not server.startswith(("http://", "https://")):
        raise KnownError("Vul het adres in als https://naam:poort (of http:// op het kantoornet).")
    if not username.strip() or not password:
        raise KnownError("Vul uw gebruikersnaam en wachtwoord in.")
    if path.exists() or sidecar_path(path).exists():
        raise KnownError(
            f"Er staat al een bestand op {path}; kies een andere plaats of open dat bestand."
        )
    building = building_path(path)
    _remove(building)  # what an attempt that was killed in the middle left
    try:
        laptop = Laptop.open(building, server.strip(), username.strip(), password)
    except Unreachable as exc:  # nothing was recorded here yet: no "wacht op deze laptop"
        _remove(building)
        raise KnownError(_not_joined(exc.message)) from exc
    except KnownError:
        _remove(building)
        raise
    try:
        with laptop.db.transaction() as session:  # its first pull loads in bulk (``opbouw``)
            replica.set_state(session, {opbouw.STATE_KEY: "1"})
        result = laptop.sync_round()
    except BaseException:
        laptop.close()
        _remove(building)
        raise
    laptop.close()
    if result.error:
        _remove(building)
        raise KnownError(_not_joined(result.error))
    _move_into_place(building, path)
    log.info("Aangesloten bij een team (%d gegevens ontvangen)", result.received)
    return result


def _not_joined(reason: str) -> str:
    """The refusal, without the promise that recorded work waits (nothing was recorded)."""
    reason = reason.split(" Wat u vastlegt")[0]
    return f"{reason} De laptop is niet aangesloten; er is niets bewaard."


def _companions(path: Path) -> list[Path]:
    """The files beside a replica that belong to it (the database itself not included)."""
    return [
        Path(f"{path}-wal"),
        Path(f"{path}-shm"),
        sidecar_path(path),
        anchor_path(path),
        Path(f"{path}{THROTTLE_SUFFIX}"),
        identity_path(path),
    ]


def _move_into_place(building: Path, path: Path) -> None:
    """The complete replica to ``path``: on disk first (each file flushed), then its companions,
    the database itself last (a rename on the same disk), so a replica at ``path`` is never
    without its key file; then the folder's new names are flushed too."""
    for file in [building, *_companions(building)]:
        if file.exists():
            _flush(file, os.O_RDWR)  # Windows flushes only what is open for writing
    for source, target in zip(_companions(building), _companions(path), strict=True):
        if source.exists():
            os.replace(source, target)
    os.replace(building, path)
    if os.name == "posix":  # Windows cannot open a folder to flush it (NTFS logs its renames)
        _flush(path.parent, os.O_RDONLY)


def _flush(file: Path, mode: int) -> None:
    fd = os.open(file, mode)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(building: Path) -> None:
    """What an attempt made in ``building`` (wiped: it may hold pupil data)."""
    for file in [*leave.replica_files(building), *_companions(building)]:
        if file.exists():
            wipe(file)
