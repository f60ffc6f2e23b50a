"""Start of the desktop application: arguments -> logging -> key file (a plaintext database is
converted) -> first run or sign-in (the password opens the encrypted database) -> main window.

``swv-desktop [--db PATH] [--data-dir DIR] [--demo] [--smoke]``. ``--demo`` works on the demo
database (made on first use); ``--demo --smoke`` signs in as the programmadirecteur, waits until
the dashboard is painted with its data, prints how long that took and exits 0;
``--demo --smoke-signin`` paints the sign-in window, prints the time from the start of the
program to its first paint event and exits 0 (``bench/bench_ui.py`` compares it with a bare
PySide6 window).
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from swv_desktop.db import Database
from swv_desktop.demo.klok import demo_clock_until
from swv_desktop.errors import KnownError
from swv_desktop.logsafe import safe
from swv_desktop.services import schooljaren
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang_server import ServerGate
from swv_desktop.services.toegang_server import gate_for
from swv_desktop.sync import apparaat
from swv_desktop.sync import status as team
from swv_desktop.ui import gc_guard
from swv_desktop.ui import team_leave
from swv_desktop.ui import team_sync
from swv_desktop.ui.appearance import apply_appearance
from swv_desktop.ui.auto_backup import AutoBackup
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.crash_log import install_excepthook
from swv_desktop.ui.crash_log import qt_message
from swv_desktop.ui.first_paint import smoke_signin
from swv_desktop.ui.launch import PendingGate
from swv_desktop.ui.launch import database_path
from swv_desktop.ui.launch import parse_args
from swv_desktop.ui.launch import setup_logging
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.session import arm_lock
from swv_desktop.ui.session import arm_purge
from swv_desktop.ui.session import arm_smoke
from swv_desktop.ui.session import replica_wiped
from swv_desktop.ui.session import watch_file_check
from swv_desktop.ui.signin import DEMO_PASSWORD
from swv_desktop.ui.signin import SignInDialog
from swv_desktop.ui.start_dialogs import confirm_new
from swv_desktop.ui.start_dialogs import create_demo
from swv_desktop.ui.start_dialogs import first_run
from swv_desktop.ui.start_dialogs import offer_restore
from swv_desktop.ui.start_dialogs import report
from swv_desktop.ui.start_dialogs import show_recovery_key
from swv_desktop.ui.widgets.screen_fit import open_main_window

__all__ = [  # what tests and the benchmark use from here (the helpers live in their modules)
    "SMOKE_USER",
    "arm_purge",
    "continue_after_sign_in",
    "demo_clock_for",
    "first_run",
    "install_excepthook",
    "offer_restore",
    "run_gui",
]

log = logging.getLogger("swv_desktop")
SMOKE_USER = "programmadirecteur"


def demo_clock_for(db: Database) -> None:
    """The demo's fixed 'today' (15 June of the last schooljaar) as the database's clock."""
    jaren = schooljaren.list_schooljaren(db)
    if not jaren:
        return
    db.clock = demo_clock_until(max(j.eind_datum.year for j in jaren))


def run_gui(argv: list[str], started: float | None = None) -> int:
    """Run the window until it is closed; returns the exit code. ``started`` is the
    ``time.perf_counter()`` at the start of the program (the smoke tests measure from there)."""
    started = time.perf_counter() if started is None else started
    args = parse_args(argv)
    if args.smoke_signin:
        args.smoke = True  # nobody is there to click: errors to stderr, no backups
    log_file = setup_logging()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "swv-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("swv-desktop")
    app.setApplicationDisplayName("Maatwerkbudget")
    apply_appearance(app)
    gc_guard.install(app)
    install_excepthook(log_file, smoke=args.smoke)
    qInstallMessageHandler(qt_message)
    if args.smoke and not args.demo:
        print("--smoke werkt alleen samen met --demo", file=sys.stderr)
        return 2

    try:
        target = database_path(args)
    except KnownError as exc:  # a --db address that is no PostgreSQL URL
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 2
    return _choose_and_run(app, args, started, target)


class ChooseAgain(Exception):
    """Raised by ``_run_with`` after "Wisselen van gebruiker" on a laptop where colleagues each
    have a replica of their own: the next user chooses her file again (her own key slot opens
    only her own replica), so the file of the one who left is closed first."""


def _shared_laptop(gate: Gate | ServerGate, args: argparse.Namespace) -> bool:
    """Whether the window was opened on a laptop with team replicas (no ``--db``, no demo)."""
    if args.db is not None or args.demo or not isinstance(gate, Gate):
        return False
    from swv_desktop.sync.apparaat_bestanden import replicas_in

    return bool(replicas_in(gate.path.parent))


def _choose_and_run(
    app: QApplication, args: argparse.Namespace, started: float, default: Path | str
) -> int:
    """Open the file (on a laptop with team replicas: the one she chooses) and run the window;
    after "Wisselen van gebruiker" on such a laptop, choose again."""
    while True:
        code = _open_and_run(app, args, started, default)
        if code is not None:
            return code


def _open_and_run(
    app: QApplication, args: argparse.Namespace, started: float, target: Path | str
) -> int | None:
    """One file's sessions; ``None`` when the next user chooses her file again."""
    joined: tuple[str, str] | None = None
    if args.db is None and not args.demo and isinstance(target, Path):
        from swv_desktop.ui.team_choose import choose_start

        choice = choose_start(target)  # colleagues on one laptop: whose replica
        if choice is None:
            return 0
        target = choice.path
        joined = (choice.username, choice.password) if choice.username else None
    if isinstance(target, Path) and not target.exists():
        if args.demo:
            if not create_demo(target, smoke=args.smoke):
                return 1
        elif args.db is not None and not confirm_new(target):
            return 0
    try:
        gate = gate_for(target)
    except KnownError as exc:
        log.warning("database niet geopend: %s", safe(type(exc).__name__))
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 1

    def run() -> int:
        if joined is not None:  # she just joined beside her colleagues: signed in already
            actor = gate.sign_in(*joined)
            return _run_with(app, gate, args, started, actor=actor, secret=joined[1])
        return _run_with(app, gate, args, started)

    return _until_signed_out(gate, args, run)


