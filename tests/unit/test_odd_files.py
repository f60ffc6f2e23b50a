"""Damaged and odd database files: refused with their own Dutch message by the window's opening,
``letters``, ``report`` and ``check``, and never written to (the file's sha256 is the same
afterwards, and no side file appears beside it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from odd_files import damage
from odd_files import filled_db
from odd_files import sha256
from odd_files import side_files
from signed_in import signed_in
from sqlalchemy import create_engine
from sqlalchemy import event

from swv_desktop import backups
from swv_desktop import cli
from swv_desktop.check.database import check_database
from swv_desktop.db import Database
from swv_desktop.dbfile import connect
from swv_desktop.encryption import connect as cipher
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseLocked
from swv_desktop.errors import DatabaseReadOnly
from swv_desktop.opening import open_database
from swv_desktop.services import instellingen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backend() -> str:
    """Odd, damaged and locked files are SQLite files: SQLite only."""
    return "sqlite"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "swv_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def refused_everywhere(path: Path, tmp_path: Path) -> list[str]:
    """Open as the window, the letters and report commands and check do; return the messages."""
    messages = []
    for create in (True, False):
        with pytest.raises(DatabaseDamaged) as caught:
            open_database(path, create=create)
        messages.append(caught.value.message)
    out = tmp_path / "uit"
    for argv in (
        ["letters", "--db", str(path), "--year", "2021-2022", "--out", str(out)],
        ["report", "--db", str(path), "--year", "2021-2022", "--kind", "interim"]
        + ["--out", str(tmp_path / "r.pdf")],
    ):
        assert cli.main(argv) == 1
    report = check_database(path)
    assert not report.ok
    messages.append("\n".join(report.findings))
    assert not out.exists() and not (tmp_path / "r.pdf").exists()
    return messages


def test_zero_length_file_is_never_initialised(tmp_path: Path) -> None:
    path = tmp_path / "leeg.db"
    path.write_bytes(b"")
    before = sha256(path)
    messages = refused_everywhere(path, tmp_path)
    assert sha256(path) == before and path.stat().st_size == 0 and side_files(path) == []
    assert "leeg (0 bytes)" in messages[0] and "niet gewijzigd" in messages[0]
    assert "leeg" in messages[-1]


def test_file_that_is_no_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "tekst.db"
    path.write_bytes(b"Dit is een boodschappenlijstje, geen database.\n" * 200)
    before = sha256(path)
    messages = refused_everywhere(path, tmp_path)
    assert sha256(path) == before and side_files(path) == []
    assert "geen swv-desktop-database" in messages[0]


def test_database_of_another_program_is_not_migrated_into(tmp_path: Path) -> None:
    path = tmp_path / "ander.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recepten (naam TEXT)")
    conn.execute("INSERT INTO recepten VALUES ('appeltaart')")
    conn.commit()
    conn.close()
    before = sha256(path)
    messages = refused_everywhere(path, tmp_path)
    assert sha256(path) == before and side_files(path) == []
    assert "ander programma" in messages[0]


def test_damaged_database_is_refused_with_the_newest_good_backup(
    template_db: Path, tmp_path: Path
) -> None:
    path = filled_db(template_db, tmp_path / "swv.db")
    good = backups.make_backup(path, "handmatig")
    damage(path)
    before = sha256(path)
    messages = refused_everywhere(path, tmp_path)
    assert sha256(path) == before and side_files(path) == []
    assert "beschadigd" in messages[0] and "schrijft er niets in" in messages[0]
    assert str(good.path) in messages[0] and "swv-desktop restore" in messages[0]
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path)
    assert caught.value.backup == good.path
    assert "beschadigd" in messages[-1] or "integriteit" in messages[-1]
    assert "vergrendeld" not in messages[-1]


def test_damaged_database_without_backups_says_so(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db")
    damage(path, seed=3)
    before = sha256(path)
    with pytest.raises(DatabaseDamaged, match="geen goede reservekopie") as caught:
        open_database(path, create=False)
    assert caught.value.backup is None
    assert sha256(path) == before and side_files(path) == []


def test_damaged_backups_are_not_offered(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db")
    older = backups.make_backup(path, "handmatig")
    newer = backups.make_backup(path, "handmatig")
    damage(newer.path)
    damage(path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path)
    assert caught.value.backup == older.path


HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode=EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE organisatie SET naam = naam || ' (bezig)'")
print("vast", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def plain_db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    """A plaintext test database: these tests are about the file, encrypted or not."""
    path = tmp_path / "plain.db"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def locked(plain_db: Database) -> Iterator[Path]:
    db = plain_db
    """The test database, held locked by another OS process (an uncommitted exclusive write)."""
    instellingen.update_settings(db, signed_in(db), instellingen.OrganisatieData(naam="SWV"))
    db.close()
    path = db.path
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "vast"
        yield path
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_locked_database_is_called_locked_not_damaged(locked: Path) -> None:
    before = sha256(locked)
    with pytest.raises(DatabaseLocked, match="vergrendeld door een ander programma"):
        open_database(locked, create=False)
    report = check_database(locked)
    assert not report.ok
    text = "\n".join(report.findings)
    assert "vergrendeld" in text and "beschadigd" not in text
    assert sha256(locked) == before


def test_read_only_uri_gives_the_read_only_message(plain_db: Database) -> None:
    """A database reachable only through a read-only URI (a read-only medium): the first save
    is refused with the Dutch read-only message, not SQLite's English one."""
    db = plain_db
    beheerder = signed_in(db)
    db.close()
    before = sha256(db.path)
    engine = create_engine(
        f"sqlite:///{db.path}",
        module=cipher.DRIVER,
        creator=lambda: connect(db.path, read_only=True),
    )
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    read_only = Database(target=db.path, engine=engine, clock=db.clock)
    try:
        assert instellingen.get_settings(read_only).naam == ""
        with pytest.raises(DatabaseReadOnly, match="alleen-lezen") as caught:
            instellingen.update_settings(
                read_only, beheerder, instellingen.OrganisatieData(naam="SWV")
            )
        assert "readonly" not in caught.value.message.lower()
    finally:
        read_only.close()
    assert sha256(db.path) == before


