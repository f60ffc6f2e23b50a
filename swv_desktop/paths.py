"""Where the application keeps its data: the platformdirs user data dir, or an explicit override.

Nothing happens at import time; callers ask for a path and create directories when they write.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path
from platformdirs import user_log_path

APP_NAME = "swv-desktop"
APP_AUTHOR = "SWV"


def data_dir(override: Path | None = None) -> Path:
    """The folder that holds the database, backups and exports."""
    if override is not None:
        return Path(override)
    return user_data_path(APP_NAME, APP_AUTHOR)


def default_db_path(data_dir_override: Path | None = None) -> Path:
    """The production database file."""
    return data_dir(data_dir_override) / "swv-desktop.db"


def demo_db_path(data_dir_override: Path | None = None) -> Path:
    """The demo database file, created on first use of ``--demo``."""
    return data_dir(data_dir_override) / "demo" / "swv-desktop-demo.db"


def backup_dir(db_path: Path) -> Path:
    """Backups of a database live beside it, in ``backups/``."""
    return db_path.parent / "backups"


def log_dir() -> Path:
    """Where the application log (with tracebacks of unexpected errors) is written."""
    return user_log_path(APP_NAME, APP_AUTHOR)


def safe_file_name(stem: str, suffix: str = "") -> str:
    """``stem`` with every character but ASCII letters, digits, ``-`` and ``_`` made ``_``, plus
    ``suffix``: ``safe_file_name("MWB-2021-007", ".pdf")`` is ``MWB-2021-007.pdf``. Callers pass
    a kenmerk or an internal number, never a pupil's name."""
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_" for c in stem.strip())
    return (safe or "onbekend") + suffix


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the whole new one, never a
    part (a temporary file beside it, then a rename); creates the folder when needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