def _until_signed_out(
    gate: Gate | ServerGate, args: argparse.Namespace, run: Callable[[], int]
) -> int | None:
    """``run()``'s exit code (``None`` when the next user chooses her file again); a known error
    is told (exit code 1) and the gate signs out after."""
    try:
        return run()
    except ChooseAgain:
        return None
    except KnownError as exc:
        log.warning("gestopt: %s", safe(type(exc).__name__))
        report("Niet gelukt", exc.message, smoke=args.smoke)
        return 1
    finally:
        gate.sign_out()


def sign_in(
    gate: Gate | ServerGate, args: argparse.Namespace, title: str = "Aanmelden"
) -> tuple[Actor, str] | None:
    """The sign-in dialog (or the smoke test's account): the actor and the password (a team
    laptop signs in at its server with it); a damaged database offers a backup."""
    while True:
        if args.smoke:
            start = time.perf_counter()
            actor = gate.sign_in(SMOKE_USER, DEMO_PASSWORD)
            # the smoke line reports both, and the processor time after the sign-in
            args.signed_in = (start, time.perf_counter(), time.process_time())
            return actor, DEMO_PASSWORD
        dialog = SignInDialog(gate, demo=args.demo, title=title)
        if dialog.exec() and dialog.actor is not None:
            return dialog.actor, dialog.take_password()
        if dialog.damaged is None or not offer_restore(gate, dialog.damaged):
            return None


