"""The log formatter that never writes personal data: the one formatter of the log file.

A log line keeps its fixed text (the format string written in the code) but leaves out the
values filled into it: a ``%s`` argument that is text (a field's content, a pupil's name, a
``KnownError`` message, SQL parameters logged by a library) becomes ``«…»``. Numbers, booleans,
paths and values wrapped in ``safe(...)`` (a class name, a role, a count chosen by the code) are
written as they are. Tracebacks keep their frames (file, line, function and the source line, all
code) and the exception's type; the exception's own text is left out, except for the kinds whose
text describes code rather than data (``AttributeError``, ``TypeError`` ...).
"""

from __future__ import annotations

import logging
import traceback
from enum import Enum
from pathlib import PurePath
from types import TracebackType
from typing import Any

HIDDEN = "«…»"
CODE_MESSAGES: tuple[type[BaseException], ...] = (
    AttributeError,
    ImportError,
    NameError,
    NotImplementedError,
    RecursionError,
    TypeError,
)
"""Exceptions whose text names code (attributes, modules, signatures), not data."""

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class Safe(str):
    """Text the code vouches for: written to the log as it is (never a user's input)."""


def safe(value: object) -> Safe:
    """Mark ``value`` as free of personal data (a type name, a role, a file name chosen by code)."""
    return Safe(str(value))


def _shown(value: object) -> object:
    if isinstance(value, Safe | bool | int | float | PurePath) or value is None:
        return value
    if isinstance(value, Enum):
        return value.name
    return HIDDEN


def _exception_line(exc: BaseException) -> str:
    name = type(exc).__qualname__
    module = type(exc).__module__
    if module not in ("builtins", "__main__"):
        name = f"{module}.{name}"
    if isinstance(exc, CODE_MESSAGES):
        return f"{name}: {exc}"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{name}: [errno {exc.errno}] {exc.strerror} (tekst weggelaten)"
    return f"{name} (tekst weggelaten)"


def format_exception_safely(exc: BaseException) -> str:
    """The traceback of ``exc`` and the exceptions it was raised from, without their texts."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    chain: list[tuple[BaseException, str]] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            chain.append((current, "\nDe bovenstaande fout was de directe oorzaak van:\n\n"))
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            chain.append((current, "\nTijdens het afhandelen van de bovenstaande fout:\n\n"))
            current = current.__context__
        else:
            chain.append((current, ""))
            current = None
    for item, joint in reversed(chain):
        frames = traceback.extract_tb(item.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(_exception_line(item) + "\n")
        if joint:
            parts.append(joint)
    return "".join(parts).rstrip("\n")


class PrivacyFormatter(logging.Formatter):
    """``logging.Formatter`` that leaves out values (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # other handlers see the original
        args: Any = record.args
        if isinstance(args, dict):
            record.args = {k: _shown(v) for k, v in args.items()}
        elif args:
            record.args = tuple(_shown(v) for v in args)
        if not isinstance(record.msg, str):
            record.msg = _shown(record.msg)
        try:
            record.getMessage()
        except (TypeError, ValueError):  # a hidden value in a %d: the fixed text only
            record.msg, record.args = f"{record.msg} (waarden weggelaten)", None
        record.exc_text = None
        return super().format(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        exc = ei[1] if isinstance(ei, tuple) else None
        if exc is None:
            return ""
        return format_exception_safely(exc)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        return stack_info  # frames only: code, no values
