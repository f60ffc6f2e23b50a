"""Files only the signed-in person can read: 0600 files, 0700 folders, atomic writes, wiping.

On Windows the modes are mostly ignored; the data lives in the user's own profile folder there
(``%LOCALAPPDATA%``), which other accounts cannot read.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
PRIVATE_UMASK = 0o077
WIPE_CHUNK = 1 << 20


def restrict_process_umask() -> int:
    """Every file and folder this process creates from now on is private; returns the old mask."""
    return os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) when needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Make an existing file 0600 (no error when it does not exist)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        path.chmod(FILE_MODE)


def touch_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (SQLite then keeps that mode for
    its -wal and -shm files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, mode 0600 (a crash leaves the old or the new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def wipe(path: Path) -> None:
    """Overwrite ``path`` with zeros, then remove it (no error when it does not exist).

    On SSDs and copy-on-write file systems the old blocks may survive an overwrite; that is why
    the database is encrypted in the first place. This removes the plaintext from ordinary view.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            zeros = b"\0" * WIPE_CHUNK
            left = size
            while left > 0:
                n = min(left, WIPE_CHUNK)
                handle.write(zeros[:n])
                left -= n
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)
