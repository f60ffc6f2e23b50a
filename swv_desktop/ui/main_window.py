"""The main window: side navigation, one page per task, status bar with user, role and database.

Pages are built when first shown (start-up only builds the Overzicht). Ctrl+F focuses the search
of the current list, Ctrl+N opens "nieuw" on it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtGui import QCloseEvent
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QMainWindow
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services import instellingen
from swv_desktop.services import toegangslog
from swv_desktop.sync import status as team
from swv_desktop.ui.beheer import BeheerPage
from swv_desktop.ui.beschikkingen_page import BeschikkingenPage
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dashboard import Dashboard
from swv_desktop.ui.dialogs.about_dialog import AboutDialog
from swv_desktop.ui.dialogs.opening import show_modal
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.navigation import PAGE_TITLES
from swv_desktop.ui.navigation import pages_for
from swv_desktop.ui.reports_page import ReportsPage
from swv_desktop.ui.scholen_page import ScholenPage
from swv_desktop.ui.voortgang_page import VoortgangPage
from swv_desktop.ui.vso_page import VsoPage
from swv_desktop.ui.widgets.controls import push_button

APP_TITLE = "Maatwerkbudget"


class MainWindow(QMainWindow):
    """The bureau's window for the signed-in user."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.restart_requested = False
        self.leave: str | None = None
        """Why the window closed: ``"afmelden"`` or ``"wisselen"`` (of user), else ``None``."""
        self.ask_on_close = True
        org = instellingen.get_settings(ctx.db).naam
        # Qt adds the application's display name ("Maatwerkbudget") after every window title
        title = org or APP_TITLE
        if ctx.demo:
            title = f"DEMO – {title}"
        self.setWindowTitle(title)
        self.setObjectName("hoofdvenster")
        self.setMinimumSize(QSize(960, 600))  # opened by screen_fit.open_main_window

        self.page_keys = pages_for(ctx.actor.rol)
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigatie")
        self.nav.setFixedWidth(200)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # the titles fit: no scroll bar, also not when the focus border takes a few pixels
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        for key in self.page_keys:
            item = QListWidgetItem(PAGE_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, 40))  # the height; the width is the list's
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)

        self._build_status_bar()
        self._build_actions()
        self.nav.setCurrentRow(0)  # builds the Overzicht, which starts loading its figures
        self.dashboard = self.pages["overzicht"]

    # --- pages ---------------------------------------------------------------------------------

    def _factories(self) -> dict[str, Callable[[], QWidget]]:
        ctx = self.ctx

        def dashboard() -> QWidget:
            bestuur = Dashboard(ctx)
            bestuur.open_list.connect(self.show_list)
            return bestuur

        def beheer() -> QWidget:
            page = BeheerPage(ctx)
            page.restored.connect(self.sign_in_again)
            return page

        return {
            "overzicht": dashboard,
            "leerlingen": lambda: ListScreen(ctx, LIST_CONFIGS["leerling"]),
            "aanvragen": lambda: ListScreen(ctx, LIST_CONFIGS["aanvraag"]),
            "voortgang": lambda: VoortgangPage(ctx),
            "beschikkingen": lambda: BeschikkingenPage(ctx),
            "rapportages": lambda: ReportsPage(ctx),
            "scholen": lambda: ScholenPage(ctx),
            "vso": lambda: VsoPage(ctx),
            "beheer": beheer,
        }

    def page(self, key: str) -> Any:
        """The page ``key``, built on first use (only pages the role is offered)."""
        if key not in self.page_keys:
            raise KeyError(f"pagina {key!r} is niet beschikbaar voor deze rol")
        if key not in self.pages:
            widget = self._factories()[key]()
            widget.setObjectName(f"pagina_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def show_page(self, key: str) -> Any:
        """Switch to page ``key``; returns it."""
        self.nav.setCurrentRow(self.page_keys.index(key))
        return self.pages[key]

    def go_to(self, key: str) -> None:
        """Ctrl+1, Ctrl+2 ...: show the page and put the focus in it (its search field)."""
        page = self.show_page(key)
        screen = self.current_list()
        if screen is not None:
            screen.focus_search()
        else:
            page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_key(self) -> str:
        return self.page_keys[self.nav.currentRow()]

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = self.page_keys[row]
        built = key in self.pages
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if key == "overzicht" and built:
            widget.reload()  # figures may have changed on another page

    def show_list(self, key: str, choices: dict[str, Any]) -> None:
        """Open list page ``key`` with filter choices set (from the dashboard)."""
        if key not in self.page_keys:
            return
        screen = self.show_page(key)
        if isinstance(screen, ListScreen):
            for name, value in choices.items():
                if name in screen.combos and value is not None:
                    screen.set_choice(name, value)

    def current_list(self) -> ListScreen | None:
        """The list screen on the current page, if it is one."""
        widget = self.stack.currentWidget()
        if isinstance(widget, ListScreen):
            return widget
        current = getattr(widget, "current_list", None)
        return current() if callable(current) else None

    # --- chrome --------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        actor = self.ctx.actor
        user = QLabel(f"Aangemeld: {actor.naam} ({actor.rol.label})")
        user.setObjectName("status_gebruiker")
        where = QLabel(f"Database: {self.ctx.db.location}")
        where.setObjectName("status_database")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = self.statusBar()
        bar.addWidget(user)
        if self.ctx.demo:
            demo = QLabel("DEMO – fictieve gegevens")
            demo.setObjectName("status_demo")
            bar.addWidget(demo)
        bar.addPermanentWidget(where)
        if team.is_replica(self.ctx.db):
            self.team_status = QLabel()
            self.team_status.setObjectName("status_team")
            bar.addWidget(self.team_status)
            details = push_button("Team…", "status_team_knop", self.show_team)
            details.setFlat(True)
            details.setToolTip("De server, wat wacht en wat niet is verwerkt")
            bar.addWidget(details)
            self.refresh_team_status()
            timer = QTimer(self)  # also changes made here, between two rounds
            timer.timeout.connect(self.refresh_team_status)
            timer.start(5000)
            sync = self.ctx.team
            if sync is not None:
                sync.status_changed.connect(self.refresh_team_status)
                sync.pulled.connect(self.after_pull)
                sync.start()

    def refresh_team_status(self) -> None:
        """The team line: online or offline, waiting changes, refused ones, the last
        synchronisation."""
        if self.ctx.db.locked:  # the idle lock, or the team was left: no file to read
            return
        sync = self.ctx.team
        online = None if sync is None else sync.laptop.online
        line = team.team_status(self.ctx.db, online).line()
        if sync is not None and sync.laptop.untrusted is not None:  # sync.trust: refused
            line = f"Let op: de server laat een ander certificaat zien (zie Team…) · {line}"
        self.team_status.setText(line)
        self.team_status.setToolTip(line)

    def after_pull(self) -> None:
        """A colleague's changes arrived: the open page shows them."""
        self.reload_current()

    def show_team(self) -> None:
        """The Team dialog: the server and the "Niet verwerkt" list."""
        from swv_desktop.ui.team_panel import TeamDialog

        show_modal(TeamDialog(self.ctx, self))

    def _build_actions(self) -> None:
        find = QAction("Zoeken", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        new = QAction("Nieuw", self)
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(self.create_new)
        quit_action = QAction("Afsluiten", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        about = QAction("Over dit programma", self)
        about.triggered.connect(self._about)
        sign_out = QAction("Afmelden", self)
        sign_out.setObjectName("afmelden")
        sign_out.triggered.connect(lambda: self.leave_session("afmelden"))
        switch = QAction("Wisselen van gebruiker…", self)
        switch.setObjectName("wisselen")
        switch.triggered.connect(lambda: self.leave_session("wisselen"))
        file_menu = self.menuBar().addMenu("&Bestand")
        file_menu.addAction(new)
        file_menu.addSeparator()
        file_menu.addAction(switch)
        file_menu.addAction(sign_out)
        file_menu.addAction(quit_action)
        self.file_menu, self.sign_out_action, self.switch_action = file_menu, sign_out, switch
        edit_menu = self.menuBar().addMenu("B&ewerken")
        edit_menu.addAction(find)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(about)
        self.find_action, self.new_action = find, new
        go_menu = self.menuBar().addMenu("&Ga naar")
        self.page_actions: list[QAction] = []
        for number, key in enumerate(self.page_keys[:9], start=1):
            action = QAction(PAGE_TITLES[key], self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, k=key: self.go_to(k))
            go_menu.addAction(action)
            self.page_actions.append(action)

    def focus_search(self) -> None:
        """Ctrl+F."""
        screen = self.current_list()
        if screen is not None:
            screen.focus_search()

    def create_new(self) -> None:
        """Ctrl+N."""
        screen = self.current_list()
        if screen is not None:
            screen.create_new()

    def _about(self) -> QWidget:
        return show_modal(AboutDialog(self.ctx, self))

    def sign_in_again(self) -> None:
        """After a restore: close this window; the application asks to sign in again (the
        restored database may hold other accounts and data)."""
        self.restart_requested = True
        QMessageBox.information(
            self,
            "Opnieuw aanmelden",
            "De reservekopie is teruggezet. Meld u opnieuw aan om met de teruggezette gegevens "
            "verder te werken.",
        )
        self.close()

    def reload_current(self) -> None:
        """Show the current page's data again (after unlocking: a load may have been refused)."""
        widget = self.stack.currentWidget()
        screen = self.current_list()
        if screen is not None:
            screen.refresh()
        elif callable(getattr(widget, "reload", None)):
            widget.reload()

    def leave_session(self, how: str, *, ask: bool = True) -> bool:
        """Close the window to sign out (``"afmelden"``) or let another user sign in
        (``"wisselen"``); unsaved changes are asked about first unless ``ask`` is False (signing
        out from the lock screen). False when the user chose to stay."""
        self.leave, self.ask_on_close = how, ask
        closed = self.close()
        if not closed:
            self.leave, self.ask_on_close = None, True
        return closed

    def unsaved_editors(self) -> list[QWidget]:
        """Page parts with changes not yet saved (they have ``has_unsaved_changes()`` and
        ``save_changes()``, like Beheer's Instellingen)."""
        return [
            widget
            for page in self.pages.values()
            for widget in [page, *page.findChildren(QWidget)]
            if callable(getattr(widget, "has_unsaved_changes", None))
            and widget.has_unsaved_changes()
        ]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing (Ctrl+Q, the window's cross) asks first about unsaved changes on a page."""
        from swv_desktop.ui.dialogs import form_base
        from swv_desktop.ui.worker import wait_for_all

        for editor in self.unsaved_editors() if self.ask_on_close else []:
            self._show_editor(editor)
            choice = form_base.ask_unsaved_changes(self)
            if choice == "cancel" or (choice == "save" and not editor.save_changes()):
                event.ignore()
                return
        if self.ctx.team is not None:
            self.ctx.team.stop()
        wait_for_all(10_000)
        with contextlib.suppress(KnownError):  # a locked or unreachable database logs nothing
            toegangslog.afmelding(self.ctx.db, self.ctx.actor)
        super().closeEvent(event)

    def _show_editor(self, editor: QWidget) -> None:
        """Bring the page (and tab) holding ``editor`` to the front."""
        for key, page in self.pages.items():
            if page is editor or page.isAncestorOf(editor):
                self.show_page(key)
        widget: QWidget | None = editor
        while widget is not None:
            parent = widget.parentWidget()
            stack = parent.parentWidget() if parent is not None else None
            if isinstance(stack, QTabWidget) and stack.indexOf(widget) >= 0:
                stack.setCurrentWidget(widget)
            widget = parent
