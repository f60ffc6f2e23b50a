"""The files in ``deploy/``: the systemd units name real options of our programs, and the backup
script dumps a real PostgreSQL database, encrypts it with gpg and rotates within the term."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Engine

from swv_desktop.cli import build_parser
from swv_desktop.models import Organisatie
from swv_desktop.opening import open_database

from .harness import free_port

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def _backup_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("swv_backup", DEPLOY / "swv_backup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_server_unit_starts_a_real_subcommand_with_real_options() -> None:
    unit = _unit("swv-desktop-server.service")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[0] == "/opt/swv-desktop/bin/swv-desktop"
    args = build_parser().parse_args(command[1:])  # exits (fails the test) on an unknown option
    assert args.command == "server" and args.server_actie is None
    assert args.database.startswith("postgresql+psycopg://swv@")
    assert ":" not in args.database.split("//")[1].split("@")[0]  # no password on the command line
    assert args.certfile and args.keyfile and args.host == "0.0.0.0"
    assert unit["Service"]["User"] == "swv-desktop"
    assert unit["Service"]["KillSignal"] == "SIGTERM"
    assert "PGPASSFILE=" in unit["Service"]["Environment"]


def test_the_backup_unit_runs_the_script_with_its_real_options() -> None:
    unit = _unit("swv-backup.service")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[1] == "/opt/swv-desktop/deploy/swv_backup.py"
    args = _backup_module().build_parser().parse_args(command[2:])
    assert args.map == Path("/var/backups/swv-desktop")
    assert unit["Service"]["ReadWritePaths"] == str(args.map)
    assert _unit("swv-backup.timer")["Timer"]["OnCalendar"] == "*-*-* 02:30:00"


def test_the_purge_unit_applies_the_terms_on_the_server_database_at_night() -> None:
    unit = _unit("swv-purge.service")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[0] == "/opt/swv-desktop/bin/swv-desktop"
    args = build_parser().parse_args(command[1:])  # exits (fails the test) on an unknown option
    assert args.command == "purge" and not args.proef and not args.list
    assert (args.db.drivername, args.db.username, args.user) == (
        "postgresql+psycopg",
        "swv",
        "beheerder",
    )
    assert args.db.password is None  # never on the command line
    assert unit["Service"]["EnvironmentFile"] == "/etc/swv-desktop/purge.env"  # SWV_PASSWORD
    assert unit["Service"]["User"] == "swv-desktop"
    assert _unit("swv-purge.timer")["Timer"]["OnCalendar"] == "*-*-* 03:30:00"  # after the backup


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze ontbreekt op deze machine")
    program = Path(sys.executable).with_name("swv-desktop")
    names = ("swv-desktop-server.service", "swv-backup.service", "swv-backup.timer")
    for name in (*names, "swv-purge.service", "swv-purge.timer"):
        body = (DEPLOY / name).read_text(encoding="utf-8")
        body = body.replace("/opt/swv-desktop/bin/swv-desktop", str(program))
        (tmp_path / name).write_text(body, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / n) for n in ("swv-desktop-server.service",))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "ignoring" not in done.stderr, done.stderr
    done = subprocess.run(
        [analyze, "verify", str(tmp_path / "swv-backup.timer"), str(tmp_path / "swv-purge.timer")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr, done.stderr


def test_rotation_keeps_exactly_the_retention_term() -> None:
    backup = _backup_module()
    now = datetime(2026, 3, 31, 2, 30, tzinfo=UTC)
    assert backup.months_before(now, 1) == datetime(2026, 2, 28, 2, 30, tzinfo=UTC)
    assert backup.months_before(now, 13) == datetime(2025, 2, 28, 2, 30, tzinfo=UTC)
    assert backup.months_before(datetime(2024, 3, 30, tzinfo=UTC), 1).day == 29  # leap year
    names = [
        "swv-20260228T023000Z.dump.gpg",  # exactly one month before: kept
        "swv-20260228T022959Z.dump.gpg",  # a second earlier: gone
        "swv-20251231T023000Z.dump.gpg",
        "swv-20260330T023000Z.dump.gpg",
        "swv-20260331T023000Z.dump.gpg",
        "notities.txt",
        "swv-20269999T999999Z.dump.gpg",  # not a date: not ours, left alone
        "swv-20200101T000000Z.dump",  # no .gpg: left alone
    ]
    assert backup.to_remove(names, now, 1) == [
        "swv-20251231T023000Z.dump.gpg",
        "swv-20260228T022959Z.dump.gpg",
    ]
    assert backup.to_remove(names, now, 24) == []


@pytest.fixture
def gpg_key(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A fresh gpg key pair: (the private keyring's folder, the exported public key)."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg ontbreekt op deze machine")
    home = tmp_path / "beheerder-gnupg"
    home.mkdir(mode=0o700)
    gpg = ["gpg", "--homedir", str(home), "--batch", "--passphrase", "", "--quiet"]
    subprocess.run(
        [*gpg, "--quick-gen-key", "Reservekopie SWV <backup@example.org>", "ed25519", "cert"],
        check=True,
        capture_output=True,
    )
    fingerprint = subprocess.run(
        [*gpg, "--with-colons", "--list-keys"], check=True, capture_output=True, text=True
    ).stdout
    fpr = next(line.split(":")[9] for line in fingerprint.splitlines() if line.startswith("fpr"))
    subprocess.run(
        [*gpg, "--quick-add-key", fpr, "cv25519", "encr"], check=True, capture_output=True
    )
    public = tmp_path / "backup-sleutel.asc"
    subprocess.run([*gpg, "--armor", "--output", str(public), "--export", fpr], check=True)
    yield home, public
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], check=False)


@pytest.fixture
def office_db(pg_admin: Engine, pg_cluster: Any, pg_template: str) -> Iterator[str]:
    """A migrated database with settings (retention of backups: 2 months), as a libpq URL."""
    name = f"swv_backup_{os.getpid()}_{free_port()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    url = pg_cluster.url(name)
    db = open_database(url, create=False)
    with db.transaction() as session:
        session.add(Organisatie(naam="SWV VO Testregio", bewaartermijn_reservekopie_maanden=2))
    db.close()
    yield url.render_as_string(hide_password=False)
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_the_backup_script_dumps_encrypts_and_rotates(
    office_db: str, gpg_key: tuple[Path, Path], tmp_path: Path
) -> None:
    home, public = gpg_key
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime.now(UTC)
    stamp = "%Y%m%dT%H%M%SZ"
    old = f"swv-{(now - timedelta(days=70)).strftime(stamp)}.dump.gpg"  # past 2 months
    recent = f"swv-{(now - timedelta(days=40)).strftime(stamp)}.dump.gpg"
    for name in (old, recent, "lees-mij.txt"):
        (folder / name).write_text("oud", encoding="utf-8")
    script = [sys.executable, str(DEPLOY / "swv_backup.py"), "--database", office_db]
    script += ["--map", str(folder), "--sleutel", str(public)]
    done = subprocess.run(script, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Reservekopie gemaakt en gecontroleerd" in done.stdout
    assert f"Verwijderd (ouder dan 2 maanden): {old}" in done.stdout
    names = sorted(p.name for p in folder.iterdir())
    made = [n for n in names if n not in (recent, "lees-mij.txt")]
    assert len(made) == 1 and made[0].endswith(".dump.gpg") and old not in names
    assert recent in names and "lees-mij.txt" in names  # within the term; not ours
    encrypted = (folder / made[0]).read_bytes()
    assert b"PGDMP" not in encrypted and b"organisatie" not in encrypted
    assert (folder / made[0]).stat().st_mode & 0o077 == 0

    plain = tmp_path / "terug.dump"
    subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--quiet", "--output", str(plain)]
        + ["--decrypt", str(folder / made[0])],
        check=True,
        capture_output=True,
    )
    toc = subprocess.run(
        ["pg_restore", "--list", str(plain)], check=True, capture_output=True, text=True
    ).stdout
    assert "TABLE DATA public organisatie" in toc and "TABLE DATA public leerling" in toc


def test_a_failed_dump_deletes_nothing(gpg_key: tuple[Path, Path], tmp_path: Path) -> None:
    _home, public = gpg_key
    folder = tmp_path / "backups"
    folder.mkdir()
    old = "swv-20200101T000000Z.dump.gpg"
    (folder / old).write_text("oud", encoding="utf-8")
    script = [sys.executable, str(DEPLOY / "swv_backup.py"), "--maanden", "1"]
    script += ["--database", f"postgresql://nobody@/nergens?host={tmp_path}&port={free_port()}"]
    script += ["--map", str(folder), "--sleutel", str(public)]
    done = subprocess.run(script, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 1
    assert "pg_dump mislukte" in done.stderr and "Er is niets verwijderd." in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [old]
