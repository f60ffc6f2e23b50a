"""A whole demo session in a fresh home folder, as real processes: the demo is made, the window
signs in and paints the dashboard, letters and the report are exported, a backup is made and put
back. Then every file the program wrote is scanned: no pupil name, pupil number, date of birth,
OPP text or raw data key in any file it keeps, and no file or folder readable by group or others
(the exports included: they are the user's, and hers alone)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from app_process import run_app
from keyed import DEMO_PASSWORD
from keyed import keyed_connect
from keyed import unlock

from swv_desktop.encryption.keyslots import sidecar_path

LONG_ENOUGH = 6
"""Names shorter than this could turn up by chance in encrypted bytes; full names are checked."""


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = run_app(args, env)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def _secrets(db: Path) -> tuple[set[bytes], bytes]:
    """What must not be readable anywhere: pupil names, numbers, dates of birth, OPP texts;
    and the raw data key."""
    con = keyed_connect(db)
    try:
        wanted: set[str] = set()
        for voornaam, tussen, achternaam, nummer, geboren in con.execute(
            "SELECT voornaam, tussenvoegsel, achternaam, leerlingnummer, geboortedatum "
            "FROM leerling"
        ):
            wanted.add(" ".join(p for p in (voornaam, tussen, achternaam) if p))
            wanted |= {n for n in (voornaam, achternaam) if len(n) >= LONG_ENOUGH}
            wanted |= {str(nummer), str(geboren)}
        for (text,) in con.execute("SELECT belemmerende_factoren FROM opp"):
            if len(text) >= 20:
                wanted.add(text[:40])
    finally:
        con.close()
    assert len(wanted) > 200
    return {w.encode("utf-8") for w in wanted}, unlock(db).data_key


def _modes(root: Path) -> list[str]:
    wrong = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            wrong.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    return wrong


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_demo_session_leaves_nothing_readable(tmp_path: Path) -> None:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        TMPDIR=str(temp),
        QT_QPA_PLATFORM="offscreen",
        SWV_KDF="test",
        SWV_PASSWORD=DEMO_PASSWORD,
    )
    _run(env, "--demo", "--smoke")  # makes the demo, signs in, paints the dashboard
    db = home / ".local" / "share" / "swv-desktop" / "demo" / "swv-desktop-demo.db"
    assert db.is_file() and sidecar_path(db).is_file()
    exports = home / "Documenten" / "export"
    pd = ["--db", str(db), "--user", "programmadirecteur"]
    _run(env, "letters", *pd, "--year", "2021-2022", "--out", str(exports / "brieven"))
    _run(
        env,
        "report",
        *pd,
        "--year",
        "2021-2022",
        "--kind",
        "interim",
        "--out",
        str(exports / "rapport.pdf"),
        "--xlsx",
        str(exports / "rapport.xlsx"),
    )
    _run(env, "backup", "--db", str(db), "--user", "beheerder")
    backups = sorted((db.parent / "backups").glob("*.db"))
    assert backups
    _run(env, "restore", "--db", str(db), "--from", str(backups[-1]), "--user", "beheerder")

    secrets, data_key = _secrets(db)
    kept = [
        p
        for root in (home, temp)
        for p in root.rglob("*")
        if p.is_file() and exports not in p.parents
    ]
    names = {p.name for p in kept}
    assert {"swv-desktop-demo.db", "swv-desktop.log", db.name + ".sleutels"} <= names
    assert any(p.parent.name == "backups" for p in kept)
    readable = {}
    for path in kept:
        data = path.read_bytes()
        found = sorted(s.decode() for s in secrets if s in data)
        if data_key in data or data_key.hex().encode() in data:
            found.append("de gegevenssleutel")
        if found:
            readable[str(path.relative_to(tmp_path))] = found[:5]
    assert readable == {}
    assert _modes(home / ".local") == []
    assert _modes(exports) == []
    assert [p for p in temp.rglob("*")] == []  # previews and temporary files are gone
