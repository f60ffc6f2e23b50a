"""The light start of the window: the sign-in window paints before the heavy part is loaded.

Up to the first paint of the sign-in window this module imports only the standard library, Qt,
``logging`` with the privacy formatter, the paths and the sign-in dialog (which imports neither
SQLAlchemy nor the services). What the window shows before anyone signs in (the organisation's
name and the account names) is read from the key-slot sidecar as plain JSON. While the user
types, a background thread imports the rest (``ui.app``: SQLAlchemy, the services, the main
window) and opens the ``Gate``; "Aanmelden" then uses that gate (it waits for the load in the
rare case the user is faster). Everything that is not the everyday sign-in (a new database, the
demo still to be made, a plaintext file to convert, a missing or unreadable sidecar, ``--smoke``)
takes the full path in ``ui.app`` at once.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QApplication

from swv_desktop import paths
from swv_desktop.logsafe import PrivacyFormatter
from swv_desktop.sync.apparaat_bestanden import replicas_in as has_replicas
from swv_desktop.ui import gc_guard
from swv_desktop.ui.first_paint import FirstPaint
from swv_desktop.ui.first_paint import smoke_signin

if TYPE_CHECKING:
    from swv_desktop.services.toegang import Gate

DEFAULT_IDLE_MINUTES = 10
SIDECAR_SUFFIX = ".sleutels"  # encryption.keyslots.SIDECAR_SUFFIX (checked by a test)
RECOVERY_SLOT = "*herstelsleutel*"  # encryption.keyslots.RECOVERY_SLOT (checked by a test)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The window's command-line options."""
    parser = argparse.ArgumentParser(prog="swv-desktop", description="Maatwerkbudget (venster)")
    parser.add_argument(
        "--db",
        default=None,
        help="pad van een SQLite-bestand of adres postgresql+psycopg://gebruiker@server/database",
    )  # read by ``database_path`` (``dialect.db_argument``: SQLAlchemy only when it is given)
    parser.add_argument("--data-dir", type=Path, default=None, help="map voor de gegevens")
    parser.add_argument("--demo", action="store_true", help="werk met de demodatabase")
    parser.add_argument(
        "--smoke", action="store_true", help="open het venster, meet de start en sluit (met --demo)"
    )
    parser.add_argument(
        "--smoke-signin",
        action="store_true",
        help="toon het aanmeldvenster, meet tot het getekend is en sluit (met --demo)",
    )
    parser.add_argument(
        "--vergrendel-na",
        dest="idle_minutes",
        type=float,
        default=DEFAULT_IDLE_MINUTES,
        metavar="MINUTEN",
        help=f"vergrendel na zoveel minuten niets doen (standaard {DEFAULT_IDLE_MINUTES})",
    )
    return parser.parse_args(argv)


def database_path(args: argparse.Namespace) -> Any:
    """The database the window opens: a SQLite file, or a PostgreSQL URL given with ``--db`` (the
    same parsing as the batch commands, ``dialect.db_argument``)."""
    if args.db is not None:
        if "://" not in args.db:  # a file: ``parse_target`` would give the same Path, but its
            return Path(args.db)  # module loads SQLAlchemy before the sign-in window paints
        from swv_desktop.dialect import parse_target

        return parse_target(args.db)
    if args.demo:
        return paths.demo_db_path(args.data_dir)
    return paths.default_db_path(args.data_dir)


_LOGGING_DONE: list[Path | None] = []
_LOGGING_LOCK = threading.Lock()


class EarlyRecords(logging.Handler):
    """Holds what is logged before the log file is opened (the light start opens it after the
    first paint: ``logging.handlers`` with its sockets and pickling is not needed to paint);
    ``setup_logging`` hands the records to the real handler."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_early_records() -> None:
    """Keep the records logged until ``setup_logging`` (once; nothing when logging is set up)."""
    with _LOGGING_LOCK:
        root = logging.getLogger()
        if _LOGGING_DONE or any(isinstance(h, EarlyRecords) for h in root.handlers):
            return
        root.setLevel(logging.INFO)
        root.addHandler(EarlyRecords())


def setup_logging() -> Path | None:
    """Log to a rotating file in the log folder (stderr when that is not writable), through the
    formatter that leaves out personal data; once per process (from any thread), with what was
    logged before it."""
    with _LOGGING_LOCK:
        if _LOGGING_DONE:
            return _LOGGING_DONE[0]
        from logging.handlers import RotatingFileHandler

        root = logging.getLogger()
        root.setLevel(logging.INFO)
        fmt = PrivacyFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        log_file: Path | None
        try:
            folder = paths.log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            log_file = folder / "swv-desktop.log"
            handler: logging.Handler = RotatingFileHandler(
                log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            log_file = None
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(fmt)
        early = [h for h in root.handlers if isinstance(h, EarlyRecords)]
        for held in early:
            root.removeHandler(held)
            for record in held.records:
                handler.handle(record)
        root.addHandler(handler)
        _LOGGING_DONE.append(log_file)
        return log_file


def public_view(db_path: Path) -> tuple[str, list[str]] | None:
    """(organisation, account names) from the sidecar of ``db_path`` as plain JSON, or ``None``
    when there is none to read (the full start then says what is wrong)."""
    try:
        data = json.loads(db_path.with_name(db_path.name + SIDECAR_SUFFIX).read_text("utf-8"))
        slots = data["slots"]
        names = [str(s["gebruikersnaam"]) for k, s in slots.items() if k != RECOVERY_SLOT]
        return str(data.get("organisatie", "")), sorted(names, key=str.lower)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def warm_up() -> None:
    """What the first paint of the dashboard would otherwise do on the GUI thread after
    "Aanmelden": babel's Dutch number and date data (read from its files on first use); then
    every object loaded so far (the modules, their classes) is moved out of the garbage
    collector's reach (``gc.freeze``), so its first full collection does not walk them all."""
    import gc
    from datetime import UTC
    from datetime import date
    from datetime import datetime

    from swv_desktop import formatting

    formatting.money(123_456)
    formatting.percent(1, 3)
    formatting.short_date(date(2021, 8, 1))
    formatting.long_date(date(2021, 8, 1))
    formatting.date_time(datetime(2021, 8, 1, 12, 0, tzinfo=UTC))
    gc.freeze()


