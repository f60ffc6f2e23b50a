"""Beheer: accounts (beheerder), schooljaren with their figures (beheerder and programmadirecteur),
the organisation's settings and the reservekopieën (beheerder), the deletion register (beheerder
and programmadirecteur, not on a team laptop's replica), the access log (beheerder and
programmadirecteur; on a replica that laptop's own) and the team server. Simple list + form tabs; the
services validate."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services.auth import UserRow
from swv_desktop.services.scope import Recht
from swv_desktop.services.scope import may
from swv_desktop.sync import status as team
from swv_desktop.ui.beheer_apparaten import ApparatenTab
from swv_desktop.ui.beheer_backups import BackupsTab
from swv_desktop.ui.beheer_instellingen import SettingsTab
from swv_desktop.ui.beheer_jaren import SchooljarenTab
from swv_desktop.ui.beheer_register import RegisterTab
from swv_desktop.ui.beheer_toegangslog import ToegangslogTab
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.team_panel import TeamPanel
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.list_form import ListFormTab


class UsersTab(ListFormTab[UserRow]):
    """Accounts: the list and a form to create or change one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            ["Gebruikersnaam", "Naam", "Rol", "Actief"],
            name="gebruikers",
            new_title="Nieuwe gebruiker",
            parent=parent,
        )
        self.gebruikersnaam = self.add_field("Gebruikersnaam:", "gebruikersnaam", QLineEdit())
        self.volledige_naam = self.add_field("Volledige naam:", "volledige_naam", QLineEdit())
        self.email = self.add_field("E-mail:", "email", QLineEdit())
        self.rol = self.add_field("Rol:", "rol", QComboBox())
        for rol in Rol:
            self.rol.addItem(rol.label, rol.value)
        self.actief = QCheckBox("Account is actief")
        self.actief.setChecked(True)
        self.form.addRow("", self.actief)
        self.wachtwoord = self.add_field("Wachtwoord:", "wachtwoord", QLineEdit())
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        self.wachtwoord_hint = wrapping_label("hulptekst")
        self.form.addRow("", self.wachtwoord_hint)
        self.finish("gebruiker")

    @property
    def users(self) -> list[UserRow]:
        """The accounts listed."""
        return self.rows

    def load(self) -> list[UserRow]:
        return auth.list_users(self.ctx.db, self.ctx.actor)

    def cells(self, row: UserRow) -> list[str]:
        return [
            row.gebruikersnaam,
            row.volledige_naam,
            row.rol.label,
            "ja" if row.actief else "nee",
        ]

    def show_new(self) -> None:
        self.gebruikersnaam.setReadOnly(False)
        for widget in (self.gebruikersnaam, self.volledige_naam, self.email, self.wachtwoord):
            widget.clear()
        self.rol.setCurrentIndex(self.rol.findData(Rol.CONTACTPERSOON.value))
        self.actief.setChecked(True)
        self.wachtwoord_hint.setText(f"Minstens {auth.MIN_PASSWORD_LENGTH} tekens.")

    def show_row(self, row: UserRow) -> str:
        self.gebruikersnaam.setText(row.gebruikersnaam)
        self.gebruikersnaam.setReadOnly(True)
        self.volledige_naam.setText(row.volledige_naam)
        self.email.setText(row.email)
        self.rol.setCurrentIndex(self.rol.findData(row.rol.value))
        self.actief.setChecked(row.actief)
        self.wachtwoord.clear()
        self.wachtwoord_hint.setText("Leeg laten om het wachtwoord te houden.")
        return f"Gebruiker {row.gebruikersnaam} wijzigen"

    def store(self) -> str:
        """Create or change the account through the service."""
        rol = Rol(self.rol.currentData())
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
        return f"De gebruiker {self.gebruikersnaam.text().strip()} is opgeslagen."


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
        replica = team.is_replica(ctx.db)
        self.register_tab: RegisterTab | None = None
        if may(ctx.actor, Recht.VERWIJDERREGISTER) and not replica:
            # a replica's local rows are not the record: the register lives where the data does
            self.register_tab = RegisterTab(ctx)
            self.tabs.addTab(self.register_tab, "Verwijderregister")
        self.toegangslog_tab: ToegangslogTab | None = None
        if may(ctx.actor, Recht.TOEGANGSLOG):
            self.toegangslog_tab = ToegangslogTab(ctx)
            self.tabs.addTab(self.toegangslog_tab, "Toegangslogboek")
        self.apparaten_tab: ApparatenTab | None = None
        if may(ctx.actor, Recht.APPARATEN) and (replica or ctx.db.dialect == "postgresql"):
            self.apparaten_tab = ApparatenTab(ctx)  # the team's laptops (the server's rows)
            self.tabs.addTab(self.apparaten_tab, "Apparaten")
        self.server_tab: TeamPanel | None = None
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
