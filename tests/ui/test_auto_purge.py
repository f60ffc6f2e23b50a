"""The daily purge in the window: armed only once the dashboard has shown its figures (never on
the sign-in path), run off the GUI thread, its counts in the status bar; what it deleted is gone
from the database."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Leerling
from swv_desktop.models import Verwijdering
from swv_desktop.ui.app import arm_purge
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.main_window import MainWindow

from .fixtures import Seed


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_the_purge_starts_after_the_dashboard_and_reports_in_the_status_bar(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, db: Database
) -> None:
    db.clock.set_date(date(2030, 8, 1))  # type: ignore[attr-defined]  # the test's FakeClock
    assert _count(db, Leerling) > 0
    ctx = ctx_for("cp1")  # whoever signs in: the organisation's terms apply
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    purger = arm_purge(window, db, ctx.actor, first_delay_ms=0)
    assert not purger.started and not purger.running  # nothing on the way in
    with qtbot.waitSignal(window.dashboard.data_shown, timeout=10_000):
        window.show()
    assert purger.started
    shown_at = time.perf_counter()
    with qtbot.waitSignal(purger.finished, timeout=20_000):
        pass
    took = time.perf_counter() - shown_at
    assert purger.last is not None and not purger.last.niets
    assert _count(db, Leerling) == 0 and _count(db, Verwijdering) > 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Bewaartermijnen toegepast:") and "leerling(en) verwijderd" in message
    print(f"purge after the dashboard: {took:.2f} s (service {purger.last.seconden:.2f} s)")
    assert took < 10, f"purge took {took:.1f} s"
    purger.run()  # a second run the same day finds nothing
    qtbot.waitUntil(lambda: not purger.running, timeout=10_000)
    assert purger.last is not None and purger.last.niets
    purger.stop()
