"""Benchmark of the access log's viewer on a large log (a script, not a test).

Copies (never changes) a demo database, adds ``--rows`` access-log rows (default 100,000: views
of the demo's pupils by its contactpersonen over a year, and sign-ins), signs in as the
programmadirecteur and times one page of the viewer without filters, by pupil number, by person,
by action and by period, and the Excel export of one pupil's rows.

    .venv/bin/python bench/bench_toegangslog.py [DEMO.db] [--rows 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from benchlib import missing
from benchlib import signed_in_copy
from sqlalchemy import insert
from sqlalchemy import select

from swv_desktop.models import Gebruiker
from swv_desktop.models import Leerling
from swv_desktop.models import Rol
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import toegangslog
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegangslog import LogFilter


def _fill(gate: Gate, rows: int) -> str:
    """Add ``rows`` log rows; the pupil number most rows are about."""
    assert gate.db is not None
    with gate.db.read() as s:
        users = s.execute(
            select(Gebruiker.id, Gebruiker.gebruikersnaam).where(
                Gebruiker.rol == Rol.CONTACTPERSOON
            )
        ).all()
        pupils = s.execute(select(Leerling.id, Leerling.leerlingnummer).limit(5000)).all()
    start = datetime(2022, 8, 1, 8, tzinfo=UTC)
    batch = []
    for i in range(rows):
        uid, name = users[i % len(users)]
        lid, nummer = pupils[(i * 7) % len(pupils)]
        signin = i % 20 == 0
        batch.append(
            {
                "op": start + timedelta(minutes=5 * i),
                "gebruiker_id": uid,
                "gebruikersnaam": name,
                "rol": "contactpersoon",
                "actie": ToegangActie.AANMELDEN if signin else ToegangActie.LEERLING_BEKEKEN,
                "objectsoort": "" if signin else "leerling",
                "object_id": None if signin else lid,
                "leerling_id": None if signin else lid,
                "leerlingnummer": None if signin else nummer,
                "omschrijving": "Met het wachtwoord" if signin else f"Leerling {nummer}",
                "versie": 1,
            }
        )
        if len(batch) == 10_000:
            with gate.db.transaction() as s:
                s.execute(insert(Toegang), batch)
            batch = []
    if batch:
        with gate.db.transaction() as s:
            s.execute(insert(Toegang), batch)
    return str(pupils[7][1])


def _time(label: str, call: object) -> None:
    started = time.perf_counter()
    result = call()  # type: ignore[operator]
    ms = (time.perf_counter() - started) * 1000
    total = getattr(result, "totaal", None)
    print(f"  {label:<34} {ms:8.1f} ms" + ("" if total is None else f"  ({total} regels)"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("bench/groot.db"))
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    if missing(args.path):
        return 1
    with signed_in_copy(args.path, "programmadirecteur") as (copy, gate, actor):
        assert gate.db is not None
        db = gate.db
        started = time.perf_counter()
        nummer = _fill(gate, args.rows)
        print(f"{args.rows} regels toegevoegd in {time.perf_counter() - started:.1f} s")
        cp = next(i for i, _label in toegangslog.personen(db, actor))
        _time("eerste pagina, geen filter", lambda: toegangslog.lijst(db, actor))
        _time("pagina 200, geen filter", lambda: toegangslog.lijst(db, actor, offset=40_000))
        _time(
            "leerlingnummer",
            lambda: toegangslog.lijst(db, actor, LogFilter(leerlingnummer=nummer)),
        )
        _time("persoon", lambda: toegangslog.lijst(db, actor, LogFilter(gebruiker_id=cp)))
        _time(
            "handeling (aanmelden)",
            lambda: toegangslog.lijst(db, actor, LogFilter(actie=ToegangActie.AANMELDEN)),
        )
        _time(
            "periode (één week)",
            lambda: toegangslog.lijst(
                db, actor, LogFilter(van=date(2023, 1, 2), tot=date(2023, 1, 8))
            ),
        )
        _time(
            "Excel van één leerling",
            lambda: toegangslog.exporteren(db, actor, LogFilter(leerlingnummer=nummer)),
        )
        gate.sign_out()
    return 0


if __name__ == "__main__":
    sys.exit(main())
