"""Opening the test suite's encrypted databases: unlock a key file once per database and user,
copy a database with its key file, a raw keyed connection for planting faults, and a new
encrypted database through the first run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from swv_desktop.db import Database
from swv_desktop.encryption.connect import connect
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.slotcrypto import TEST_KDF
from swv_desktop.services import instellingen
from swv_desktop.services.common import Actor
from swv_desktop.services.instellingen import OrganisatieData
from swv_desktop.services.toegang import Gate

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


FIRST_RUN_PASSWORD = "een-goed-wachtwoord"


def first_run(
    tmp_path: Path, clock: Any, password: str = FIRST_RUN_PASSWORD
) -> tuple[Gate, Database]:
    """A new encrypted ``swv.db`` in ``tmp_path`` through the first run (signed in, open), with a
    beheerder 'beheer' who has ``password``; the light test KDF."""
    gate = Gate(tmp_path / "swv.db", clock=clock, kdf=TEST_KDF)
    db = gate.create()
    first_run_on(db, password)
    return gate, db


def first_run_on(db: Database, password: str, organisatie: str = "SWV VO Testregio") -> Actor:
    """The first-run form on ``db``: the organisation, beheerder 'beheer' with ``password`` and
    schooljaar 2021-2022; the beheerder, signed in."""
    return instellingen.first_run(
        db,
        organisatie=OrganisatieData(naam=organisatie),
        gebruikersnaam="beheer",
        volledige_naam="Bas Beheer",
        wachtwoord=password,
        schooljaar_label="2021-2022",
    )
