"""Which team replicas this laptop holds: one file per user in the data folder, so two people
who share a laptop each have their own replica, encrypted with a key slot for her own password
only (the other's password does not open it, and her scope is not the other's).

``team-replica-NAME.db`` holds the user name only (never a pupil's name). Standard library
only: the light start (``ui.launch``) asks it before the heavy modules are loaded.
"""

from __future__ import annotations

from pathlib import Path

PREFIX, SUFFIX = "team-replica-", ".db"


def replica_path(folder: Path, username: str) -> Path:
    """Where ``username``'s replica lives in ``folder`` (the name only holds the user name)."""
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in username.strip().lower())
    return folder / f"{PREFIX}{safe or 'gebruiker'}{SUFFIX}"


def is_user_replica(path: Path) -> bool:
    """``path`` is named as a user's replica (``replica_path``)."""
    return path.name.startswith(PREFIX) and path.name.endswith(SUFFIX)


def replicas_in(folder: Path) -> dict[str, Path]:
    """The users with a complete replica in ``folder`` (as named in the file), by name. A
    replica still being built (hidden, ``sync.aansluiten``) does not count."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob(f"{PREFIX}*{SUFFIX}")):
        if path.is_file() and Path(f"{path}.sleutels").is_file():
            found[path.name[len(PREFIX) : -len(SUFFIX)]] = path
    return found