class PendingGate:
    """What the sign-in window needs before the ``Gate`` exists: the sidecar's public part now;
    ``throttle``, ``sign_in`` and the rest from the real gate, made by a background thread."""

    def __init__(self, path: Path, organisatie: str, accounts: list[str]) -> None:
        self.path = path
        self.organisatie = organisatie
        self.accounts = accounts
        self._gate: Gate | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._load, name="laden", daemon=True)
        self._starting = threading.Lock()

    def start(self) -> None:
        """Begin the background load (once; later calls do nothing)."""
        with self._starting:
            if self._thread.ident is None:
                self._thread.start()

    def _load(self) -> None:
        try:
            setup_logging()
            import swv_desktop.ui.app  # noqa: F401 (the heavy modules, while the user types)
            from swv_desktop.services.toegang import Gate

            self._gate = Gate(self.path)
            warm_up()
        except BaseException as exc:  # handed to the GUI thread by ``gate()``
            self._error = exc
        finally:
            self._done.set()

    @property
    def loaded(self) -> bool:
        return self._done.is_set()

    def gate(self) -> Gate:
        """The real gate (waits for the background load; its error is raised here)."""
        self.start()  # "Aanmelden" before the first paint: load now
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._gate is not None
        return self._gate

    @property
    def throttle(self) -> Any:
        return self.gate().throttle

    def sign_in(self, username: str, password: str) -> Any:
        return self.gate().sign_in(username, password)


def _light_start_possible(args: argparse.Namespace, path: Any) -> tuple[str, list[str]] | None:
    if args.smoke and not args.smoke_signin:
        return None
    if not isinstance(path, Path) or not path.is_file():  # a server: the full start
        return None
    if args.db is None and not args.demo and has_replicas(path.parent):
        return None  # colleagues' replicas beside it: the full start asks whose to open
    return public_view(path)


def run_gui(argv: list[str], started: float | None = None) -> int:
    """Run the window; the everyday sign-in takes the light path (see the module docstring)."""
    started = time.perf_counter() if started is None else started
    args = parse_args(argv)
    path = database_path(args)
    view = _light_start_possible(args, path)
    if view is None:
        import gc

        # as in the light start (``gc_guard`` from the window on): the import makes a million
        # objects, and automatic full collections walking them all took seconds of it on a
        # loaded machine; then they are moved out of the collector's reach
        gc.disable()
        from swv_desktop.ui.app import run_gui as full_start

        gc.freeze()
        return full_start(argv, started=started)
    hold_early_records()  # the log file is opened after the first paint
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "swv-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("swv-desktop")
    app.setApplicationDisplayName("Maatwerkbudget")
    from swv_desktop.ui.appearance import apply_appearance
    from swv_desktop.ui.signin import SignInDialog

    apply_appearance(app)
    gc_guard.install(app)  # before any thread: Qt objects are collected on the GUI thread only
    pending = PendingGate(path, *view)
    dialog = SignInDialog(pending, demo=args.demo)
    if args.smoke_signin:  # the paint is measured; nobody types, so nothing else is loaded
        code = smoke_signin(app, dialog, started)
        setup_logging()  # what was logged until now goes to the file, as after a sign-in
        return code
    starter = FirstPaint(pending.start)  # the load begins once the window is on the screen
    dialog.installEventFilter(starter)
    accepted = bool(dialog.exec())
    from swv_desktop.ui.app import continue_after_sign_in

    return continue_after_sign_in(app, pending, dialog if accepted else None, args, started)
