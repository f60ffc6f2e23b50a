"""The PyInstaller one-folder build (``make bundle``, packaging/swv-desktop.spec) started as a
user would: the window with ``--demo --smoke``, then ``demo``, ``check`` and ``letters`` from the
bundle, with enough letters that they render in worker processes (``freeze_support`` in a frozen
build). Marked slow; ``make test`` builds the bundle first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from swv_desktop.reports.batch import PARALLEL_FROM

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("SWV_BUNDLE", ROOT / "dist" / "swv-desktop"))
EXE = BUNDLE / ("swv-desktop.exe" if sys.platform == "win32" else "swv-desktop")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not EXE.exists(), reason=f"no bundle at {BUNDLE}: run make bundle"),
]


def run_bundle(*args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SWV_PASSWORD"] = "demo-welkom-2021"  # the demo accounts' password opens the encrypted file
    return subprocess.run(
        [str(EXE), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=BUNDLE.parent,  # not the source tree: nothing may come from there
        timeout=timeout,
        check=False,
    )


def test_bundle_opens_the_window_and_runs_check_and_letters(tmp_path: Path) -> None:
    smoke = run_bundle("--data-dir", tmp_path / "data", "--demo", "--smoke")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke: dashboard getoond in" in smoke.stdout
    assert (tmp_path / "data" / "demo" / "swv-desktop-demo.db").exists()

    db = tmp_path / "groter.db"
    demo = run_bundle("demo", "--db", db, "--pupils", "200")  # migrations from the bundle
    assert demo.returncode == 0, demo.stdout + demo.stderr

    check = run_bundle("check", "--db", db, "--user", "programmadirecteur")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Geen bevindingen: de database is in orde." in check.stdout

    out = tmp_path / "brieven"
    letters = run_bundle(
        "letters", "--db", db, "--user", "programmadirecteur", "--year", "2021-2022", "--out", out
    )
    assert letters.returncode == 0, letters.stdout + letters.stderr
    assert "Parallel renderen lukt niet" not in letters.stderr  # the workers started, frozen
    singles = sorted(out.glob("MWB-2021-*.pdf"))
    assert len(singles) >= PARALLEL_FROM
    text = "".join(page.extract_text() for page in PdfReader(singles[-1]).pages)
    assert f"kenmerk {singles[-1].stem}" in text
    assert "€ " in text  # the embedded DejaVu fonts came along as data


def test_installer_script_starts_what_the_spec_builds_and_leaves_user_data_alone() -> None:
    """packaging/swv-desktop.iss (Inno Setup, Windows only) checked against the Linux bundle of
    the same spec: its start-menu entry opens the windowed executable, its uninstaller deletes
    nothing outside the program folder."""
    iss = (ROOT / "packaging" / "swv-desktop.iss").read_text(encoding="utf-8")
    assert 'Source: "..\\dist\\swv-desktop\\*"' in iss
    icons = [line for line in iss.splitlines() if line.startswith('Name: "{autoprograms}')]
    assert len(icons) == 1 and 'Filename: "{app}\\swv-desktop-gui.exe"' in icons[0]
    assert (BUNDLE / "swv-desktop-gui").exists() or (BUNDLE / "swv-desktop-gui.exe").exists()
    deletes = iss.split("[UninstallDelete]", 1)[1].strip().splitlines()
    assert deletes and all('Name: "{app}\\' in line for line in deletes)
    assert "PrivilegesRequiredOverridesAllowed=dialog commandline" in iss  # per user or machine
    assert (ROOT / "packaging" / "swv-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
