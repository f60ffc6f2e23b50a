"""The sign-in dialog: user name and password open the user's key slot, off the GUI thread.

Before sign-in the database is still locked: the dialog shows only what the key file holds (the
organisation's name; the account names as completions). A wrong password shows the service's
message, never which part was wrong. After repeated failures the gate's throttle asks for a delay
(it survives a restart): the button stays disabled for that time (a QTimer, so the window never
freezes). In demo mode the dialog lists the demo accounts; a click fills them in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCompleter
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import KnownError
from swv_desktop.ui.first_paint import FirstPaint
from swv_desktop.ui.widgets.controls import accept_reject_buttons
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.worker import run_in_background

if TYPE_CHECKING:  # light on purpose: this window paints before SQLAlchemy is loaded
    from swv_desktop.services.common import Actor
    from swv_desktop.services.toegang import Gate
    from swv_desktop.services.toegang import PersistentThrottle

ROLES = ("contactpersoon", "programmadirecteur", "secretariaat", "beheerder")
"""The values of ``models.Rol`` (its labels are these, capitalised), without importing models."""

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("contactpersoon", "contactpersoon", "Contactpersoon"),
    ("programmadirecteur", "programmadirecteur", "Programmadirecteur"),
    ("secretariaat", "secretariaat", "Secretariaat"),
    ("beheerder", "beheerder", "Beheerder"),
)
DEMO_PASSWORD = "demo-welkom-2021"


def demo_accounts() -> tuple[tuple[str, str, str], ...]:
    """(gebruikersnaam, rol, naam) of the demo accounts, from the demo generator when present."""
    try:
        from swv_desktop.demo import teksten as demo_data
    except ImportError:
        return DEMO_ACCOUNTS
    return tuple(demo_data.DEMO_ACCOUNTS)


class SignInDialog(QDialog):
    """Asks for user name and password; ``actor`` holds the signed-in user after ``accept``."""

    def __init__(
        self,
        gate: Gate | Any,
        *,
        demo: bool = False,
        username: str = "",
        title: str = "Aanmelden",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gate = gate
        self.demo = demo
        self.actor: Actor | None = None
        self._password = ""
        self.damaged: DatabaseDamaged | None = None
        self.busy = False
        org = gate.organisatie
        self.setWindowTitle(("DEMO – " if demo else "") + f"{title} – Maatwerkbudget")
        self.setObjectName("aanmelden")
        self.setMinimumWidth(520)

        heading = QLabel("Maatwerkbudget")
        heading.setObjectName("paginatitel")
        sub = QLabel(org or "Samenwerkingsverband VO")
        sub.setObjectName("subtitel")
        self.username = text_field("gebruikersnaam", username)
        self._accounts = list(gate.accounts)
        self._after_paint = FirstPaint(self._add_completer)  # Qt's namespace costs 20-30 ms
        self.installEventFilter(self._after_paint)
        self.password = text_field("wachtwoord", secret=True)
        self.message = wrapping_label("aanmeldfout")
        self.message.setVisible(False)
        form = QFormLayout()
        form.addRow("Gebruikersnaam:", self.username)
        form.addRow("Wachtwoord:", self.password)

        self.buttons, self.sign_in_button, self.cancel_button = accept_reject_buttons(
            self, "Aanmelden", self.try_sign_in, ok_name="knop_aanmelden", cancel_text="Afsluiten"
        )
        self.sign_in_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        self.forgot_button = team_recovery_button(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if demo:
            layout.addWidget(self._demo_box())
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    @property
    def throttle(self) -> PersistentThrottle:
        """The gate's sign-in throttle (read when needed: the gate may still be loading)."""
        return self.gate.throttle

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox("Demo-accounts")
        box.setObjectName("demo_accounts")
        inner = QVBoxLayout(box)
        note = QLabel(
            f"Fictieve gegevens. Wachtwoord voor alle accounts: <b>{DEMO_PASSWORD}</b>. "
            "Klik op een account (één per rol) om het in te vullen."
        )
        note.setWordWrap(True)
        inner.addWidget(note)
        seen: set[str] = set()
        for username, rol, naam in demo_accounts():
            if rol not in ROLES or rol in seen:
                continue
            seen.add(rol)
            button = push_button(
                f"{username}  –  {naam}",
                f"demo_{username}",
                lambda _c=False, u=username: self.fill_demo(u),
            )
            button.setToolTip(f"{rol.capitalize()}: gebruikersnaam {username}")
            button.setAutoDefault(False)
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            inner.addWidget(button)
        return box

    def fill_demo(self, username: str) -> None:
        """Fill in a demo account (password included)."""
        self.username.setText(username)
        self.password.setText(DEMO_PASSWORD)
        self.sign_in_button.setFocus()

    def _add_completer(self) -> None:
        """The account names as a completion of the name field, once the window is painted:
        creating Qt's enums (the ``Qt`` namespace, for its case sensitivity) would delay the
        first paint."""
        from PySide6.QtCore import Qt

        self.removeEventFilter(self._after_paint)
        completer = QCompleter(self._accounts, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.username.setCompleter(completer)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def try_sign_in(self) -> None:
        """Check the credentials (after the throttle's delay, if any)."""
        if self.busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_message("Vul uw gebruikersnaam en wachtwoord in.")
            return
        self.busy = True
        self.sign_in_button.setEnabled(False)
        if not getattr(self.gate, "loaded", True):  # the light start's gate is still loading:
            run_in_background(  # wait for it off the GUI thread (the window stays responsive)
                self,
                lambda: self.throttle.delay_for(username),
                lambda delay: self._after_delay(username, password, delay),
                self._failed,
            )
            return
        self._after_delay(username, password, self.throttle.delay_for(username))

    def _after_delay(self, username: str, password: str, delay: float) -> None:
        if delay > 0:
            from swv_desktop.services.auth import FAILED_MESSAGE

            self.show_message(
                f"{FAILED_MESSAGE} Even geduld: u kunt het over {delay:.0f} seconden "
                "opnieuw proberen."
            )
            QTimer.singleShot(int(delay * 1000) + 100, lambda: self._check(username, password))
        else:
            self._check(username, password)

    def _check(self, username: str, password: str) -> None:
        gate = self.gate
        run_in_background(
            self,
            lambda: team_sign_in(gate, username, password),
            lambda actor: self._signed_in(actor, password),
            self._failed,
        )

    def _signed_in(self, actor: Actor, password: str) -> None:
        self.busy = False
        self.actor = actor
        self._password = password
        self.accept()

    def take_password(self) -> str:
        """The password that signed in, once (a team laptop signs in at its server with it;
        it is kept in memory only, never written)."""
        password, self._password = self._password, ""
        return password

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.sign_in_button.setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        if isinstance(exc, DatabaseDamaged) and exc.backup is not None:
            self.damaged = exc  # the application offers the newest good backup
            self.reject()
            return
        self.show_message(exc.message)
        self.password.clear()
        self.password.setFocus()  # Qt's OtherFocusReason


def _team_replica(gate: Any) -> bool:
    """Whether the file behind ``gate`` is a team laptop's replica: its device file lies beside
    it (``sync.apparaat.identity_path``; checked without importing anything heavy, the light
    start's sign-in window must paint first)."""
    path = getattr(gate, "path", None)
    return path is not None and Path(f"{path}.apparaat").exists()


def _real_gate(gate: Any) -> Any:
    """The ``Gate`` (the light start's ``PendingGate`` hands it over once loaded)."""
    return gate.gate() if callable(getattr(gate, "gate", None)) else gate


def team_sign_in(gate: Any, username: str, password: str) -> Actor:
    """``gate.sign_in``; on a team laptop's replica a password changed on the server or on
    another laptop is accepted once the server confirms it (``sync.apparaat.window_sign_in``)."""
    if _team_replica(gate):
        from swv_desktop.sync import apparaat

        return apparaat.window_sign_in(_real_gate(gate), username, password)
    result: Actor = gate.sign_in(username, password)
    return result


def team_recovery_button(dialog: SignInDialog) -> QPushButton | None:
    """ "Wachtwoord vergeten…" on a team laptop's replica: the beheerder's one-time code."""
    gate = dialog.gate
    if not _team_replica(gate):
        return None
    button = dialog.buttons.addButton("Wachtwoord vergeten…", QDialogButtonBox.ButtonRole.HelpRole)
    button.setObjectName("wachtwoord_vergeten")
    button.setAutoDefault(False)

    def ask() -> None:
        from swv_desktop.ui.herstelcode import RecoveryCodeDialog

        recovery = RecoveryCodeDialog(_real_gate(gate), dialog.username.text().strip(), dialog)
        if recovery.exec() and recovery.done_for:
            dialog.username.setText(recovery.done_for)
            dialog.show_message("Uw nieuwe wachtwoord is ingesteld; meld u ermee aan.")
            dialog.password.setFocus()

    button.clicked.connect(ask)
    return button
