"""The team the sync tests share, as plain code: the ``swv-desktop server`` process, the seeded
office (``Team``) and the checks on its rows. The fixtures that build it live in
``tests/sync/conftest.py``; tests import from here (a conftest is never imported)."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

import office
from loaded import aanvraag_versie
from loaded import decide
from office import add_users
from office import set_up_office
from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Doel
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Rol
from swv_desktop.models import Soort
from swv_desktop.models import SyncOpdracht
from swv_desktop.models import Uitkomst
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.protocol import API
from swv_desktop.sync.protocol import encode_row
from swv_desktop.sync.protocol import synced_tables

PASSWORD = "test-wachtwoord-1"  # the session fixture password_hash hashes it
USERS = {
    "cp1": (Rol.CONTACTPERSOON, "Carla Contact"),
    "cp2": (Rol.CONTACTPERSOON, "Kees Contact"),
    "directeur": (Rol.PROGRAMMADIRECTEUR, "Dirk Directeur"),
    "secretariaat": (Rol.SECRETARIAAT, "Sanne Secretariaat"),
    "beheerder": (Rol.BEHEERDER, "Bram Beheer"),
}


def today() -> date:
    return datetime.now(UTC).date()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``swv-desktop server`` as an OS process."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "server.log"

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def arguments(self) -> list[str]:
        """The command line that starts it."""
        command = [sys.executable, "-m", "swv_desktop", "server", "--database", self.url]
        return command + ["--port", str(self.port), "--log", str(self.log)]

    def start(self, **env: str) -> None:
        err_path = self.folder / "server.err"
        with open(err_path, "ab") as err:
            self.proc = subprocess.Popen(
                self.arguments(), env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err
            )
        self.wait_ready(err_path)

    def wait_ready(self, output: Path, context: ssl.SSLContext | None = None) -> None:
        """Until the status answers (30 s at most); a process that ends first fails the test with
        what it wrote to ``output``."""
        assert self.proc is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(output.read_text())
            try:
                with urllib.request.urlopen(
                    self.address + API + "/status", timeout=1, context=context
                ):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("de server kwam niet op gang")

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=20)
        self.proc = None
        return code

    def wait_dead(self) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout=20)
        self.proc = None
        return code


@dataclass
class Team:
    """The office database (for checks) and what was seeded in it."""

    db: Database
    server: ServerProcess
    actors: dict[str, Actor]
    schooljaar_id: int
    school_a: int
    school_b: int
    award_a: int
    award_b: int
    folder: Path

    def laptop(self, user: str, name: str | None = None) -> Laptop:
        path = self.folder / f"{name or user}.db"
        return Laptop.open(path, self.server.address, user, PASSWORD)

    def synced(self, user: str, name: str | None = None) -> Laptop:
        """A laptop of ``user`` after a first round without refusals."""
        laptop = self.laptop(user, name)
        assert laptop.sync_round().exit_code == 0
        return laptop

    def stored(self, uuids: list[str]) -> dict[str, Any]:
        """The server's record of these commands by uuid: accepted or not, the schema and the
        clock of the laptop that made each, and when the server received it."""
        with self.db.read() as session:
            found = session.execute(
                select(
                    SyncOpdracht.uuid,
                    SyncOpdracht.geaccepteerd,
                    SyncOpdracht.client_schema,
                    SyncOpdracht.client_op,
                    SyncOpdracht.ontvangen_op,
                ).where(SyncOpdracht.uuid.in_(uuids))
            )
            return {r.uuid: r for r in found}


def pupil_id(laptop: Laptop, leerlingnummer: str = "A0001") -> int:
    """The id of a seeded pupil as the laptop's replica holds it."""
    with laptop.db.read() as session:
        found = session.scalar(select(Leerling.id).where(Leerling.leerlingnummer == leerlingnummer))
    assert found is not None
    return found


def opp_versie(db: Database, leerling_id: int) -> int:
    """The newest OPP version of a pupil as this database holds it (0: none), as the form shows."""
    with db.read() as session:
        return max(
            session.scalars(select(Opp.versie).where(Opp.leerling_id == leerling_id)), default=0
        )


