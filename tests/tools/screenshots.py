"""Screenshots of the real windows on the demo database at 1366x768 (``make screenshots``).

``python tests/tools/screenshots.py docs/screenshots [--db demo.db]`` builds the demo database in
a temporary folder (or reuses ``--db``), then saves PNGs of the sign-in, the first-run wizard, the
dashboard and every page per role, and every form and dialog of ``tests/ui/catalogue.py``. A tool
beside the tests, not part of the product.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LAPTOP_SCREEN = Path(__file__).resolve().parents[1] / "laptop-screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={LAPTOP_SCREEN}"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the catalogue

from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QWidget
from ui.catalogue import dialog_shots

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services.toegang import Gate
from swv_desktop.ui.app import demo_clock_for
from swv_desktop.ui.appearance import apply_appearance
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import DEMO_PASSWORD
from swv_desktop.ui.signin import SignInDialog
from swv_desktop.ui.signin import demo_accounts
from swv_desktop.ui.widgets.screen_fit import fit_to_screen

WINDOW_SIZE = (1366, 768)


def settle(until: Callable[[], bool] = lambda: True, timeout: float = 20.0) -> None:
    """Process events until ``until()`` holds (and at least a few rounds)."""
    deadline = time.monotonic() + timeout
    rounds = 0
    while rounds < 5 or not until():
        QApplication.processEvents()
        time.sleep(0.01)
        rounds += 1
        if time.monotonic() > deadline:
            break


def save(widget: QWidget, out: Path, name: str) -> Path:
    """Grab ``widget`` into ``out/name.png``."""
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"  {path}")
    return path


def tab_name(text: str) -> str:
    """A tab's title as part of a file name: without its count, spaces as hyphens
    ("Binnenkort (3)" -> "binnenkort")."""
    return re.sub(r"\s*\(\d+\)$", "", text).strip().lower().replace(" ", "-")


def context_for(db: Database, rol: Rol) -> UiContext:
    """Sign in as the first demo account with ``rol``."""
    username = next(u for u, r, _n in demo_accounts() if r == rol.value)
    actor = auth.authenticate(db, username, DEMO_PASSWORD)
    return UiContext(db=db, actor=actor, clock=db.clock, demo=True)


def shoot_window(ctx: UiContext, out: Path, suffix: str, pages: bool) -> MainWindow:
    """The main window of ``ctx``'s role: dashboard and (optionally) every page."""
    window = MainWindow(ctx)
    window.resize(*WINDOW_SIZE)
    shown: list[bool] = []
    window.dashboard.data_shown.connect(lambda: shown.append(True))
    window.show()
    settle(lambda: bool(shown))
    save(window, out, f"overzicht{suffix}")
    if pages:
        for key in window.page_keys[1:]:
            window.show_page(key)
            settle()
            save(window, out, f"{key}{suffix}")
            tabs = getattr(window.pages[key], "tabs", None)
            if tabs is not None:
                for i in range(1, tabs.count()):
                    tabs.setCurrentIndex(i)
                    save(window, out, f"{key}-{tab_name(tabs.tabText(i))}{suffix}")
                tabs.setCurrentIndex(0)
    return window


def shoot_forms(db: Database, out: Path, parent: QWidget) -> None:
    """Every form and dialog of the catalogue, each as the role that works with it."""
    for shot in dialog_shots():
        ctx = context_for(db, shot.rol)
        try:
            widget = shot.build(ctx, parent)
        except LookupError as exc:  # the demo has nothing of this kind to show
            print(f"  {shot.name}: overgeslagen ({exc})")
            continue
        fit_to_screen(widget)  # as the opener does
        widget.show()
        save(widget, out, shot.name)
        if isinstance(widget, QDialog):
            widget.done(0)
        widget.close()
        widget.deleteLater()


def shoot_first_run(out: Path, folder: Path) -> None:
    """The first-run wizard on an empty database."""
    gate = Gate(folder / "leeg.db")
    db = gate.create()
    try:
        wizard = FirstRunWizard(db)
        wizard.show()
        save(wizard, out, "eerste-inrichting")
        wizard.close()
    finally:
        gate.discard_new()


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the demo database and save every screenshot into the output folder."""
    parser = argparse.ArgumentParser(description="Schermafdrukken op de demodatabase")
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--db", type=Path, default=None, help="bestaande demodatabase")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["swv-desktop-screenshots"])
    assert isinstance(app, QApplication)
    apply_appearance(app)
    with tempfile.TemporaryDirectory(prefix="swv-screens-") as tmp:
        folder = Path(tmp)
        path = args.db
        if path is None:
            from swv_desktop.demo.generator import generate_demo

            path = folder / "demo.db"
            print("Demodatabase maken…")
            generate_demo(path)
        gate = Gate(path)
        gate.sign_in("programmadirecteur", DEMO_PASSWORD)
        assert gate.db is not None
        db = gate.db
        demo_clock_for(db)
        print(f"Schermafdrukken in {out}:")
        try:
            signin = SignInDialog(gate, demo=True)
            signin.fill_demo("programmadirecteur")
            signin.show()
            save(signin, out, "aanmelden")
            signin.close()
            shoot_first_run(out, folder)
            pd = context_for(db, Rol.PROGRAMMADIRECTEUR)
            window = shoot_window(pd, out, "", pages=True)
            shoot_forms(db, out, window)
            window.close()
            for rol in (Rol.CONTACTPERSOON, Rol.SECRETARIAAT):  # every role's own screens
                other = shoot_window(context_for(db, rol), out, f"-{rol.value}", pages=True)
                other.close()
            beheer = shoot_window(context_for(db, Rol.BEHEERDER), out, "-beheerder", pages=True)
            beheer.close()
        finally:
            settle()
            gate.sign_out()
    return 0


if __name__ == "__main__":
    sys.exit(main())
