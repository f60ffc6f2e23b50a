"""swv-desktop as a separate OS process, as a user starts it: headless, with its own state
folder (the log lands there), output captured, never raising on a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from pathlib import Path


def headless_env(state: Path) -> dict[str, str]:
    """This environment, offscreen, with ``state`` as XDG_STATE_HOME."""
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(state))


def run_app(
    args: Sequence[str], env: Mapping[str, str], *, timeout: float = 300, code: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m swv_desktop ARGS`` (or ``python -c CODE ARGS``), waited for."""
    program = ["-c", code] if code else ["-m", "swv_desktop"]
    return subprocess.run(
        [sys.executable, *program, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(env),
        check=False,
    )
