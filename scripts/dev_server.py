"""``make server``: a local PostgreSQL in ``.pgdata/`` of the checkout (as the ``postgres`` user
when run as root) with the demo data on first start, and ``swv-desktop server`` on loopback.

Stops PostgreSQL again when the server stops (Ctrl+C). For development only: trust
authentication over a Unix socket in the folder, no TCP port for the database.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / ".pgdata"
DATA = BASE / "data"
DATABASE = "swv"


def _bindir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    sys.exit("PostgreSQL ontbreekt: sudo apt-get install -y postgresql")


def _run(*args: str) -> None:
    command = list(args)
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True)


def main() -> int:
    bindir = _bindir()
    BASE.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(BASE, user.pw_uid, user.pw_gid)
    fresh = not DATA.exists()
    if fresh:
        _run(str(bindir / "initdb"), "-D", str(DATA), "-U", "postgres", "-A", "trust", "-E", "UTF8")
    options = f"-k {BASE} -c listen_addresses=''"
    _run(
        str(bindir / "pg_ctl"),
        "-D",
        str(DATA),
        "-l",
        str(BASE / "pg.log"),
        "-o",
        options,
        "-w",
        "start",
    )
    url = f"postgresql+psycopg://postgres@/{DATABASE}?host={BASE}&port=5432"
    swv = [sys.executable, "-m", "swv_desktop"]
    try:
        if fresh:
            _run(str(bindir / "createdb"), "-h", str(BASE), "-U", "postgres", DATABASE)
            print("Demogegevens in de nieuwe database (demo-accounts, zie README) ...", flush=True)
            subprocess.run([*swv, "demo", "--db", url], check=True)
        return subprocess.call(
            [*swv, "server", "--database", url, "--log", str(BASE / "server.log")]
        )
    except KeyboardInterrupt:
        return 0
    finally:
        _run(str(bindir / "pg_ctl"), "-D", str(DATA), "-m", "fast", "stop")


if __name__ == "__main__":
    sys.exit(main())