OPEN_AS_USER = r"""
import sys
from pathlib import Path
from swv_desktop.opening import open_database
from swv_desktop.errors import KnownError
try:
    open_database(Path(sys.argv[1]), create=False)
except KnownError as exc:
    print(type(exc).__name__)
    print(exc.message)
    sys.exit(1)
print("geopend")
"""


def test_read_only_file_for_a_normal_user(template_db: Path) -> None:
    """Root ignores file modes, so as root the check runs as user 'nobody' (a real OS user)."""
    folder = Path(tempfile.mkdtemp(prefix="swv-alleen-lezen-"))
    try:
        os.chmod(folder, 0o777)
        path = folder / "swv.db"
        shutil.copyfile(template_db, path)
        os.chmod(path, 0o444)
        before = sha256(path)
        command = [sys.executable, "-c", OPEN_AS_USER, str(path)]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("setpriv is nodig om als een gewone gebruiker te openen")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env = {**os.environ, "HOME": str(folder), "PYTHONPATH": str(ROOT)}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        kind, message = result.stdout.split("\n", 1)
        assert kind == "DatabaseReadOnly"
        assert "alleen-lezen" in message and "Er is niets gewijzigd" in message
        assert sha256(path) == before and side_files(path) == []
    finally:
        shutil.rmtree(folder)


def test_background_check_of_a_large_file_blocks_every_write(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file too large to wait for opens at once; once its check finds damage, every write is
    refused with the damaged message (and nothing was written to it)."""
    from swv_desktop import opening as opening_module

    monkeypatch.setattr(
        opening_module, "QUICK_CHECK_WAIT_MAX_BYTES", 0
    )  # every file counts as large
    path = filled_db(template_db, tmp_path / "swv.db")
    sound = open_database(path, create=False)
    beheerder = signed_in(sound)  # her account is in the file before it gets damaged
    sound.close()
    good = backups.make_backup(path)
    damage(path)
    before = sha256(path)
    opened = open_database(path, create=False, background_check=True)
    try:
        assert opened.file_check is not None
        error = opened.file_check.wait(timeout=30)
        assert isinstance(error, DatabaseDamaged) and error.backup == good.path
        assert "slaat er vanaf nu niets meer in op" in error.message
        with pytest.raises(DatabaseDamaged, match="beschadigd"):
            instellingen.update_settings(
                opened, beheerder, instellingen.OrganisatieData(naam="SWV")
            )
    finally:
        opened.close()
    assert sha256(path) == before


def test_background_check_of_a_sound_file_lets_writes_through(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swv_desktop import opening as opening_module

    monkeypatch.setattr(opening_module, "QUICK_CHECK_WAIT_MAX_BYTES", 0)
    beheerder = signed_in(db)
    db.close()
    opened = open_database(db.path, keys=db.keys, create=False, background_check=True)
    try:
        assert opened.file_check is not None and opened.file_check.wait(timeout=30) is None
        instellingen.update_settings(opened, beheerder, instellingen.OrganisatieData(naam="SWV"))
        assert instellingen.get_settings(opened).naam == "SWV"
    finally:
        opened.close()


def test_closing_stops_a_background_check_still_running(tmp_path: Path) -> None:
    """``Database.close`` interrupts a quick check still reading a large file and waits for its
    thread: a daemon thread inside SQLite while the interpreter shuts down crashed the window on
    exit (measured: 3 of 5 smoke runs on the 410 MB demo ended in a segmentation fault). An
    interrupted check is no finding."""
    from swv_desktop.filecheck import FileCheck

    path = tmp_path / "groot.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (b BLOB)")
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
        "INSERT INTO t SELECT randomblob(4000) FROM n"
    )
    conn.commit()
    conn.close()
    check = FileCheck(path)
    check.stop()
    assert check.done and check.error is None
    assert not check._thread.is_alive()
    again = FileCheck(path)  # left to finish: the same file is sound
    assert again.wait(timeout=60) is None and again.done
    again.stop()  # after the end: nothing to interrupt
