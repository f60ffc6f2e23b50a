"""``swv-desktop server import`` refuses, or leaves alone unless asked: a wrong password for the
standalone file, a contactpersoon's account on either side, a file as the server; the dry run
writes nothing; the source is deleted only when asked (``--verwijder-bron`` or 'ja' at the
prompt); the deletion register stays with the file and is printed. Real PostgreSQL, a real
encrypted standalone demo file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from keyed import DEMO_PASSWORD
from sqlalchemy.engine import URL

from swv_desktop.cli import main
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.models import Rol

from .harness import PASSWORD
from .server_import import AUDIT_KEY
from .server_import import insert_account
from .server_import import run
from .server_import import server_counts
from .server_import import server_one
from .server_import import source_sql

pytestmark = pytest.mark.usefixtures("import_passwords")


def test_wrong_password_for_the_standalone_is_refused(
    server: URL, standalone: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    before = server_counts(server)
    monkeypatch.setenv("SWV_PASSWORD", "niet-het-wachtwoord")
    assert run(server, standalone) == 1
    assert "Gebruikersnaam of wachtwoord is onjuist." in capsys.readouterr().err
    assert server_counts(server) == before


def test_a_contactpersoon_server_account_is_refused(
    server: URL, standalone: Path, password_hash: str, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_account(server, "cp-server", Rol.CONTACTPERSOON, password_hash)
    before = server_counts(server)
    assert run(server, standalone, "--server-user", "cp-server") == 1
    err = capsys.readouterr().err
    assert "U mag niet een bestaande database naar de server overzetten" in err
    assert "beheerder of programmadirecteur" in err
    assert server_counts(server) == before


def test_the_dry_run_writes_nothing(
    server: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = server_counts(server)
    assert run(server, standalone, "--proef", "--verwijder-bron") == 0
    out = capsys.readouterr().out
    assert "Proef (er is niets opgeslagen)" in out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("  Leerlingen")] == [
        "20"
    ]
    assert server_counts(server) == before
    assert standalone.exists() and sidecar_path(standalone).exists()


def test_the_source_is_deleted_only_when_asked(
    server: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [standalone, sidecar_path(standalone)]
    assert all(f.exists() for f in files)
    assert run(server, standalone, "--verwijder-bron") == 0
    out = capsys.readouterr().out
    assert "Verwijderd (overschreven en gewist): bureau.db" in out
    assert not any(f.exists() for f in files)
    assert not list(standalone.parent.iterdir())  # backups, anchor and counter went too


def test_yes_at_the_prompt_deletes_the_source(imported: URL, standalone: Path) -> None:
    """On a real terminal the command asks; 'ja' deletes the file (the same file again: all of
    it is on the server already, so everything merges first)."""
    url = imported.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "swv_desktop", "server", "import", "--database", url]
    command += ["--from", str(standalone), "--user", "beheerder"]
    leader, follower = pty.openpty()
    env = {
        **os.environ,
        "SWV_PASSWORD": DEMO_PASSWORD,
        "SWV_SERVER_PASSWORD": PASSWORD,
        "SWV_AUDIT_KEY": AUDIT_KEY,
    }
    proc = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while b"Typ 'ja'" not in seen:
        chunk = os.read(leader, 4096)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    os.write(leader, b"ja\n")
    try:
        while chunk := os.read(leader, 4096):
            seen += chunk
    except OSError:  # the terminal closes with the process
        pass
    assert proc.wait(timeout=60) == 0, seen.decode(errors="replace")
    assert b"Verwijderd (overschreven en gewist)" in seen
    assert not standalone.exists() and not sidecar_path(standalone).exists()


def test_a_contactpersoon_of_the_file_and_a_file_as_server_are_refused(
    server: URL, standalone: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = server_counts(server)
    url = server.render_as_string(hide_password=False)
    argv = ["server", "import", "--database", url, "--from", str(standalone)]
    assert main([*argv, "--user", "contactpersoon", "--server-user", "beheerder"]) == 1
    assert "voorbehouden aan de beheerder of programmadirecteur" in capsys.readouterr().err
    assert server_counts(server) == before
    elsewhere = tmp_path / "geen-server.db"
    argv = ["server", "import", "--database", str(elsewhere), "--from", str(standalone)]
    assert main([*argv, "--user", "beheerder"]) == 1
    assert "PostgreSQL-database" in capsys.readouterr().err
    assert not elsewhere.exists()


def test_the_deletion_register_stays_with_the_file_and_is_printed(
    imported: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_sql(
        standalone,
        "INSERT INTO verwijderregister (uid, op, soort, handeling, aantal, eerste_id, laatste_id, "
        "ids, vingerafdruk, regel, peildatum, door_id, door) VALUES ('a1b2', "
        "'2023-06-15 10:00:00.000000', 'leerling', 'verwijderd', 3, 4, 9, '4,7,9', 'f0', "
        "'5 jaar na het laatste schooljaar', '2023-06-15', NULL, 'beheerder')",
    )
    assert run(imported, standalone) == 0
    out = capsys.readouterr().out
    assert "Verwijderregister: 1 regel(s) niet overgezet" in out
    assert "leerling, 3 verwijderd (id 4-9), peildatum 15 juni 2023, door beheerder" in out
    assert server_one(imported, "SELECT count(*) FROM verwijderregister")[0] == 0
