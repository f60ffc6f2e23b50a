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
import threading
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from swv_desktop import backups, paths
from swv_desktop.check.database import check_database
from swv_desktop.db import Database, known_revisions
from swv_desktop.demo.klok import demo_clock_until
from swv_desktop.errors import DatabaseDamaged, KnownError, ProgramLocked
from swv_desktop.logsafe import safe
from swv_desktop.services import instellingen, sleutels
from swv_desktop.services.bewaren import PurgeResult
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang_server import ServerGate, gate_for
from swv_desktop.sync import apparaat
from swv_desktop.sync import status as team
from swv_desktop.sync.apparaat_bestanden import is_user_replica
from swv_desktop.ui import gc_guard, team_leave, team_sync
from swv_desktop.ui.appearance import apply_appearance
from swv_desktop.ui.auto_backup import AutoBackup
from swv_desktop.ui.auto_purge import FIRST_DELAY_MS, AutoPurge, status_text
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.first_paint import SMOKE_TIMEOUT_MS, smoke_signin
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.idle_lock import IdleLock
from swv_desktop.ui.launch import PendingGate, database_path, parse_args, setup_logging
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import DEMO_PASSWORD, SignInDialog
from swv_desktop.ui.worker import run_in_background

log = logging.getLogger("swv_desktop")
SMOKE_USER = "programmadirecteur"


