"""Errors at run time: unexpected errors are logged with their traceback (the log's formatter
leaves out their texts) and shown calmly; Qt's own warnings go to the log file too."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox

from swv_desktop.errors import KnownError
from swv_desktop.errors import ProgramLocked
from swv_desktop.logsafe import safe

log = logging.getLogger("swv_desktop")


def log_unexpected(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Log an unexpected error with its traceback (the log's formatter leaves out its texts)."""
    log.error("onverwachte fout%s", safe(f" ({where})" if where else ""), exc_info=(kind, exc, tb))


def qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
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
