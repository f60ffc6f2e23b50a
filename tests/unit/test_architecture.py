"""The Qt-free core: the import-linter contract in pyproject.toml holds, and a batch command
really runs without importing Qt, and every import of our own modules names what is there."""

from __future__ import annotations

import ast
import importlib
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


def _is_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _names_conftest(module: str) -> bool:
    return module == "conftest" or module.endswith(".conftest")


def runtime_conftest_imports(source: str) -> list[int]:
    """The lines of ``source`` that import from a conftest when the module runs (pytest may load a
    conftest under another module name: a second copy, with classes of their own). An import in
    the body of ``if TYPE_CHECKING:`` is for the type checker only and does not count."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module or ''}.{a.name}" for a in node.names]
            if _names_conftest(names[0]) or (not node.module and any(map(_names_conftest, names))):
                found.append(node.lineno)
        elif isinstance(node, ast.Import) and any(_names_conftest(a.name) for a in node.names):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def test_no_test_imports_a_conftest_at_runtime():
    """Shared test classes and helpers live in plain modules (``tests/ui/messages.py``,
    ``tests/sync/harness.py``, ...); a conftest only holds fixtures."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line in runtime_conftest_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_conftest_gate_on_snippets():
    flagged = {
        "from .conftest import MessageLog\n": [1],
        "from conftest import World\n": [1],
        "from tests.sync.conftest import Team\n": [1],
        "from . import conftest\n": [1],
        "import conftest\n": [1],
        "def f():\n    from .conftest import PASSWORD\n": [2],
        "if TYPE_CHECKING:\n    pass\nelse:\n    from conftest import World\n": [4],
        "if sys.version_info > (3,):\n    from conftest import World\n": [2],
    }
    for source, lines in flagged.items():
        assert runtime_conftest_imports(source) == lines, source
    allowed = [
        "if TYPE_CHECKING:\n    from conftest import World\n",
        "if typing.TYPE_CHECKING:\n    from .conftest import Team\n",
        "from .messages import MessageLog\n",
        "from myconftest import x\nfrom conftest_helpers import y\n",
        "import conftest_helpers\n",
    ]
    for source in allowed:
        assert runtime_conftest_imports(source) == [], source


def own_imports(source: str) -> list[tuple[int, str, str]]:
    """Every ``from swv_desktop... import name`` in ``source``, wherever it stands (at the top,
    in a function, under ``if TYPE_CHECKING:``): (line, module, name)."""
    return [
        (node.lineno, node.module, alias.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module is not None
        and (node.module == "swv_desktop" or node.module.startswith("swv_desktop."))
        for alias in node.names
    ]


def unresolved(module: str, name: str) -> bool:
    """True when ``from module import name`` would fail: ``module`` has no such attribute and
    no such submodule."""
    found = importlib.import_module(module)
    if hasattr(found, name):
        return False
    try:
        importlib.import_module(f"{module}.{name}")
    except ModuleNotFoundError:
        return True
    return False


def test_every_import_of_our_modules_names_what_is_there():
    """mypy checks the core's imports; this checks every file's, also the ones that run only in
    a function or only in ``make bench`` (bench, scripts, deploy, the ui and the tests): a name
    that moved to another module is found here, not by a user."""
    roots = ["swv_desktop", "tests", "bench", "scripts", "deploy"]
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: from {module} import {name}"
        for root in roots
        for path in sorted((ROOT / root).rglob("*.py"))
        for line, module, name in own_imports(path.read_text(encoding="utf-8"))
        if unresolved(module, name)
    ]
    assert offenders == []


def test_the_import_gate_on_snippets():
    source = (
        "from swv_desktop.schema import SCHEMA_HEAD\n"
        "def f():\n"
        "    from swv_desktop.db import open_database\n"
        "    from swv_desktop import reports\n"
        "from .local import thing\n"
        "from swv_desktopx import y\n"
    )
    assert own_imports(source) == [
        (1, "swv_desktop.schema", "SCHEMA_HEAD"),
        (3, "swv_desktop.db", "open_database"),
        (4, "swv_desktop", "reports"),
    ]
    assert not unresolved("swv_desktop.schema", "SCHEMA_HEAD")
    assert not unresolved("swv_desktop", "reports")  # a subpackage, not yet imported
    assert unresolved("swv_desktop.db", "open_database")  # moved to swv_desktop.opening
    assert unresolved("swv_desktop.services.instellingen", "list_schooljaren")
