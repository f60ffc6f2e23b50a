"""Helpers for the device and trust scenarios over HTTPS: a laptop on a ``TlsServer``, the
pupils a replica holds (opened and counted), and a second name for a replica's files taken
before a wipe, so the test reads what the wipe left in the very blocks the replica used."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Leerling
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.leave import replica_files

from .harness import PASSWORD
from .tls import TlsServer


def tls_laptop(server: TlsServer, folder: Path, user: str, name: str | None = None) -> Laptop:
    """A laptop of ``user`` whose replica is ``folder/NAME.db``, on the HTTPS server."""
    return Laptop.open(folder / f"{name or user}.db", server.address, user, PASSWORD)


def pupils(laptop: Laptop) -> set[str]:
    """The pupil numbers the replica holds (opened and queried, as a finder would)."""
    with laptop.db.read() as session:
        return set(session.scalars(select(Leerling.leerlingnummer)))


def pupil_count(laptop: Laptop) -> int:
    with laptop.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Leerling)) or 0)


def keep_links(path: Path, folder: Path) -> dict[Path, Path]:
    """A hard link to each file of the replica at ``path`` (the same blocks on disk): after a
    wipe the link shows what the wipe left where the data were."""
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for file in replica_files(path):
        link = folder / f"link-{file.name}"
        os.link(file, link)
        links[file] = link
    return links


def only_zeros(file: Path) -> bool:
    """The file is as long as before and holds nothing but zero bytes."""
    data = file.read_bytes()
    return len(data) > 0 and data.count(0) == len(data)
