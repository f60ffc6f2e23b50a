"""A throw-away PostgreSQL cluster for the tests and benchmarks (Debian's ``postgresql`` package).

``PgCluster.start()`` runs ``initdb`` and ``pg_ctl`` in a fresh temporary folder, listening only on
a Unix socket there, with ``fsync=off`` (a test cluster need not survive a power cut). ``pg_ctl``
refuses to run as root, so as root (CI) both run as the ``postgres`` user through ``runuser``.
``SWV_TEST_PG_URL`` (a ``postgresql+psycopg://`` URL of a superuser) uses a running server instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.engine import make_url

BACKENDS: tuple[str, ...] = {
    "sqlite": ("sqlite",),
    "postgresql": ("postgresql",),
}.get(os.environ.get("SWV_TEST_DB", ""), ("sqlite", "postgresql"))
"""The databases every database test runs on: both, unless ``SWV_TEST_DB`` names one."""

INSTALL_HINT = (
    "PostgreSQL ontbreekt: installeer het pakket 'postgresql' (apt-get install -y postgresql; "
    "'make test' doet dat zelf als root), of draai alleen de SQLite-tests met SWV_TEST_DB=sqlite."
)


def find_bindir() -> Path:
    """The folder with ``initdb`` and ``pg_ctl`` (the newest Debian version, or on PATH)."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(INSTALL_HINT)


class PgCluster:
    """One PostgreSQL server for one test session (or benchmark run)."""

    def __init__(self, keep: Path | None = None) -> None:
        self.keep = keep
        """A folder whose cluster survives ``stop`` and is started again (benchmarks only)."""
        self.base: Path | None = None
        self.external = os.environ.get("SWV_TEST_PG_URL")
        self._url: URL | None = None

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} mislukt:\n{result.stdout}\n{result.stderr}")

    def start(self) -> PgCluster:
        """Start the server (about 1-3 s); ``url()`` then connects to it."""
        if self.external:
            self._url = make_url(self.external)
            return self
        bindir = find_bindir()
        if self.keep is not None:
            self.base = self.keep.resolve()
            self.base.mkdir(parents=True, exist_ok=True)
        else:
            self.base = Path(tempfile.mkdtemp(prefix="swv-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.base, user.pw_uid, user.pw_gid)
        data = self.base / "data"
        if not (data / "PG_VERSION").exists():
            self._run(
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
        options = (
            f"-k {self.base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB"
        )
        self._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.base / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self._url = URL.create(
            "postgresql+psycopg",
            username="postgres",
            database="postgres",
            query={"host": str(self.base), "port": "5432"},
        )
        return self

    def url(self, database: str = "postgres") -> URL:
        """The URL of ``database`` on this server."""
        assert self._url is not None, "start() eerst"
        return self._url.set(database=database)

    def stop(self) -> None:
        """Stop the server and remove its folder (a ``keep`` folder stays)."""
        if self.base is None:
            return
        with contextlib.suppress(RuntimeError):
            self._run(
                str(find_bindir() / "pg_ctl"),
                "-D",
                str(self.base / "data"),
                "-m",
                "immediate",
                "stop",
            )
        if self.keep is None:
            shutil.rmtree(self.base, ignore_errors=True)
        self.base = None
