"""The laptop killed (SIGKILL) in the middle of a push: the resend gets the stored answers for
what the server had committed (one batch, one transaction); nothing lost, nothing twice."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from swv_desktop.models import Beoordeling
from swv_desktop.models import SyncOpdracht
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services import voortgang
from swv_desktop.sync.client import Laptop

from .harness import PASSWORD
from .harness import Team
from .harness import replica_rows
from .harness import server_count
from .harness import server_rows
from .harness import today

COUNT = 200


def _received(team: Team, user_id: int) -> int:
    return server_count(team, SyncOpdracht.gebruiker_id == user_id)


def test_laptop_killed_in_the_middle_of_a_push(online: Team) -> None:
    team = online
    path = team.folder / "cp1-kill.db"
    laptop = Laptop.open(path, team.server.address, "cp1", PASSWORD)
    assert laptop.sync_round().exit_code == 0
    for i in range(COUNT):
        voortgang.record_gesprek(
            laptop.db,
            laptop.actor,
            team.award_a,
            voortgang.VoortgangInput(today(), "mentor", f"Kill {i}", Beoordeling.GOED),
        )
    me = laptop.actor.id
    laptop.close()
    before = _received(team, me)
    command = [sys.executable, "-m", "swv_desktop", "sync", "--db", str(path)]
    command += ["--server", team.server.address, "--user", "cp1"]
    proc = subprocess.Popen(
        command,
        env={**os.environ, "SWV_PASSWORD": PASSWORD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _received(team, me) == before and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    if proc.poll() is None:  # on a loaded machine the round may have ended by now
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)  # in the middle of its push
    ended = proc.wait(timeout=10)
    assert ended in (-signal.SIGKILL, 0)  # 0: the whole round was done before the kill landed
    committed = _received(team, me) - before
    assert committed > 0
    laptop = Laptop.open(path, team.server.address, "cp1", PASSWORD)
    # the server commits a pushed batch at once and the laptop stores its answers in one
    # transaction: killed before that, all still wait (usual: the kill follows the server's
    # commit within milliseconds); killed just after, none does. Either way the resend below
    # gets the stored answers and nothing arrives twice.
    waiting = len(laptop.waiting())
    assert waiting in (COUNT, 0) and (ended != 0 or waiting == 0)
    result = laptop.sync_round()
    assert result.exit_code == 0, result.summary()
    assert result.sent == waiting and result.accepted == waiting
    with team.db.read() as s:
        notes = list(
            s.scalars(
                select(Voortgangsgesprek.notities).where(Voortgangsgesprek.notities.like("Kill %"))
            )
        )
    assert sorted(notes) == sorted(f"Kill {i}" for i in range(COUNT))  # each exactly once
    assert _received(team, me) - before == COUNT
    assert replica_rows(laptop) == server_rows(team, laptop.actor)
    laptop.close()
