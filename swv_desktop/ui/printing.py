"""Printing and exporting beschikkingen from the window: the system print dialog (QPrintDialog),
the pages drawn by ``pdf_pages.print_pdfs``, and afterwards a service call that records what was
printed. ``choose_printer`` and ``choose_folder`` are looked up at call time, so tests replace
them (a test prints to a PDF file through a real ``QPrinter``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QWidget

from swv_desktop.services.beschikkingen import afdrukken
from swv_desktop.services.beschikkingen.afdrukken import PrintLetter
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.pdf_pages import print_pdfs


def choose_printer(parent: QWidget | None, title: str) -> QPrinter | None:
    """The system print dialog; the chosen printer, or ``None`` when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(printer.pageLayout().pageSize())  # the printer's default paper
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder picked in the system dialog, or ``None``."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def print_letters(
    parent: QWidget | None, ctx: UiContext, letters: Sequence[PrintLetter], title: str
) -> int | None:
    """Print ``letters`` in the order given and record it; the number of pages printed, or
    ``None`` when the user cancelled the print dialog."""
    printer = choose_printer(parent, title)
    if printer is None:
        return None
    printer.setDocName(title)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = print_pdfs(printer, [letter.pdf for letter in letters])
    finally:
        QGuiApplication.restoreOverrideCursor()
    afdrukken.record_printed(ctx.db, ctx.actor, [letter.id for letter in letters], pages=pages)
    return pages
