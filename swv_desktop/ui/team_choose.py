"""Who works on this laptop: at the start (no ``--db``), a laptop that holds team replicas asks
whose replica to open. Colleagues who share a laptop each have a replica of their own in the
data folder (``sync.apparaat_bestanden``), encrypted with a key slot for her own password
only, so choosing a name opens nothing yet: the sign-in window that follows asks her password.
"Aansluiten als andere gebruiker…" lets a colleague join beside them (her own file, the others
untouched); the laptop's standalone database, when there is one, stays a choice as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.sync.apparaat_bestanden import replicas_in
from swv_desktop.ui.widgets.controls import push_button


@dataclass(frozen=True)
class Choice:
    """The file the window opens; after a join also the name and password the server took."""

    path: Path
    username: str = ""
    password: str = ""


class ChooseUserDialog(QDialog):
    """One button per user with a replica here, the standalone file, and joining as another."""

    def __init__(self, default: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default
        self.folder = default.parent
        self.choice: Choice | None = None
        self.setWindowTitle("Wie werkt er op deze laptop?")
        intro = QLabel(
            "Op deze laptop staan de gegevens van elke gebruiker apart, versleuteld met haar of "
            "zijn eigen wachtwoord. Kies uw naam; daarna vraagt het programma uw wachtwoord."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.buttons: dict[str, QPushButton] = {}
        for name, path in replicas_in(self.folder).items():
            button = push_button(
                name, f"kies_{name}", lambda _=False, p=path: self._choose(Choice(p))
            )
            layout.addWidget(button)
            self.buttons[name] = button
        self.standalone_button: QPushButton | None = None
        if default.is_file():
            self.standalone_button = push_button(
                "De losse database van deze laptop (zonder team)",
                "kies_los",
                lambda: self._choose(Choice(default)),
            )
            layout.addWidget(self.standalone_button)
        self.join_button = push_button(
            "Aansluiten als andere gebruiker…", "kies_aansluiten", self.join
        )
        self.join_button.setToolTip("Een eigen replica voor u, naast die van uw collega's")
        layout.addSpacing(8)
        layout.addWidget(self.join_button)
        layout.addStretch(1)
        close = QDialogButtonBox()
        close.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(460)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()

    def join(self) -> None:
        """A colleague joins: her replica is built in a file of her own in the same folder."""
        from swv_desktop.ui.team_join import JoinTeamDialog

        dialog = JoinTeamDialog(self.default, self, folder=self.folder)
        if dialog.exec():
            self._choose(Choice(dialog.path, dialog.username, dialog.password))


def choose_start(default: Path) -> Choice | None:
    """The file to open at the start: ``default`` on a laptop without team replicas (nothing
    shown), else what she chose; ``None`` when she cancelled."""
    if not replicas_in(default.parent):
        return Choice(default)
    dialog = ChooseUserDialog(default)
    return dialog.choice if dialog.exec() else None
