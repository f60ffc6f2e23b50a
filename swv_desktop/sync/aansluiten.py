"""Joining a team from a fresh laptop: the replica is made at a path and filled by the first
sync, or, when that does not succeed, nothing is left behind.

``join_team(path, server, username, password)`` signs in at the server (the same argon2id
account), makes the encrypted replica with a key slot for that password and pulls the user's
whole scope. Any refusal (unreachable, wrong password, another schema version, a first sync that
did not finish) removes what this attempt made, so the next attempt starts clean. An existing
file is never overwritten.
"""

from __future__ import annotations

import logging
from pathlib import Path

from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.private_files import wipe
from swv_desktop.errors import KnownError
from swv_desktop.sync import leave
from swv_desktop.sync.client import Laptop, RoundResult, Unreachable

log = logging.getLogger(__name__)


def join_team(path: Path, server: str, username: str, password: str) -> RoundResult:
    """Make and fill the replica at ``path`` (see the module docstring); refused with the
    server's or the laptop's Dutch reason."""
    if not server.startswith(("http://", "https://")):
        raise KnownError("Vul het adres in als https://naam:poort (of http:// op het kantoornet).")
    if not username.strip() or not password:
        raise KnownError("Vul uw gebruikersnaam en wachtwoord in.")
    if path.exists() or sidecar_path(path).exists():
        raise KnownError(
            f"Er staat al een bestand op {path}; kies een andere plaats of open dat bestand."
        )
    try:
        laptop = Laptop.open(path, server.strip(), username.strip(), password)
    except Unreachable as exc:  # nothing was recorded here yet: no "wacht op deze laptop"
        _remove(path)
        reason = exc.message.split(" Wat u vastlegt")[0]
        raise KnownError(f"{reason} De laptop is niet aangesloten; er is niets bewaard.") from exc
    except KnownError:
        _remove(path)
        raise
    try:
        result = laptop.sync_round()
    finally:
        laptop.close()
    if result.error:
        _remove(path)
        raise KnownError(f"{result.error} De laptop is niet aangesloten; er is niets bewaard.")
    log.info("Aangesloten bij een team (%d gegevens ontvangen)", result.received)
    return result


def _remove(path: Path) -> None:
    """What a failed attempt made at ``path`` (it did not exist before)."""
    for file in leave.replica_files(path):
        wipe(file)
