"""A guard against a reference-count bug of PySide6 6.12 on CPython 3.11.

When C++ calls a Python override that returns ``None`` (every ``paintEvent``, ``keyPressEvent``
... and ``data()``/``headerData()`` for a role without data), PySide6 6.12.0 drops one reference
to ``None`` too many. On CPython 3.12+ ``None`` is immortal and nothing happens; on 3.11 its count
(about 5,000 at start) runs out after a few minutes of painting and the interpreter aborts with
"none_dealloc: deallocating None". Measured here: 200 repaints of a widget cost 200 references.

``immortalize_singletons()`` does on 3.11 what 3.12 does by design: it gives ``None``, ``True``
and ``False`` a reference count so large that it cannot reach zero. It changes nothing else and
is a no-op on 3.12+ or another interpreter.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def immortalize_singletons() -> None:
    """Make ``None``, ``True`` and ``False`` practically immortal on CPython before 3.12."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: the first field of PyObject
        if count.value < _HEADROOM:
            count.value += _HEADROOM
