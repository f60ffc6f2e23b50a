"""The light start (``ui.launch``) in a real process, as a user starts it: the sign-in window
paints before anything heavy is imported (also with ``--db FILE``), and while the heavy part is
still loading on its thread one can type, a wrong password is refused and the right one opens
the dashboard. No timings are asserted: only what was loaded when, and what the user sees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.ui.first_paint import HEAVY


def _env(tmp: Path) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp / "state"))


def _run(args: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(tmp),
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, made once by the program itself (its first start)."""
    folder = tmp_path_factory.mktemp("licht")
    made = _run(
        ["-m", "swv_desktop", "--demo", "--smoke-signin", "--data-dir", str(folder)], folder
    )
    assert made.returncode == 0, made.stderr
    path = folder / "demo" / "swv-desktop-demo.db"
    assert path.is_file()
    return path


def test_nothing_heavy_before_the_first_paint_also_with_db(demo_db: Path, tmp_path: Path) -> None:
    data_dir = str(demo_db.parent.parent)
    for args in (["--db", str(demo_db), "--demo"], ["--data-dir", data_dir, "--demo"]):
        result = _run(["-m", "swv_desktop", *args, "--smoke-signin"], tmp_path)
        assert result.returncode == 0, result.stderr
        assert "smoke-signin: al geladen: niets zwaars" in result.stdout, (args, result.stdout)
    assert {"sqlalchemy", "argon2", "reportlab", "babel", "openpyxl"} <= set(HEAVY)


DRIVER = r"""
import sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from swv_desktop.ui import launch
from swv_desktop.ui.first_paint import HEAVY
from swv_desktop.ui.signin import SignInDialog

release = threading.Event()
load = launch.PendingGate._load

def held_back(self):  # the heavy part loads only once the driver says so
    release.wait(120)
    load(self)

launch.PendingGate._load = held_back
stage = ["tonen"]
ticks = [0]

def step():
    ticks[0] += 1
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, SignInDialog) and w.isVisible()), None)
    if stage[0] == "tonen" and dialog is not None:
        print("zwaar bij tonen:", [m for m in HEAVY if m in sys.modules] or "niets", flush=True)
        dialog.username.setText("programmadirecteur")
        dialog.password.setText("fout-wachtwoord")
        dialog.sign_in_button.click()
        print("geladen bij klikken:", dialog.gate.loaded, flush=True)
        ticks[0] = 0
        stage[0] = "wachten"
    elif stage[0] == "wachten" and ticks[0] >= 5:  # the window kept running meanwhile
        print("venster liep door tijdens het laden", flush=True)
        release.set()
        stage[0] = "fout"
    elif stage[0] == "fout" and dialog is not None and dialog.message.isVisible() \
            and dialog.sign_in_button.isEnabled():
        print("melding:", dialog.message.text(), flush=True)
        print("wachtwoordveld leeg:", dialog.password.text() == "", flush=True)
        dialog.password.setText("demo-welkom-2021")
        dialog.sign_in_button.click()
        stage[0] = "goed"
    elif stage[0] == "goed":
        window = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "hoofdvenster" and w.isVisible()), None)
        if window is not None:
            stage[0] = "dashboard"
            def shown():
                print("dashboard getoond", flush=True)
                window.ask_on_close = False
                window.close()
            window.dashboard.data_shown.connect(shown)
    if stage[0] != "dashboard":
        QTimer.singleShot(20, step)

app = QApplication(sys.argv[:1])
QTimer.singleShot(20, step)
sys.exit(launch.run_gui(sys.argv[1:]))
"""


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_signs_in_while_the_heavy_part_is_still_loading(demo_db: Path, tmp_path: Path) -> None:
    result = _run(["-c", DRIVER, "--db", str(demo_db), "--demo"], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "zwaar bij tonen: niets" in lines, result.stdout
    assert "geladen bij klikken: False" in lines
    assert "venster liep door tijdens het laden" in lines
    assert f"melding: {FAILED_MESSAGE}" in lines  # a wrong password is still refused
    assert "wachtwoordveld leeg: True" in lines
    assert "dashboard getoond" in lines  # and the right one opens the dashboard
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    text = log.read_text(encoding="utf-8")
    assert text.count("aangemeld als programmadirecteur") == 1


EARLY_LOG = r"""
import logging
from swv_desktop.ui import launch
launch.hold_early_records()
logging.getLogger("swv_desktop").warning("voor het logbestand")
print(launch.setup_logging())
logging.getLogger("swv_desktop").warning("erna")
"""


def test_what_is_logged_before_the_log_file_opens_lands_in_it(tmp_path: Path) -> None:
    result = _run(["-c", EARLY_LOG], tmp_path)
    assert result.returncode == 0, result.stderr
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    assert result.stdout.strip() == str(log)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["voor het logbestand", "erna"]
    assert "voor het logbestand" not in result.stderr  # held, not printed by logging's last resort