def log_unexpected(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Log an unexpected error with its traceback (the log's formatter leaves out its texts)."""
    log.error("onverwachte fout%s", safe(f" ({where})" if where else ""), exc_info=(kind, exc, tb))


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings and errors go to the log file (with where Qt raised them)."""
    if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        return
    where = f" [{context.file}:{context.line}]" if context.file else ""
    level = logging.WARNING if mode == QtMsgType.QtWarningMsg else logging.ERROR
    logging.getLogger("qt").log(level, "%s%s", safe(message), safe(where))


def install_excepthook(log_file: Path | None, *, smoke: bool = False) -> None:
    """Unexpected errors: logged with traceback, shown calmly; the application keeps running.
    Errors in other threads and errors Python could not raise (``unraisablehook``) are logged
    too. In smoke mode nobody can click a dialog: the error goes to stderr
    and the run fails."""
    showing = [False]

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if smoke:
            log_unexpected(kind, exc, tb, "rooktest")
            traceback.print_exception(kind, exc, tb)
            app = QApplication.instance()
            if app is not None:
                app.exit(1)
            return
        if isinstance(exc, ProgramLocked):  # a timer of a page fired while locked
            log.info("na vergrendelen niet uitgevoerd")
            return
        if isinstance(exc, KnownError):
            log.warning("melding: %s", safe(type(exc).__name__))  # its text may name a pupil
            if QApplication.instance() is not None and not showing[0]:
                showing[0] = True
                QMessageBox.warning(None, "Niet gelukt", exc.message)
                showing[0] = False
            return
        log_unexpected(kind, exc, tb)
        if QApplication.instance() is None or showing[0]:
            return
        where = f"\n\nDe details staan in het logbestand:\n{log_file}" if log_file else ""
        showing[0] = True
        QMessageBox.critical(
            None,
            "Er ging iets mis",
            "Er is een onverwachte fout opgetreden. Wat al was opgeslagen blijft bewaard; "
            f"probeer het nog eens of neem contact op met de beheerder.{where}",
        )
        showing[0] = False

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            log_unexpected(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")

    def unraisable_hook(args: sys.UnraisableHookArgs) -> None:
        if args.exc_value is not None:
            log_unexpected(args.exc_type, args.exc_value, args.exc_traceback, str(args.err_msg))

    sys.excepthook = hook
    threading.excepthook = thread_hook
    sys.unraisablehook = unraisable_hook


class _Progress(QObject):
    message = Signal(str)


def create_demo(path: Path, *, smoke: bool = False) -> bool:
    """Make the demo database at ``path`` off the GUI thread, with a progress dialog."""
    from swv_desktop.demo.generator import generate_demo

    dialog = QProgressDialog("De demodatabase wordt aangemaakt…", "", 0, 0)
    dialog.setWindowTitle("DEMO – eerste start")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    relay = _Progress()
    relay.message.connect(dialog.setLabelText)
    loop = QEventLoop()
    outcome: list[BaseException | None] = []

    def done(result: object) -> None:
        outcome.append(None)
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome.append(exc)
        loop.quit()

    run_in_background(None, lambda: generate_demo(path, progress=relay.message.emit), done, failed)
    if not outcome:
        loop.exec()
    dialog.close()
    error = outcome[0] if outcome else None
    if error is not None:
        if not isinstance(error, KnownError):
            log.error("demodatabase niet gemaakt", exc_info=error)
        message = error.message if isinstance(error, KnownError) else str(error)
        QMessageBox.critical(
            None, "Demo niet beschikbaar", f"De demodatabase is niet gemaakt.\n\n{message}"
        )
        return False
    return True


def demo_clock_for(db: Database) -> None:
    """The demo's fixed 'today' (15 June of the last schooljaar) as the database's clock."""
    jaren = instellingen.list_schooljaren(db)
    if not jaren:
        return
    db.clock = demo_clock_until(max(j.eind_datum.year for j in jaren))


def _confirm_new(path: Path) -> bool:
    answer = QMessageBox.question(
        None,
        "Database bestaat niet",
        f"Het databasebestand '{path}' bestaat niet.\n\nEen nieuwe, lege database aanmaken?",
    )
    return answer == QMessageBox.StandardButton.Yes


def report(title: str, text: str, *, smoke: bool) -> None:
    """A known problem: a message box, or stderr in smoke mode (nobody is there to click)."""
    if smoke:
        print(f"{title}: {text}", file=sys.stderr, flush=True)
    else:
        QMessageBox.critical(None, title, text)


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
    qInstallMessageHandler(_qt_message)
    if args.smoke and not args.demo:
        print("--smoke werkt alleen samen met --demo", file=sys.stderr)
        return 2

    try:
        target = database_path(args)
    except KnownError as exc:  # a --db address that is no PostgreSQL URL
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 2
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
        elif args.db is not None and not _confirm_new(target):
            return 0
    try:
        gate = gate_for(target)
    except KnownError as exc:
        log.warning("database niet geopend: %s", safe(type(exc).__name__))
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 1
    try:
        if joined is not None:  # she just joined beside her colleagues: signed in already
            actor = gate.sign_in(*joined)
            return _run_with(app, gate, args, started, actor=actor, secret=joined[1])
        return _run_with(app, gate, args, started)
    except KnownError as exc:
        log.warning("gestopt: %s", safe(type(exc).__name__))
        report("Niet gelukt", exc.message, smoke=args.smoke)
        return 1
    finally:
        gate.sign_out()


def offer_restore(gate: Gate, error: DatabaseDamaged) -> bool:
    """A damaged database at sign-in: offer to put the newest good backup back (the key is
    unlocked already); True when it was put back (the user then signs in again)."""
    if error.backup is None or gate.unlocked is None or gate.path is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, "Database beschadigd", error.message)
    restore = box.addButton("Reservekopie terugzetten", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Sluiten", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    key = gate.unlocked.data_key
    try:
        result = backups.restore(
            gate.path, error.backup, known_revisions=known_revisions(), key=key
        )
    except KnownError as exc:
        QMessageBox.critical(None, "Niet teruggezet", exc.message)
        return False
    checked = check_database(gate.path, keys=gate.unlocked)
    QMessageBox.information(
        None,
        "Reservekopie teruggezet",
        f"Het beschadigde bestand staat nu in {result.saved_current}.\n\n"
        + "\n".join(checked.lines[1:]),
    )
    return True


def first_run(gate: Gate | ServerGate) -> tuple[Actor, str] | None:
    """A new encrypted database set up by the wizard (removed again when it is cancelled), or
    a team replica made by joining a team-server (then signed in with the password the server
    accepted, which the background sync uses): the actor and that password."""
    if isinstance(gate, Gate) and is_user_replica(gate.path):  # her replica left: start over
        gate.retarget(paths.default_db_path(gate.path.parent))
        if gate.exists:
            return None  # the laptop's standalone database: the next start offers it
    db = gate.create()
    wizard = FirstRunWizard(db, can_join=isinstance(gate, Gate))
    chosen = wizard.exec()
    if chosen == FirstRunWizard.JOIN and isinstance(gate, Gate):
        gate.discard_new()
        return join_team(gate)
    if not chosen or wizard.actor is None:
        gate.discard_new()
        return None
    return wizard.actor, ""


def join_team(gate: Gate) -> tuple[Actor, str] | None:
    """ "Aansluiten bij een team-server": the replica made at the gate's path by the first sync,
    then signed in; ``None`` when she cancelled (nothing is left behind)."""
    from swv_desktop.ui.team_join import JoinTeamDialog

    folder = gate.path.parent
    own = gate.path == paths.default_db_path(folder)  # no --db: a replica per user (shared laptop)
    dialog = JoinTeamDialog(gate.path, folder=folder if own else None)
    if not dialog.exec():
        return None
    if dialog.path != gate.path:
        gate.retarget(dialog.path)
    else:
        gate.reopen()
    return gate.sign_in(dialog.username, dialog.password), dialog.password


def show_recovery_key(db: Database, actor: Actor, *, smoke: bool = False) -> None:
    """Show the beheerder the recovery key once (then it exists only on her paper)."""
    from swv_desktop.services import scope

    if not scope.may(actor, scope.Recht.GEBRUIKERS):
        return
    recovery = sleutels.take_recovery_key(db, actor)
    if recovery is None or smoke:
        return
    from swv_desktop.ui.recovery import RecoveryKeyDialog

    RecoveryKeyDialog(recovery).exec()


def sign_in(
    gate: Gate | ServerGate, args: argparse.Namespace, title: str = "Aanmelden"
) -> tuple[Actor, str] | None:
    """The sign-in dialog (or the smoke test's account): the actor and the password (a team
    laptop signs in at its server with it); a damaged database offers a backup."""
    while True:
        if args.smoke:
            start = time.perf_counter()
            actor = gate.sign_in(SMOKE_USER, DEMO_PASSWORD)
            args.signed_in = (start, time.perf_counter())  # the smoke line reports both
            return actor, DEMO_PASSWORD
        dialog = SignInDialog(gate, demo=args.demo, title=title)
        if dialog.exec() and dialog.actor is not None:
            return dialog.actor, dialog.take_password()
        if dialog.damaged is None or not offer_restore(gate, dialog.damaged):
            return None


def watch_file_check(window: MainWindow, db: Database) -> None:
    """A large database is checked after opening (on its own thread, started once the dashboard
    is painted): a timer on the window looks every 200 ms and shows the message when damage is
    found (writes are refused then)."""
    check = db.file_check
    if check is None:
        return
    # reading the whole file waits until the dashboard is painted (never on the sign-in path)
    window.dashboard.data_shown.connect(check.begin)
    timer = QTimer(window)

    def look() -> None:
        if not check.done:
            return
        timer.stop()
        if check.error is not None:
            QMessageBox.critical(window, "Database beschadigd", check.error.message)

    timer.timeout.connect(look)
    timer.start(200)


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
    qInstallMessageHandler(_qt_message)
    try:
        gate = pending.gate()
    except KnownError as exc:
        log.warning("database niet geopend: %s", safe(type(exc).__name__))
        report("Database niet geopend", exc.message, smoke=args.smoke)
        return 1
    try:
        actor = None if dialog is None else dialog.actor
        if actor is None:
            damaged = None if dialog is None else dialog.damaged
            if damaged is None or not offer_restore(gate, damaged):
                return 0
        secret = "" if dialog is None else dialog.take_password()
        return _run_with(app, gate, args, started, actor=actor, secret=secret)
    except KnownError as exc:
        log.warning("gestopt: %s", safe(type(exc).__name__))
        report("Niet gelukt", exc.message, smoke=args.smoke)
        return 1
    finally:
        gate.sign_out()


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
            _arm_smoke(app, window, started, getattr(args, "signed_in", None))
        lock = None if args.smoke else arm_lock(window, gate, actor, args, auto)
        # the demo keeps its fixed data (its clock is a day in its last schooljaar); a team
        # laptop's rows are the server's, which applies the terms itself (``swv-desktop purge``)
        replica = link is not None
        purger = None if args.smoke or args.demo or replica else arm_purge(window, db, actor)
        if link is not None:
            link.wiped.connect(functools.partial(replica_wiped, window))
        window.show()
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
        if window.leave == "wisselen":
            gate.lock()  # the next user's key slot opens the file again
            title = "Wisselen van gebruiker"
        else:
            gate.sign_out()  # the restored file is opened again at the next sign-in
            title = "Aanmelden"


def replica_wiped(window: MainWindow, reason: str) -> None:
    """The server had this laptop wipe its replica: say why, close the window at once."""
    QMessageBox.critical(
        window,
        "Gegevens gewist",
        f"{reason}\n\nDe volgende keer dat u swv-desktop start, begint het met het "
        "startvenster: meld u dan aan of maak opnieuw een replica als de beheerder dat toestaat.",
    )
    window.leave_session("gewist", ask=False)


def arm_lock(
    window: MainWindow, gate: Gate, actor: Actor, args: argparse.Namespace, auto: AutoBackup | None
) -> IdleLock:
    """The idle lock of ``window``: "Afmelden" on the lock screen closes it unasked; no
    automatic backups while the key is put away."""
    lock = IdleLock(window, gate, actor, idle_seconds=args.idle_minutes * 60, demo=args.demo)
    lock.sign_out_requested.connect(lambda: window.leave_session("afmelden", ask=False))
    if auto is not None:
        db = window.ctx.db
        lock.locked_changed.connect(lambda on: auto.set_key(None if on else db.key))
    return lock


def arm_purge(
    window: MainWindow, db: Database, actor: Actor, *, first_delay_ms: int = FIRST_DELAY_MS
) -> AutoPurge:
    """The daily purge of ``window``: armed when the dashboard has shown its figures (never on
    the sign-in path), its result in the status bar."""
    purger = AutoPurge(db, actor, window, first_delay_ms=first_delay_ms)
    window.dashboard.data_shown.connect(purger.start)

    def shown(result: PurgeResult) -> None:
        text = status_text(result)
        if text:
            window.statusBar().showMessage(text, 30_000)

    purger.finished.connect(shown)
    return purger


def _arm_smoke(
    app: QApplication, window: MainWindow, started: float, signed_in: tuple[float, float] | None
) -> None:
    """Exit once the dashboard shows its figures, printing the time from the start of the
    program and, after a sign-in, from the moment the account was accepted (the figure of the
    0.4 s goal: opening the main window and painting the dashboard), with the sign-in itself
    (password check and key unwrap) apart."""

    def shown() -> None:
        now = time.perf_counter()
        line = f"smoke: dashboard getoond in {now - started:.2f} s"
        if signed_in is not None:
            line += (
                f"; na aanmelden {now - signed_in[1]:.3f} s"
                f" (aanmelden zelf {signed_in[1] - signed_in[0]:.3f} s)"
            )
        print(line, flush=True)
        QTimer.singleShot(0, lambda: app.exit(0))

    def too_slow() -> None:
        print("smoke: het dashboard verscheen niet op tijd", file=sys.stderr, flush=True)
        app.exit(1)

    window.dashboard.data_shown.connect(shown)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_slow)
