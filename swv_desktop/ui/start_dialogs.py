"""The dialogs of the start before the main window: making the demo database, a new database
file, a known problem at start, a damaged file's backup, the first-run wizard or joining a team,
the beheerder's recovery key."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QProgressDialog

from swv_desktop import backups
from swv_desktop import paths
from swv_desktop.check.database import check_database
from swv_desktop.db import Database
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import KnownError
from swv_desktop.schema import known_revisions
from swv_desktop.services import sleutels
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang_server import ServerGate
from swv_desktop.sync.apparaat_bestanden import is_user_replica
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.worker import run_in_background

log = logging.getLogger("swv_desktop")


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


def confirm_new(path: Path) -> bool:
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
