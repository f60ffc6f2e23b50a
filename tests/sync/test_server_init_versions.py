"""A newer laptop and an older server: the real previous version of the server (taken from the
repository's history, schema 0012) refuses this laptop's schema; the laptop tells its user that
the server is to be upgraded first, sends nothing, and keeps its outbox."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import text

from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import known_revisions
from swv_desktop.sync import replica
from swv_desktop.sync import versions
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import check_connection
from swv_desktop.sync.protocol import API
from swv_desktop.sync.versions import version_message

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil
from .harness import free_port

REPO = Path(__file__).resolve().parents[2]
PREVIOUS = "d682bb7"
"""A commit of main whose server speaks schema 0012 (the sync server's own migration)."""


def _previous_version(folder: Path) -> Path:
    """The previous version's package, unpacked from git (skipped in a checkout without it)."""
    found = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{PREVIOUS}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip(f"de vorige versie ({PREVIOUS}) staat niet in deze checkout")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS, "swv_desktop"],
        capture_output=True,
        check=True,
    )
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


@pytest.fixture
def older_server(pg_admin: Engine, pg_cluster: Any, tmp_path: Path) -> Iterator[str]:
    """The previous version's ``swv-desktop server`` on an empty database of its own."""
    code = _previous_version(tmp_path / "vorige")
    name = f"swv_oud_{os.getpid()}_{free_port()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name).render_as_string(hide_password=False)
    port = free_port()
    command = [sys.executable, "-m", "swv_desktop", "server", "--database", url]
    command += ["--port", str(port), "--log", str(tmp_path / "oud.log")]
    env = {**os.environ, "PYTHONPATH": str(code)}
    with open(tmp_path / "oud.err", "wb") as err:
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=tmp_path
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            assert proc.poll() is None, (tmp_path / "oud.err").read_text()
            try:
                with urllib.request.urlopen(address + API + "/status", timeout=1) as answer:
                    assert b'"0012"' in answer.read()  # it is the older version
                break
            except OSError:
                assert time.monotonic() < deadline, "de oude server kwam niet op gang"
                time.sleep(0.1)
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_newer_laptop_refuses_an_older_server_and_keeps_its_outbox(
    online: Team, older_server: str, tmp_path: Path
) -> None:
    with pytest.raises(Exception, match="draait een oudere versie") as caught:
        check_connection(older_server)
    assert "Laat de beheerder eerst de server bijwerken" in str(caught.value)

    laptop = Laptop.open(tmp_path / "cp1.db", online.server.address, "cp1", PASSWORD)
    try:
        assert laptop.sync_round().exit_code == 0
        add_pupil(laptop.db, laptop.actor, "V0001", online.school_a)  # waits
        laptop.connection.base = older_server  # the server was put back to the older version
        laptop.go_offline()  # the next round signs in there
        result = laptop.sync_round()
        assert result.exit_code == 2 and result.sent == 0
        assert "draait een oudere versie van swv-desktop (databaseversie 0012) dan deze " in (
            result.error
        )
        assert "de server gaat altijd eerst" in result.error
        assert "Er is niets verstuurd" in result.error
        assert len(laptop.waiting()) == 2  # nothing lost
    finally:
        laptop.close()


def test_the_message_for_a_newer_server_asks_to_upgrade_the_laptop() -> None:
    assert "0012" in known_revisions() and SCHEMA_HEAD != "0012"
    newer = version_message("https://kantoor:8765", "9999")
    assert "draait een nieuwere versie" in newer and "Installeer op deze laptop" in newer
    older = version_message("https://kantoor:8765", "0012")
    assert "draait een oudere versie" in older


def test_each_command_keeps_the_version_that_wrote_it_and_the_laptops_clock(
    online: Team, tmp_path: Path
) -> None:
    path = tmp_path / "cp1-klok.db"
    laptop = Laptop.open(path, online.server.address, "cp1", PASSWORD)
    assert laptop.sync_round().exit_code == 0
    add_pupil(laptop.db, laptop.actor, "K0001", online.school_a)  # waits: two commands
    before_upgrade = [u for u, *_ in laptop.waiting()]
    with laptop.db.transaction() as session:  # as the previous release left the replica
        replica.set_state(session, {versions.WRITER_KEY: versions.PREVIOUS})
    laptop.close()

    laptop = Laptop.open(path, online.server.address, "cp1", PASSWORD)  # the upgraded program
    try:
        add_pupil(laptop.db, laptop.actor, "K0002", online.school_a)
        after_upgrade = [u for u, *_ in laptop.waiting() if u not in before_upgrade]
        with laptop.db.read() as session:
            found = session.execute(text("SELECT uuid, aangemaakt_op FROM sync_laptop_opdracht"))
            clocks = {str(u): str(c) for u, c in found}
        sent_at = datetime.now(UTC)
        result = laptop.sync_round()
        assert result.exit_code == 0 and result.accepted == 4
    finally:
        laptop.close()
    wanted = before_upgrade + after_upgrade
    rows = online.stored(wanted)
    assert {rows[u].client_schema for u in before_upgrade} == {versions.PREVIOUS}
    assert {rows[u].client_schema for u in after_upgrade} == {SCHEMA_HEAD}
    for uuid, row in rows.items():
        assert row.client_op == datetime.fromisoformat(clocks[uuid])  # the laptop's clock
        assert row.ontvangen_op >= sent_at - timedelta(seconds=1)  # the server's receipt
