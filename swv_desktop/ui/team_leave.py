"""Leaving the team from the window (the Team panel's "Team verlaten"): asks first, says what
would be lost, then calls ``sync.leave.leave_team`` and closes the window, so the application
returns to its first start (set up, or join a team again)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.sync import leave
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.worker import wait_for_all

LEAVE = "team_verlaten"
"""``MainWindow.leave`` after leaving: the application starts over without the replica."""

EXPLAIN = (
    "De replica op deze laptop (de gegevens van wat u mag zien) en de sleutels ervan worden "
    "verwijderd, met de reservekopieën ervan. De gegevens van het bureau blijven op de server; "
    "u kunt later opnieuw aansluiten."
)


def ask(parent: QWidget, ctx: UiContext) -> bool | None:
    """Whether she wants to leave: ``None`` no, ``False`` yes (nothing waits), ``True`` yes and
    throw away what waits or was refused (she chose that explicitly)."""
    box = leave.outbox(ctx.db)
    dialog = QMessageBox(parent)
    dialog.setWindowTitle("Team verlaten")
    if box.total:
        dialog.setIcon(QMessageBox.Icon.Warning)
        dialog.setText(
            f"Let op: {box.sentence()}. Als u het team nu verlaat, gaan deze wijzigingen "
            "verloren; ze bereiken de server nooit meer."
        )
        dialog.setInformativeText(
            "Synchroniseer liever eerst en los op wat niet verwerkt is. " + EXPLAIN
        )
        go = dialog.addButton("Weggooien en team verlaten", QMessageBox.ButtonRole.DestructiveRole)
    else:
        dialog.setIcon(QMessageBox.Icon.Question)
        dialog.setText("Deze laptop uit het team halen?")
        dialog.setInformativeText(EXPLAIN)
        go = dialog.addButton("Team verlaten", QMessageBox.ButtonRole.DestructiveRole)
    go.setObjectName("team_verlaten_ja")
    stay = dialog.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
    dialog.setDefaultButton(stay)
    dialog.exec()
    if dialog.clickedButton() is not go:
        return None
    return box.total > 0


def leave_now(parent: QWidget, ctx: UiContext, discard: bool) -> bool:
    """Stop the background sync, remove the replica, close the window; False when refused."""
    if ctx.team is not None:
        ctx.team.stop()
    wait_for_all(10_000)  # a round still running finishes first
    try:
        leave.leave_team(ctx.db, discard=discard)
    except KnownError as exc:
        if ctx.team is not None:
            ctx.team.start()
        QMessageBox.warning(parent, "Team niet verlaten", exc.message)
        return False
    holder = parent.window()
    if isinstance(holder, QDialog):  # the Team dialog from the status bar closes first
        holder.reject()
    window: QWidget | None = parent
    while window is not None and not hasattr(window, "leave_session"):
        window = window.parentWidget()
    if window is not None:
        window.leave_session(LEAVE, ask=False)
    return True