def to_besluit(db: Database, cp: Actor, aid: int) -> None:
    """Concept -> ter besluitvorming, each step from the version this database holds."""
    stappen.submit(db, cp, aid, versie=aanvraag_versie(db, aid))
    stappen.record_discussion(
        db, cp, aid, datum=today(), notitie="Besproken op school.", versie=aanvraag_versie(db, aid)
    )
    stappen.send_for_besluit(db, cp, aid, versie=aanvraag_versie(db, aid))


def add_pupil(db: Database, actor: Actor, nummer: str, school_id: int) -> int:
    return office.add_pupil(db, actor, nummer, school_id, born=date(2011, 3, 14), opp_on=today())


def draft(actor: Actor, jaar: int, school: int, leerling: int, cents: int) -> AanvraagInput:
    return office.draft(
        Soort.INDIVIDUEEL,
        Doel.SOCIAAL_EMOTIONEEL,
        contactpersoon=actor,
        schooljaar_id=jaar,
        school_id=school,
        on=today(),
        aangevraagd_cents=cents,
        leerling_id=leerling,
        omschrijving="Coaching op weerbaarheid",
    )


def _award(db: Database, cp: Actor, directeur: Actor, data: AanvraagInput) -> int:
    aid = aanvragen.create_aanvraag(db, cp, data)
    to_besluit(db, cp, aid)
    decide(db, directeur, aid, Uitkomst.TOEGEKEND, data.aangevraagd_cents)
    return aid


def seed_office(db: Database, password_hash: str) -> dict[str, Any]:
    users = [(login, rol, naam) for login, (rol, naam) in USERS.items()]
    actors = add_users(db, users, password_hash, datetime.now(UTC))
    start = today().year if today().month >= 8 else today().year - 1
    office = set_up_office(
        db,
        actors["beheerder"],
        actors["secretariaat"],
        f"{start}-{start + 1}",
        contact_a=actors["cp1"],
        contact_b=actors["cp2"],
    )
    jaar, school_a, school_b = office.schooljaar_id, office.school_a, office.school_b
    a1 = add_pupil(db, actors["cp1"], "A0001", school_a)
    b1 = add_pupil(db, actors["cp2"], "B0001", school_b)
    award_a = _award(
        db, actors["cp1"], actors["directeur"], draft(actors["cp1"], jaar, school_a, a1, 500_000)
    )
    award_b = _award(
        db, actors["cp2"], actors["directeur"], draft(actors["cp2"], jaar, school_b, b1, 400_000)
    )
    return {
        "actors": actors,
        "schooljaar_id": jaar,
        "school_a": school_a,
        "school_b": school_b,
        "award_a": award_a,
        "award_b": award_b,
    }


def server_count(team: Team, *where: ColumnElement[bool]) -> int:
    """How many rows on the server meet ``where`` (the conditions name the table)."""
    with team.db.read() as session:
        return int(session.scalar(select(func.count()).where(*where)) or 0)


def replica_rows(laptop: Laptop) -> dict[str, list[dict[str, Any]]]:
    """Every row of the replica's synchronised tables, as JSON, by table."""
    out = {}
    with laptop.db.read() as session:
        for tab in synced_tables():
            rows = session.execute(select(tab).order_by(tab.c.id)).mappings().all()
            out[tab.name] = [encode_row(tab, r) for r in rows]
    return out


def server_rows(team: Team, actor: Actor) -> dict[str, list[dict[str, Any]]]:
    """What the user may see on the server, masked as the pull masks it, by table."""
    out = {}
    with team.db.read() as session:
        for tab in synced_tables():
            query = bereik.visible(actor, tab)
            rows = [] if query is None else session.execute(query.order_by(tab.c.id)).mappings()
            out[tab.name] = [encode_row(tab, bereik.mask(actor, tab.name, dict(r))) for r in rows]
    return out
