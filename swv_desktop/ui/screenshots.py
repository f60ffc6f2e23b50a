"""Screenshots of the real windows on the demo database (``make screenshots``).

``python -m swv_desktop.ui.screenshots docs/screenshots [--db demo.db]`` builds the demo database in
a temporary folder (or reuses ``--db``), then saves PNGs of the sign-in, the first-run wizard, the
dashboard per role, every list page, Beheer, and every form registered in the opener registry
(or the read-only detail view of a list kind without one).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.toegang import Gate
from swv_desktop.ui import openers
from swv_desktop.ui.app import demo_clock_for
from swv_desktop.ui.appearance import apply_appearance
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.lists import LIST_CONFIGS
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import DEMO_PASSWORD, SignInDialog, demo_accounts

WINDOW_SIZE = (1366, 860)
ROLE_FOR_KIND = {
    "school": Rol.SECRETARIAAT,
    "bestuur": Rol.SECRETARIAAT,
    "gebruiker": Rol.BEHEERDER,
    "schooljaar": Rol.BEHEERDER,
    "instellingen": Rol.BEHEERDER,
}


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
                    save(window, out, f"{key}-{tabs.tabText(i).lower()}{suffix}")
                tabs.setCurrentIndex(0)
    return window


def _sample_id(kind: str, ctx: UiContext) -> int | None:
    registration = openers.registrations().get(kind)
    if registration is not None and registration.sample is not None:
        return registration.sample(ctx)
    if kind in queries.SPECS:
        rows = queries.fetch(ctx.db, kind, limit=1)
        return rows[0].id if rows else None
    return None


def shoot_forms(db: Database, out: Path, parent: QWidget) -> None:
    """Every registered form (with a sample record and empty), and detail views of the rest."""
    kinds = sorted(set(openers.registrations()) | set(openers.LIST_KINDS))
    for kind in kinds:
        ctx = context_for(db, ROLE_FOR_KIND.get(kind, Rol.PROGRAMMADIRECTEUR))
        variants: list[tuple[str, int | None]] = []
        record_id = _sample_id(kind, ctx)
        if record_id is not None:
            variants.append(("formulier" if openers.is_registered(kind) else "detail", record_id))
        if openers.is_registered(kind) and kind in LIST_CONFIGS and LIST_CONFIGS[kind].creators:
            variants.append(("nieuw", None))
        for prefix, rid in variants:
            try:
                widget = openers.build(kind, rid, parent, ctx)
            except Exception as exc:  # a half-finished form must not stop the others
                print(f"  {prefix}-{kind}: niet gemaakt ({exc})", file=sys.stderr)
                continue
            widget.adjustSize()
            widget.show()
            save(widget, out, f"{prefix}-{kind}")
            if isinstance(widget, QDialog):
                widget.reject()
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
        openers.load_dialogs()
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
            for rol, pages in ((Rol.CONTACTPERSOON, False), (Rol.SECRETARIAAT, False)):
                other = shoot_window(context_for(db, rol), out, f"-{rol.value}", pages=pages)
                other.close()
            beheer = shoot_window(context_for(db, Rol.BEHEERDER), out, "-beheerder", pages=True)
            beheer.close()
        finally:
            settle()
            gate.sign_out()
    return 0


if __name__ == "__main__":
    sys.exit(main())
