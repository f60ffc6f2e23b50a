"""kill -9 a writer at random moments, at least 100 times and at least 30 times inside a write
transaction (counted from the markers it left), then ``check`` passes and every award the writer
reported as committed has its beschikking and its audit row."""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from pathlib import Path

from sqlalchemy import select

from concurrency import crash_writer
from concurrency.racing import DbTarget
from swv_desktop.cli import main
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.services import sleutels

MIN_KILLS = 100
MIN_INSIDE = 30
TIME_LIMIT_S = 150.0
"""A ceiling, not the usual time (about 40 s): with eight test runs on two cores starting a
writer process alone can take half a second."""
PRELOAD = [
    "swv_desktop.services.besluiten",
    "swv_desktop.services.aanvragen.use_cases",
    "swv_desktop.services.aanvragen.stappen",
]


def _last_markers(path: Path) -> dict[int, list[str]]:
    by_child: dict[int, list[str]] = {}
    for line in path.read_text().splitlines():
        child, _, rest = line.partition(" ")
        by_child.setdefault(int(child), []).append(rest)
    return by_child


def _wait_until_open(path: Path, child: int, proc: mp.process.BaseProcess) -> None:
    """Until the writer has its database open and began its first write (its start-up is not
    what this test is about, and on a loaded machine it can take longer than the kill window)."""
    ready = f"{child} B\n"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and proc.is_alive():
        if path.exists() and ready in path.read_text():
            return
        time.sleep(0.005)
    raise AssertionError("de schrijver kwam niet op gang")


def _wait_for(path: Path, start: str, proc: mp.process.BaseProcess) -> None:
    """Until the writer has left a marker line that starts with ``start`` (at most 20 s)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.is_alive():
        if any(line.startswith(start) for line in path.read_text().splitlines()):
            return
        time.sleep(0.01)
    raise AssertionError("de schrijver voltooide geen enkele toekenning")


def test_kill_9_at_random_moments_leaves_a_sound_database(world, tmp_path, monkeypatch):
    target = DbTarget.of(world.db)
    data = world.individual(world.add_leerling("900901"), 1_000)
    markers = tmp_path / "markers.log"
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    rng = random.Random(8)
    kills = inside = 0
    started = time.monotonic()
    child = 0
    while (kills < MIN_KILLS or inside < MIN_INSIDE) and time.monotonic() - started < TIME_LIMIT_S:
        proc = ctx.Process(
            target=crash_writer.run,
            args=(target, str(markers), child, world.contactpersoon, world.directeur, data),
        )
        proc.start()
        _wait_until_open(markers, child, proc)
        if child == 0:  # one award in full first (a loaded machine may need more than 0.25 s)
            _wait_for(markers, f"{child} C ", proc)
            started = time.monotonic()  # that wait is not part of the time limit
        time.sleep(rng.uniform(0.0, 0.25))  # a random moment of its work
        proc.kill()
        proc.join()
        assert proc.exitcode == -9, f"de schrijver stopte zelf (exitcode {proc.exitcode})"
        kills += 1
        said = _last_markers(markers).get(child, [])
        if said and said[-1] == "B":
            inside += 1
        child += 1
    print(
        f"\n{kills} kills, {inside} binnen een schrijftransactie, {time.monotonic() - started:.1f} s"
    )
    assert kills >= MIN_KILLS and inside >= MIN_INSIDE, (kills, inside)

    committed = [
        tuple(int(x) for x in m.split()[1:])
        for lines in _last_markers(markers).values()
        for m in lines
        if m.startswith("C ")
    ]
    assert committed, "geen enkele toekenning voltooid"
    where = str(world.db.path) if world.db.path is not None else target.url
    checker = world.directeur.gebruikersnaam
    sleutels.store_slot(world.db, checker, "crash-wachtwoord-1")  # check opens the file with it
    monkeypatch.setenv("SWV_PASSWORD", "crash-wachtwoord-1")
    assert main(["check", "--db", where, "--user", checker]) == 0
    with world.db.read() as s:
        letters = dict(s.execute(select(Beschikking.id, Beschikking.besluit_id)).all())
        audited = set(
            s.scalars(select(AuditEntry.entiteit_id).where(AuditEntry.entiteit == "besluit"))
        )
    for besluit_id, beschikking_id in committed:
        assert letters.get(beschikking_id) == besluit_id
        assert besluit_id in audited
