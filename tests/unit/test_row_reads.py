"""SQL rows are read by column name, never by position: a gate over the source of swv_desktop.

An AST walk finds a result of ``.execute(...)`` (or ``.exec_driver_sql(...)``) that is read by
position: a ``for`` or comprehension target tuple over the rows, ``a, b = ....one()``, a subscript
of a row (``....first()[0]``, ``row[0]`` where ``row`` came from such a result), ``dict(...)`` or
``*``-unpacking of rows, and ``.tuples()``. A chain through ``.mappings()`` or to a scalar
(``.scalars()``, ``.scalar_one()``, ...) is read by name or is one value, and passes. Migrations
are history and are left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "swv_desktop"

_EXECUTE = frozenset({"execute", "exec_driver_sql"})
# Result methods that keep rows as rows: after them the value is still a list/iterable of rows ...
_ROWS_THROUGH = frozenset({"all", "fetchall", "fetchmany", "unique", "yield_per", "freeze"})
# ... or one row.
_ONE_ROW = frozenset({"one", "first", "fetchone", "one_or_none"})
_TUPLES = frozenset({"tuples", "t", "_t", "_tuple"})
_KEEP_ROWS = frozenset({"list", "sorted", "reversed", "iter"})


def _kind(node: ast.expr, rows: set[str], row: set[str]) -> str | None:
    """'rows' for an iterable of positional rows, 'row' for one, None for anything else.

    ``rows`` also holds the functions of the module that return rows (``_q(conn, sql)``)."""
    if isinstance(node, ast.Name):
        return "rows" if node.id in rows else "row" if node.id in row else None
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
        return "row" if _kind(node.value, rows, row) == "rows" else None
    if isinstance(node, ast.IfExp):  # ``(None, None) if row is None else row``
        kinds = {_kind(node.body, rows, row), _kind(node.orelse, rows, row)}
        return "row" if "row" in kinds else "rows" if "rows" in kinds else None
    if isinstance(node, ast.BoolOp):  # ``row or (None, None)``
        kinds = {_kind(value, rows, row) for value in node.values}
        return "row" if "row" in kinds else "rows" if "rows" in kinds else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in rows:
        return "rows"  # a call of a function that returns rows
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        # ``list(rows)``, ``sorted(rows)``, ...: still the rows
        passes = node.func.id in _KEEP_ROWS and _kind(node.args[0], rows, row) == "rows"
        return "rows" if passes else None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    name, inner = node.func.attr, node.func.value
    if name in _EXECUTE:
        return "rows"
    if name in _ROWS_THROUGH:
        return "rows" if _kind(inner, rows, row) == "rows" else None
    if name in _ONE_ROW:
        return "row" if _kind(inner, rows, row) == "rows" else None
    return None


def _is_tuple_target(target: ast.expr) -> bool:
    return isinstance(target, (ast.Tuple, ast.List))


@dataclass
class _Scope:
    rows: set[str] = field(default_factory=set)
    row: set[str] = field(default_factory=set)


class _Finder(ast.NodeVisitor):
    """Collects ``(line, what)`` for every positional read of an execute result."""

    def __init__(self, returning_rows: set[str]) -> None:
        self.found: list[tuple[int, str]] = []
        self.returning_rows = returning_rows
        """Functions of the module that return rows (filled by a first walk)."""
        self.scopes: list[_Scope] = [_Scope(set(returning_rows))]
        self.functions: list[str] = []

    # --- names bound to rows or to one row, per function; a name keeps its kind when bound to
    # something else too (``row = None`` in an ``except``), the walk does not follow the flow
    def _bind(self, target: ast.expr, kind: str | None) -> None:
        scope = self.scopes[-1]
        if isinstance(target, ast.Name):
            if kind == "rows":
                scope.rows.add(target.id)
            elif kind == "row":
                scope.row.add(target.id)

    def _kind(self, node: ast.expr) -> str | None:
        return _kind(node, self.scopes[-1].rows, self.scopes[-1].row)

    def _flag(self, node: ast.AST, what: str) -> None:
        self.found.append((getattr(node, "lineno", 0), what))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        outer = self.scopes[-1] if len(self.scopes) > 1 else _Scope()  # a closure sees its rows
        self.scopes.append(_Scope(set(outer.rows) | self.returning_rows, set(outer.row)))
        self.functions.append(getattr(node, "name", ""))
        self.generic_visit(node)
        self.functions.pop()
        self.scopes.pop()

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None and self.functions and self._kind(node.value) == "rows":
            self.returning_rows.add(self.functions[-1])
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    # --- the positional reads
    def _loop(self, target: ast.expr, iterator: ast.expr) -> None:
        if (
            isinstance(iterator, ast.Call)
            and isinstance(iterator.func, ast.Name)
            and iterator.func.id == "enumerate"
            and iterator.args
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
        ):  # ``for i, row in enumerate(rows)``
            target, iterator = target.elts[1], iterator.args[0]
        kind = self._kind(iterator)
        if kind == "rows" and _is_tuple_target(target):
            self._flag(target, "for-target tuple over execute rows")
        elif kind == "row":
            self._flag(target, "iterating one row by position")
        self._bind(target, "row" if kind == "rows" else None)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._loop(node.target, node.iter)
        for stmt in [*node.body, *node.orelse]:
            self.visit(stmt)

    visit_AsyncFor = visit_For  # type: ignore[assignment]

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        self.scopes.append(_Scope(set(self.scopes[-1].rows), set(self.scopes[-1].row)))
        for gen in node.generators:
            self.visit(gen.iter)
            self._loop(gen.target, gen.iter)
            for cond in gen.ifs:
                self.visit(cond)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self.scopes.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        kind = self._kind(node.value)
        for target in node.targets:
            if kind == "row" and _is_tuple_target(target):
                self._flag(target, "tuple assignment from one row")
            self._bind(target, kind)
            if not isinstance(target, ast.Name):
                self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self._bind(node.target, self._kind(node.value))

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target, self._kind(node.value))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        by_name = isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
        if self._kind(node.value) == "row" and not by_name:
            self._flag(node, "row read by index")
        self.generic_visit(node)

    def visit_Starred(self, node: ast.Starred) -> None:
        if self._kind(node.value) in ("row", "rows"):
            self._flag(node, "*-unpacking of an execute result")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _TUPLES and self._kind(node.value) in ("row", "rows"):
            self._flag(node, f".{node.attr} on an execute result")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("dict", "zip", "tuple", "list") and node.args:
            first = node.args[0]
            if func.id == "dict" and self._kind(first) == "rows":
                self._flag(node, "dict() of execute rows")
            elif func.id != "dict" and self._kind(first) == "row":
                self._flag(node, f"{func.id}() of one row")
        self.generic_visit(node)


def positional_reads(source: str) -> list[tuple[int, str]]:
    """Every place in ``source`` that reads an SQL result row by position."""
    tree = ast.parse(source)
    returning_rows: set[str] = set()
    _Finder(returning_rows).visit(tree)  # which functions return rows
    finder = _Finder(returning_rows)
    finder.visit(tree)
    return sorted(finder.found)


def _package_files() -> list[Path]:
    migrations = PACKAGE / "migrations"
    return sorted(p for p in PACKAGE.rglob("*.py") if migrations not in p.parents)


def test_package_reads_rows_by_name():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _package_files()
        for line, what in positional_reads(path.read_text(encoding="utf-8"))
    ]
    assert not found, "SQL rows read by position:\n" + "\n".join(found)


POSITIONAL = {
    "for a, b in session.execute(select(X.a, X.b)):\n    pass": 1,
    "d = {k: v for k, v in session.execute(q)}": 1,
    "for s, n, *rest in session.execute(q).all():\n    pass": 1,
    "rows = session.execute(q).all()\nfor a, b in rows:\n    pass": 1,
    "rows = session.execute(q).all()\nx = [n for _k, n in sorted(rows)]": 1,
    "for i, (a, b) in enumerate(conn.execute(q)):\n    pass": 1,
    "a, b = session.execute(q).one()": 1,
    "n = session.execute(q).first()[0]": 1,
    "row = conn.exec_driver_sql(sql).first()\nv = row[0] if row else None": 1,
    "v = conn.execute('PRAGMA user_version').fetchone()[0]": 1,
    "x = [r[0] for r in conn.execute('PRAGMA quick_check').fetchall()]": 1,
    "row = session.execute(q).first()\na, b = (None, None) if row is None else row": 1,
    "def f():\n    row = session.execute(q).first()\n    return Basis(*row)": 1,
    "versions = dict(session.execute(q).all())": 1,
    "pairs = session.execute(q).tuples().all()": 1,
    "rows = session.execute(q).all()\nx = rows[0][1]": 1,
    "x = [tuple(r) for r in conn.execute(text(sql))]": 1,
    "try:\n    row = c.execute(q).fetchone()\nexcept E:\n    row = None\nv = row[0]": 1,
    "def f():\n    rows = s.execute(q).all()\n    def g():\n        return [a for a, _b in rows]": 1,
    "def q(c, sql):\n    return list(c.execute(text(sql)))\nfor a, b in q(c, 'x'):\n    pass": 1,
}

BY_NAME = [
    "for row in session.execute(select(X.a, X.b)):\n    use(row.a, row.b)",
    "d = {row.k: row.v for row in session.execute(q)}",
    "for m in session.execute(q).mappings():\n    use(m['a'])",
    "a, b = session.execute(q).mappings().one()['a'], 2",
    "for k, v in session.execute(q).mappings().one().items():\n    pass",
    "row = session.execute(q).first()\nn = row.volgnr if row else 0\nm = row._mapping['x']",
    "n = session.execute(q).scalar_one()\nids = [i for i in session.scalars(q)]",
    "for i, row in enumerate(session.execute(q)):\n    use(i, row.a)",
    "for a, b in zip(names, values):\n    pass",
    "rows = [r['name'] for r in named_rows(conn, sql)]",
    "x = {k: v for k, v in found.items()}\nfirst, second = pair",
]


def test_gate_catches_positional_reads():
    for source, count in POSITIONAL.items():
        assert len(positional_reads(source)) == count, source


def test_gate_passes_reads_by_name():
    for source in BY_NAME:
        assert positional_reads(source) == [], source
