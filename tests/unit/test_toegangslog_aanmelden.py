"""Sign-ins in the access log: on the encrypted file (``Gate``: a failed attempt waits in the
attempts file until the next successful sign-in, as the file stays closed without a valid
password), on a PostgreSQL database in the window (``ServerGate``: at once) and at the team
server (its ``aanmelden``). A failed one keeps the name that was tried, never the password."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from keyed import first_run
from sqlalchemy import select
from world import TEST_PASSWORD

from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import WrongPassword
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import toegangslog
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang import PersistentThrottle

PW = "een-goed-wachtwoord"


def _rows(db: Any) -> list[tuple[Any, ...]]:
    with db.read() as s:
        return [
            (t.actie, t.gebruikersnaam, t.gebruiker_id, t.rol, t.omschrijving, t.op)
            for t in s.scalars(select(Toegang).order_by(Toegang.id))
        ]


def test_the_gate_logs_failed_and_successful_sign_ins(tmp_path: Path, clock: Any) -> None:
    gate, db = first_run(tmp_path, clock, PW)
    gate.sign_out()
    failed_at = clock()
    with pytest.raises(WrongPassword):
        Gate(db.path, clock=clock).sign_in("beheer", "fout-wachtwoord-geheim")
    with pytest.raises(WrongPassword):
        Gate(db.path, clock=clock).sign_in("Onbekende", "nog-een-geheim")
    pending = PersistentThrottle.beside(db.path, clock).failed_attempts()
    assert [name for name, _op in pending] == ["beheer", "Onbekende"]
    attempts_file = db.path.with_name(db.path.name + ".aanmeldpogingen").read_text()
    assert "geheim" not in attempts_file  # never the password
    clock.now += timedelta(minutes=3)
    again = Gate(db.path, clock=clock)
    actor = again.sign_in("beheer", PW)
    rows = _rows(again.db)
    assert [r[:4] for r in rows] == [
        (ToegangActie.AANMELDEN_MISLUKT, "beheer", actor.id, ""),
        (ToegangActie.AANMELDEN_MISLUKT, "Onbekende", None, ""),
        (ToegangActie.AANMELDEN, "beheer", actor.id, "beheerder"),
    ]
    assert rows[0][5] == failed_at and rows[2][5] == clock()  # each at its own moment
    assert not any("geheim" in r[4] for r in rows)
    assert PersistentThrottle.beside(db.path, clock).failed_attempts() == []  # written once
    toegangslog.afmelding(again.db, actor)
    assert _rows(again.db)[-1][:2] == (ToegangActie.AFMELDEN, "beheer")
    again.sign_out()


def test_the_server_gate_logs_at_once(backend: str, world: Any) -> None:
    if backend != "postgresql":
        pytest.skip("de ServerGate is de weg in bij een PostgreSQL-database")
    from swv_desktop.services.toegang_server import ServerGate

    gate = ServerGate(world.db.target, clock=world.clock)
    try:
        with pytest.raises(AuthenticationFailed):
            gate.sign_in("contactpersoon", "fout-wachtwoord-geheim")
        assert _rows(world.db)[-1][:3] == (
            ToegangActie.AANMELDEN_MISLUKT,
            "contactpersoon",
            world.contactpersoon.id,
        )
        gate.sign_in("contactpersoon", TEST_PASSWORD)
        last = _rows(world.db)[-1]
        assert last[:4] == (
            ToegangActie.AANMELDEN,
            "contactpersoon",
            world.contactpersoon.id,
            "contactpersoon",
        )
        assert last[4] == "In het venster op de server"
    finally:
        gate.sign_out()
