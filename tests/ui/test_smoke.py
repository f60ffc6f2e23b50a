"""``swv-desktop --demo --smoke`` builds the demo database on first use, shows the dashboard
with its data, prints how long that took and exits 0 (a separate process, as a user starts it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from app_process import headless_env
from app_process import run_app


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run_app(args, headless_env(tmp_path / "state"))


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_demo_smoke_exits_zero(tmp_path: Path) -> None:
    result = run(["--demo", "--smoke", "--data-dir", str(tmp_path)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"smoke: dashboard getoond in \d+\.\d\d s", result.stdout)
    assert (tmp_path / "demo" / "swv-desktop-demo.db").is_file()
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    assert "aangemeld als programmadirecteur" in log.read_text(encoding="utf-8")


def test_damaged_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    damaged = tmp_path / "kapot.db"
    damaged.write_bytes(b"dit is geen database" * 10)
    result = run(["--db", str(damaged), "--demo", "--smoke"], tmp_path)
    assert result.returncode == 1
    assert damaged.read_bytes() == b"dit is geen database" * 10


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_smoke_signin_paints_the_signin_window_and_signs_nobody_in(tmp_path: Path) -> None:
    result = run(["--demo", "--smoke-signin", "--data-dir", str(tmp_path)], tmp_path)
    assert result.returncode == 0, result.stderr
    match = re.search(r"smoke-signin: aanmeldvenster getekend in (\d+\.\d{3}) s", result.stdout)
    assert match and 0 < float(match.group(1)) < 120
    # the demo existed by then: the second start is the light one (nothing heavy before the paint)
    again = run(["--demo", "--smoke-signin", "--data-dir", str(tmp_path)], tmp_path)
    assert again.returncode == 0, again.stderr
    assert "smoke-signin: al geladen: niets zwaars" in again.stdout
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    assert "aangemeld als" not in log.read_text(encoding="utf-8")


def test_smoke_signin_needs_the_demo_database(tmp_path: Path) -> None:
    result = run(["--db", str(tmp_path / "nieuw.db"), "--smoke-signin"], tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "nieuw.db").exists()


SIGN_IN_DRIVER = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from swv_desktop.ui import launch
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import SignInDialog

clicked = []

def watching(show):
    def shown(window):
        def painted():
            print(f"dashboard {time.perf_counter() - clicked[0]:.3f} s na Aanmelden", flush=True)
            window.close()
        window.dashboard.data_shown.connect(painted)
        show(window)
    return shown

# opened maximised on a small screen, else at a comfortable size (``screen_fit``)
MainWindow.show = watching(MainWindow.show)
MainWindow.showMaximized = watching(MainWindow.showMaximized)

def type_in():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SignInDialog) and widget.isVisible() and not clicked:
            widget.username.setText("programmadirecteur")
            widget.password.setText("demo-welkom-2021")
            clicked.append(time.perf_counter())
            widget.sign_in_button.click()
    if not clicked:
        QTimer.singleShot(20, type_in)

app = QApplication(sys.argv[:1])  # the timer needs it; the start takes this one
QTimer.singleShot(20, type_in)
sys.exit(launch.run_gui(sys.argv[1:]))
"""


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_the_light_start_signs_in_and_shows_the_dashboard(tmp_path: Path) -> None:
    made = run(["--demo", "--smoke-signin", "--data-dir", str(tmp_path)], tmp_path)
    assert made.returncode == 0, made.stderr
    env = headless_env(tmp_path / "state")
    args = ["--demo", "--data-dir", str(tmp_path)]
    result = run_app(args, env, timeout=120, code=SIGN_IN_DRIVER)
    assert result.returncode == 0, result.stderr
    assert re.search(r"dashboard \d+\.\d{3} s na Aanmelden", result.stdout), result.stdout
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    assert "aangemeld als programmadirecteur" in log.read_text(encoding="utf-8")
