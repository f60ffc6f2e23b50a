"""A real team: a PostgreSQL database on the test cluster, a real ``swv-desktop server`` process
on a free loopback port (one per test module), and laptops with real encrypted replicas.
"Offline" is the server process stopped, never a flag."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from loaded import aanvraag_versie
from sqlalchemy import Engine, select

from swv_desktop.db import Database, open_database
from swv_desktop.models import Doel, Gebruiker, Opp, Rol, Soort, Uitkomst, Voorwaarde
from swv_desktop.services import besluiten, instellingen, leerlingen, scholen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import AanvraagInput, VoorwaardeInput
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.protocol import API, encode_row, synced_tables

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

    def start(self, **env: str) -> None:
        command = [sys.executable, "-m", "swv_desktop", "server", "--database", self.url]
        command += ["--port", str(self.port), "--log", str(self.log)]
        with open(self.folder / "server.err", "ab") as err:
            self.proc = subprocess.Popen(
                command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError((self.folder / "server.err").read_text())
            try:
                with urllib.request.urlopen(self.address + API + "/status", timeout=1):
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


def _conditions() -> list[VoorwaardeInput]:
    return [VoorwaardeInput(v, True, today(), "") for v in Voorwaarde]


def opp_versie(db: Database, leerling_id: int) -> int:
    """The newest OPP version of a pupil as this database holds it (0: none), as the form shows."""
    with db.read() as session:
        return max(
            session.scalars(select(Opp.versie).where(Opp.leerling_id == leerling_id)), default=0
        )


def to_besluit(db: Database, cp: Actor, aid: int) -> None:
    """Concept -> ter besluitvorming, each step from the version this database holds."""
    aanvragen.submit(db, cp, aid, versie=aanvraag_versie(db, aid))
    aanvragen.record_discussion(
        db, cp, aid, datum=today(), notitie="Besproken op school.", versie=aanvraag_versie(db, aid)
    )
    aanvragen.send_for_besluit(db, cp, aid, versie=aanvraag_versie(db, aid))


def add_pupil(db: Database, actor: Actor, nummer: str, school_id: int) -> int:
    lid = leerlingen.save_leerling(
        db,
        actor,
        leerlingen.LeerlingInput(
            leerlingnummer=nummer,
            voornaam="Testa",
            achternaam=f"Leerling{nummer}",
            geboortedatum=date(2011, 3, 14),
            school_id=school_id,
            niveau="vmbo-gt/havo",
            leerjaar=2,
        ),
    )
    leerlingen.add_opp_version(
        db,
        actor,
        lid,
        leerlingen.OppInput(
            vastgesteld_op=today(),
            uitstroomprofiel="havo",
            inzet_maatwerkbudget="Training sociale vaardigheden en coaching op planning.",
        ),
        vorige_versie=0,
    )
    return lid


def draft(actor: Actor, jaar: int, school: int, leerling: int, cents: int) -> AanvraagInput:
    return AanvraagInput(
        soort=Soort.INDIVIDUEEL,
        schooljaar_id=jaar,
        school_id=school,
        contactpersoon_id=actor.id,
        doel=Doel.SOCIAAL_EMOTIONEEL,
        aanvraagdatum=today(),
        aangevraagd_cents=cents,
        leerling_id=leerling,
        omschrijving="Coaching op weerbaarheid",
        voorwaarden=_conditions(),
    )


def _award(db: Database, cp: Actor, directeur: Actor, data: AanvraagInput) -> int:
    aid = aanvragen.create_aanvraag(db, cp, data)
    to_besluit(db, cp, aid)
    besluiten.decide(
        db,
        directeur,
        aid,
        uitkomst=Uitkomst.TOEGEKEND,
        bedrag_cents=data.aangevraagd_cents,
        motivering="Voldoet aan alle voorwaarden.",
        versie=aanvraag_versie(db, aid),
    )
    return aid


def _seed(db: Database, password_hash: str) -> dict[str, Any]:
    actors: dict[str, Actor] = {}
    with db.transaction() as session:
        for login, (rol, naam) in USERS.items():
            user = Gebruiker(
                gebruikersnaam=login,
                volledige_naam=naam,
                rol=rol,
                wachtwoord_hash=password_hash,
                actief=True,
                aangemaakt_op=datetime.now(UTC),
            )
            session.add(user)
            session.flush()
            actors[login] = actor_for(user)  # sealed, as a sign-in issues it
    instellingen.update_settings(
        db,
        actors["beheerder"],
        instellingen.OrganisatieData(
            naam="Samenwerkingsverband VO Testregio",
            adres="Voorbeeldlaan 1",
            postcode="1234 AB",
            plaats="Teststad",
            programmadirecteur_naam="Dirk Directeur",
        ),
    )
    start = today().year if today().month >= 8 else today().year - 1
    jaar = instellingen.save_schooljaar(
        db, actors["beheerder"], label=f"{start}-{start + 1}", **instellingen.REGELING_DEFAULTS
    )
    sec = actors["secretariaat"]
    bestuur = scholen.save_bestuur(
        db, sec, scholen.BestuurInput("Stichting Testonderwijs", "41234")
    )
    school_a = scholen.save_school(
        db,
        sec,
        scholen.SchoolInput(
            "Het Testcollege", "12AB", "12AB00", bestuur, contactpersoon_id=actors["cp1"].id
        ),
    )
    school_b = scholen.save_school(
        db,
        sec,
        scholen.SchoolInput(
            "Lyceum Elders", "34CD", "34CD00", bestuur, contactpersoon_id=actors["cp2"].id
        ),
    )
    a1 = add_pupil(db, actors["cp1"], "A0001", school_a)
    b1 = add_pupil(db, actors["cp2"], "B0001", school_b)
    award_a = _award(
        db, actors["cp1"], actors["directeur"], draft(actors["cp1"], jaar.id, school_a, a1, 500_000)
    )
    award_b = _award(
        db, actors["cp2"], actors["directeur"], draft(actors["cp2"], jaar.id, school_b, b1, 400_000)
    )
    return {
        "actors": actors,
        "schooljaar_id": jaar.id,
        "school_a": school_a,
        "school_b": school_b,
        "award_a": award_a,
        "award_b": award_b,
    }


@pytest.fixture(scope="module")
def team(
    pg_admin: Engine, pg_cluster: Any, password_hash: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Team]:
    """The office: a seeded PostgreSQL database and its server process, for one test module."""
    name = f"swv_team_{os.getpid()}_{free_port()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name)
    db = open_database(url)
    seeded = _seed(db, password_hash)
    folder = tmp_path_factory.mktemp("team")
    server = ServerProcess(url.render_as_string(hide_password=False), folder)
    server.start()
    try:
        yield Team(db=db, server=server, folder=folder, **seeded)
    finally:
        if server.proc is not None:
            server.stop()
        db.close()
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def online(team: Team) -> Iterator[Team]:
    """The server is running at the start and again at the end of the test."""
    if team.server.proc is None:
        team.server.start()
    yield team
    if team.server.proc is None:
        team.server.start()


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
