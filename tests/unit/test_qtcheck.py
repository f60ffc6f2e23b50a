"""The check before the window opens on Linux: no display is said in Dutch (no Qt abort), and
missing xcb libraries become one apt-get line. Real processes, the real ldd on the real plugin."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from swv_desktop import qtcheck

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

LDD_SAMPLE = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
\tlibfoo-unknown.so.7 => not found
"""


def _env_without_display(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(extra)
    return env


def test_ldd_output_becomes_one_apt_line_of_debian_packages() -> None:
    missing = qtcheck.missing_sonames(LDD_SAMPLE)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libfoo-unknown.so.7"]
    assert qtcheck.packages_for(missing) == (
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libfoo-unknown.so.7",
    )


def test_no_display_is_said_in_dutch_and_other_platforms_are_left_to_qt() -> None:
    problem = qtcheck.display_problem({})
    assert problem is not None and problem.packages == ()
    assert "Geen beeldscherm gevonden" in problem.message
    assert qtcheck.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert qtcheck.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert qtcheck.local_x_server_answers("localhost:10.0")  # ssh -X: left to Qt
    assert not qtcheck.local_x_server_answers(":97")


def test_window_without_display_exits_2_with_the_dutch_message_instead_of_aborting() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "swv_desktop", "--demo"],
        capture_output=True,
        text=True,
        env=_env_without_display(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Geen beeldscherm gevonden" in result.stderr
    assert "Aborted" not in result.stderr and "qt.qpa" not in result.stderr


def test_missing_libraries_match_what_the_dynamic_linker_reports_for_the_plugin() -> None:
    plugin = qtcheck.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    not_found = {line.split()[0] for line in ldd.splitlines() if "=> not found" in line}
    result = subprocess.run(
        [sys.executable, "-m", "swv_desktop.qtcheck"],  # no --install: never changes the system
        capture_output=True,
        text=True,
        env=_env_without_display(DISPLAY=":98"),
        timeout=60,
        check=False,
    )
    if not_found:
        assert result.returncode == 1
        line = result.stderr.strip().splitlines()[-1].strip()
        assert line == "sudo apt-get install " + " ".join(
            qtcheck.packages_for(sorted(not_found, key=ldd.index))
        )
    else:  # nothing missing, and no X server listens on :98
        assert result.returncode == 2
        assert "er luistert geen X-server op DISPLAY=:98" in result.stderr
