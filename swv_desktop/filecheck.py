"""A damaged file's backup offer (``with_offer``) and the quick check of a large database file on
a thread of its own (``FileCheck``), so that opening it need not wait for reading all of it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from swv_desktop import backups
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import connect_for_reading
from swv_desktop.dbfile import quick_check
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError


def with_offer(error: DatabaseError, path: Path, key: bytes | None = None) -> DatabaseError:
    """A damaged-file error completed with the newest good backup it offers; others as given."""
    if not isinstance(error, DatabaseDamaged) or error.backup is not None:
        return error
    sentence, backup = backups.damaged_offer(path, key=key)
    offered = DatabaseDamaged(f"{error.message}\n\n{sentence}", backup.path if backup else None)
    offered.__cause__ = error.__cause__
    return offered


class FileCheck:
    """SQLite's ``quick_check`` of an open database on a thread of its own (for a file too large
    to wait for at start-up), from ``begin()`` or after ``delay`` seconds. Until it has finished
    writes go ahead; once it has failed every write is refused with its message
    (``raise_if_failed``)."""

    def __init__(self, path: Path, key: bytes | None = None, *, delay: float = 0.0) -> None:
        self.path = path
        self.key = key
        self.delay = delay
        self.error: DatabaseError | None = None
        self._go = threading.Event()
        self._done = threading.Event()
        self._stopping = False
        self._conn: Any = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def begin(self) -> None:
        """Start the check now (when it still waits for its delay)."""
        self._go.set()

    def _run(self) -> None:
        self._go.wait(self.delay)
        try:
            with self._lock:
                if self._stopping:
                    return
                self._conn = conn = connect_for_reading(self.path, key=self.key, timeout=10.0)
            try:
                quick_check(conn, self.path)
            finally:
                with self._lock:
                    self._conn = None
                conn.close()
        except DatabaseError as exc:
            # interrupted by ``stop`` is no finding; locked or unreadable now: the writes will
            # say so themselves
            if isinstance(exc, DatabaseDamaged) and not self._stopping:
                self.error = with_offer(DatabaseDamaged(self._message()), self.path, self.key)
        except Error as exc:
            if not self._stopping:
                self.error = with_offer(
                    DatabaseDamaged(self._message(f" ({exc})")), self.path, self.key
                )
        finally:
            self._done.set()

    def _message(self, detail: str = "") -> str:
        return (
            f"Het databasebestand '{self.path}' is beschadigd: de controle van SQLite na het "
            f"openen vond fouten{detail}. swv-desktop slaat er vanaf nu niets meer in op."
        )

    def stop(self) -> None:
        """Interrupt a check still running and wait for its thread (``Database.close``): a
        daemon thread inside SQLite when the interpreter shuts down crashes the process."""
        with self._lock:
            self._stopping = True
            if self._conn is not None:
                self._conn.interrupt()
        self._go.set()
        self._thread.join(timeout=10)

    def wait(self, timeout: float | None = None) -> DatabaseError | None:
        """Start the check now and wait for it; its error, or ``None`` when the file is sound (or
        still checking after ``timeout`` seconds)."""
        self.begin()
        self._done.wait(timeout)
        return self.error

    @property
    def done(self) -> bool:
        """True once the check has finished."""
        return self._done.is_set()

    def raise_if_failed(self) -> None:
        """Refuse a write once the check found damage."""
        if self.error is not None:
            raise self.error
