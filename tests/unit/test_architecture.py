"""The Qt-free core: the import-linter contract in pyproject.toml holds, and a batch command
really runs without importing Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_batch_commands_import_no_qt():
    code = (
        "import sys; from swv_desktop import cli; "
        "import swv_desktop.services.aanvragen, swv_desktop.services.besluiten, swv_desktop.db; "
        "cli.build_parser(); print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
