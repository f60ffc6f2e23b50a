"""Beheer: accounts (beheerder), schooljaren with their figures (beheerder and programmadirecteur),
the organisation's settings and the reservekopieën (beheerder). Simple list + form tabs; the
services validate."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swv_desktop.errors import KnownError, StaleEdit
from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services.auth import UserRow
from swv_desktop.sync import status as team
from swv_desktop.ui.beheer_backups import BackupsTab
from swv_desktop.ui.beheer_instellingen import SettingsTab
from swv_desktop.ui.beheer_jaren import SchooljarenTab
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.team_panel import TeamPanel
from swv_desktop.ui.widgets.field_errors import FieldErrors, show_error
from swv_desktop.ui.widgets.tables import record_table


class UsersTab(QWidget):
    """Accounts: the list and a form to create or change one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserRow] = []
        self.editing: UserRow | None = None
        self.table = record_table(["Gebruikersnaam", "Naam", "Rol", "Actief"])
        self.table.setObjectName("tabel_gebruikers")
        self.table.itemSelectionChanged.connect(self._on_select)

        self.gebruikersnaam = QLineEdit()
        self.volledige_naam = QLineEdit()
        self.email = QLineEdit()
        self.rol = QComboBox()
        for rol in Rol:
            self.rol.addItem(rol.label, rol.value)
        self.actief = QCheckBox("Account is actief")
        self.actief.setChecked(True)
        self.wachtwoord = QLineEdit()
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        self.wachtwoord_hint = QLabel()
        self.wachtwoord_hint.setObjectName("hulptekst")
        self.wachtwoord_hint.setWordWrap(True)
        for name, widget in self._fields().items():
            widget.setObjectName(f"gebruiker_{name}")
        self.marks = FieldErrors(self._fields())

        self.form_box = QGroupBox("Nieuwe gebruiker")
        form = QFormLayout(self.form_box)
        form.addRow("Gebruikersnaam:", self.gebruikersnaam)
        form.addRow("Volledige naam:", self.volledige_naam)
        form.addRow("E-mail:", self.email)
        form.addRow("Rol:", self.rol)
        form.addRow("", self.actief)
        form.addRow("Wachtwoord:", self.wachtwoord)
        form.addRow("", self.wachtwoord_hint)
        self.save_button = QPushButton("Opslaan")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("Nieuwe gebruiker")
        self.new_button.clicked.connect(self.start_new)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.form_box, 2)
        self.refresh()
        self.start_new()

    def _fields(self) -> dict[str, QWidget]:
        return {
            "gebruikersnaam": self.gebruikersnaam,
            "volledige_naam": self.volledige_naam,
            "email": self.email,
            "rol": self.rol,
            "wachtwoord": self.wachtwoord,
        }

    def refresh(self) -> None:
        """Load the accounts again."""
        self.users = auth.list_users(self.ctx.db, self.ctx.actor)
        self.table.setRowCount(len(self.users))
        for r, user in enumerate(self.users):
            cells = [user.gebruikersnaam, user.volledige_naam, user.rol.label]
            cells.append("ja" if user.actief else "nee")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def start_new(self) -> None:
        """Empty the form for a new account."""
        self.table.clearSelection()
        self.editing = None
        self.form_box.setTitle("Nieuwe gebruiker")
        self.gebruikersnaam.setReadOnly(False)
        for widget in (self.gebruikersnaam, self.volledige_naam, self.email, self.wachtwoord):
            widget.clear()
        self.rol.setCurrentIndex(self.rol.findData(Rol.CONTACTPERSOON.value))
        self.actief.setChecked(True)
        self.wachtwoord_hint.setText(f"Minstens {auth.MIN_PASSWORD_LENGTH} tekens.")
        self.marks.clear()

    def select_user(self, user_id: int) -> None:
        """Show the account with this id in the form (as stored now)."""
        for r, user in enumerate(self.users):
            if user.id == user_id:
                self.table.selectRow(r)
                self._on_select()
                return
        self.start_new()

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        user = self.users[rows[0].row()]
        self.editing = user
        self.form_box.setTitle(f"Gebruiker {user.gebruikersnaam} wijzigen")
        self.gebruikersnaam.setText(user.gebruikersnaam)
        self.gebruikersnaam.setReadOnly(True)
        self.volledige_naam.setText(user.volledige_naam)
        self.email.setText(user.email)
        self.rol.setCurrentIndex(self.rol.findData(user.rol.value))
        self.actief.setChecked(user.actief)
        self.wachtwoord.clear()
        self.wachtwoord_hint.setText("Leeg laten om het wachtwoord te houden.")
        self.marks.clear()

    def save(self) -> None:
        """Create or change the account through the service."""
        rol = Rol(self.rol.currentData())
        try:
            if self.editing is None:
                auth.create_user(
                    self.ctx.db,
                    self.ctx.actor,
                    gebruikersnaam=self.gebruikersnaam.text(),
                    volledige_naam=self.volledige_naam.text(),
                    rol=rol,
                    wachtwoord=self.wachtwoord.text(),
                    email=self.email.text(),
                )
            else:
                auth.update_user(
                    self.ctx.db,
                    self.ctx.actor,
                    self.editing.id,
                    volledige_naam=self.volledige_naam.text(),
                    email=self.email.text(),
                    rol=rol,
                    actief=self.actief.isChecked(),
                    nieuw_wachtwoord=self.wachtwoord.text(),
                    versie=self.editing.versie,
                )
        except StaleEdit as exc:  # someone else saved the account first: offer what is stored
            if self.editing is not None and form_base.ask_reload(self, exc.message):
                user_id = self.editing.id
                self.refresh()
                self.select_user(user_id)
            return
        except KnownError as exc:
            show_error(self, exc, self.marks)
            return
        name = self.gebruikersnaam.text().strip()
        self.refresh()
        self.start_new()
        QMessageBox.information(self, "Opgeslagen", f"De gebruiker {name} is opgeslagen.")


class BeheerPage(QWidget):
    """The Beheer page; the tabs a role may use. ``restored`` fires after a backup was put back
    (the window then asks to sign in again)."""

    restored = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.users_tab: UsersTab | None = None
        self.settings_tab: SettingsTab | None = None
        self.backups_tab: BackupsTab | None = None
        if ctx.actor.rol is Rol.BEHEERDER:
            self.users_tab = UsersTab(ctx)
            self.tabs.addTab(self.users_tab, "Gebruikers")
        self.jaren_tab = SchooljarenTab(ctx)
        self.tabs.addTab(self.jaren_tab, "Schooljaren")
        if ctx.actor.rol is Rol.BEHEERDER:
            self.settings_tab = SettingsTab(ctx)
            self.tabs.addTab(self.settings_tab, "Instellingen")
            self.backups_tab = BackupsTab(ctx)
            self.backups_tab.restored.connect(self.restored)
            self.tabs.addTab(self.backups_tab, "Reservekopieën")
        self.server_tab: TeamPanel | None = None
        replica = team.is_replica(ctx.db)
        if replica or (ctx.db.path is not None and ctx.actor.rol is Rol.BEHEERDER):
            # a team laptop: its server and what it did not process; a standalone laptop's
            # file: the beheerder lets it join a team
            self.server_tab = TeamPanel(ctx)
            self.tabs.addTab(self.server_tab, "Server")
        title = QLabel("Beheer")
        title.setObjectName("paginatitel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def tab_titles(self) -> list[str]:
        """The titles of the tabs shown."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]


__all__ = ["BackupsTab", "BeheerPage", "SchooljarenTab", "SettingsTab", "UsersTab"]
