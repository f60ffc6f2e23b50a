"""The retention terms on the team server's own database, as the README tells the beheerder to
apply them: ``swv-desktop purge --db URL --user ...`` as an OS process on the server's
PostgreSQL database removes its bookkeeping past its term and keeps the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models.sync import SyncSessie

from .harness import PASSWORD
from .harness import Team


def test_the_purge_on_the_server_database_removes_expired_sessions(online: Team) -> None:
    laptop = online.laptop("cp1", "cp1-bewaren")
    try:
        assert laptop.sync_round().exit_code == 0  # a live session of its own
    finally:
        laptop.close()
    now = datetime.now(UTC)
    with online.db.transaction() as session:
        for days in (3, 40):
            session.add(
                SyncSessie(
                    token_hash=f"verlopen-{days}-{os.getpid()}",
                    gebruiker_id=online.actors["cp2"].id,
                    aangemaakt_op=now - timedelta(days=days + 1),
                    verloopt_op=now - timedelta(days=days),
                )
            )
    with online.db.read() as session:
        before = session.scalar(select(func.count()).select_from(SyncSessie))
    done = subprocess.run(
        [sys.executable, "-m", "swv_desktop", "purge", "--db", online.server.url]
        + ["--user", "beheerder"],
        env={**os.environ, "SWV_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Synchronisatie: 2 verlopen aanmeldingen bij de server verwijderd." in done.stdout
    with online.db.read() as session:
        left = list(session.scalars(select(SyncSessie.verloopt_op)))
    assert len(left) == before - 2 and all(until > now for until in left)