def continue_after_sign_in(
    app: QApplication,
    pending: PendingGate,
    dialog: SignInDialog | None,
    args: argparse.Namespace,
    started: float,
) -> int:
    """After the light start's sign-in window (``ui.launch``): the same as ``run_gui`` from the
    signed-in user on (``dialog`` None: it was closed; a damaged file may offer its backup)."""
    log_file = setup_logging()
    install_excepthook(log_file, smoke=args.smoke)
    qInstallMessageHandler(qt_message)
    try:
        gate = pending.gate()
    except KnownError as exc:
        log.warning("database niet geopend: %s", safe(type(exc).__name__))
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 1

    def run() -> int:
        actor = None if dialog is None else dialog.actor
        if actor is None:
            damaged = None if dialog is None else dialog.damaged
            if damaged is None or not offer_restore(gate, damaged):
                return 0
        secret = "" if dialog is None else dialog.take_password()
        return _run_with(app, gate, args, started, actor=actor, secret=secret)

    code = _until_signed_out(gate, args, run)
    if code is None:  # a colleague joined beside her in this session: the chooser from now on
        return _choose_and_run(app, args, started, database_path(args))
    return code


def _run_with(
    app: QApplication,
    gate: Gate | ServerGate,
    args: argparse.Namespace,
    started: float,
    *,
    actor: Actor | None = None,
    secret: str = "",
) -> int:
    if actor is None and not gate.exists:
        if args.smoke:
            raise KnownError("Deze database is nog niet ingericht; de rooktest kan niet aanmelden.")
        fresh = first_run(gate)
        if fresh is None:
            return 0
        actor, secret = fresh
    if args.smoke_signin:
        return smoke_signin(app, SignInDialog(gate, demo=args.demo), started)
    title = "Aanmelden"
    while True:  # again after a backup was put back, after signing out, to switch user
        if actor is None:
            signed = sign_in(gate, args, title)
            if signed is None:
                return 0
            actor, secret = signed
        if gate.db is None:
            return 0
        db = gate.db
        link = None
        if team.is_replica(db):  # a team laptop: changes go to the outbox, never around it
            team.attach(db)
            link = team_sync.for_replica(db, actor, secret)
            apparaat.require_contact(link.laptop)  # too long offline: only with the server
        secret = ""
        if args.demo:
            demo_clock_for(db)
        show_recovery_key(db, actor, smoke=args.smoke)
        log.info("aangemeld als %s", safe(actor.rol.value))
        auto = None if args.smoke or db.path is None else AutoBackup(db.path, key=db.key)
        ctx = UiContext(db=db, actor=actor, clock=db.clock, demo=args.demo, team=link)
        window = MainWindow(ctx)
        if args.smoke:
            arm_smoke(app, window, started, getattr(args, "signed_in", None))
        lock = None if args.smoke else arm_lock(window, gate, actor, args, auto)
        # the demo keeps its fixed data (its clock is a day in its last schooljaar); a team
        # laptop's rows are the server's, which applies the terms itself (``swv-desktop purge``)
        replica = link is not None
        purger = None if args.smoke or args.demo or replica else arm_purge(window, db, actor)
        if link is not None:
            link.wiped.connect(functools.partial(replica_wiped, window))
        open_main_window(window)  # maximised on a 1366x768 laptop, comfortable on a larger screen
        watch_file_check(window, db)
        code = int(app.exec())
        if purger is not None:
            purger.stop()
        if lock is not None:
            lock.stop()
        if auto is not None and not gate.locked and window.leave != "gewist":
            auto.at_close()  # never after a wipe: nothing of the replica may come back
        if not window.restart_requested and window.leave in (None, "gewist"):
            return code  # wiped: the next start begins with the first-run window again
        actor = None
        log.info("venster gesloten: %s", safe(window.leave or "teruggezet"))
        if window.leave == team_leave.LEAVE and isinstance(gate, Gate):
            gate.reopen()  # the replica and its key file are gone: the first start again
            fresh = first_run(gate)
            if fresh is None:
                return 0
            actor, secret = fresh
            continue
        if window.leave == "wisselen" and _shared_laptop(gate, args):
            raise ChooseAgain  # her colleague's replica is another file
        if window.leave == "wisselen":
            gate.lock()  # the next user's key slot opens the file again
            title = "Wisselen van gebruiker"
        else:
            gate.sign_out()  # the restored file is opened again at the next sign-in
            title = "Aanmelden"
