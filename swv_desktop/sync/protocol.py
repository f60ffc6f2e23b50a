"""What server and laptop agree on: the API's paths and headers, which tables are synchronised,
and how a row travels as JSON (typed by its column, the same on PostgreSQL and SQLite)."""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, LargeBinary, Table
from sqlalchemy import Enum as SAEnum

from swv_desktop.db import SCHEMA_HEAD
from swv_desktop.models import Base
from swv_desktop.models.base import UTCDateTime

SCHEMA_HEADER = "X-SWV-Schema"
"""Every request names the schema revision of the laptop; another one is refused."""
API = "/api/v1"

NOT_SYNCED = frozenset({"audit_entry", "toegangslog"})
"""Kept where they are written, never pulled: the audit trail (with before/after values of every
record) and the access log (``services/toegangslog``: a laptop's views stay in its replica)."""


def synced_tables() -> list[Table]:
    """The tables a replica holds (parents before children), without the server's own."""
    return list(_synced())


@functools.cache
def _synced() -> tuple[Table, ...]:
    return tuple(
        t
        for t in Base.metadata.sorted_tables
        if t.name not in NOT_SYNCED and not t.name.startswith("sync_")
    )


def table(name: str) -> Table:
    """A synchronised table by name (``KeyError`` for any other)."""
    return _by_name()[name]


@functools.cache
def _by_name() -> dict[str, Table]:
    return {t.name: t for t in _synced()}


def encode_value(value: Any) -> Any:
    """A column value as JSON (bytes as base64, dates and times as ISO text, enums by value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def encode_row(tab: Table, row: Any) -> dict[str, Any]:
    """A row of ``tab`` (a Core row mapping) as JSON."""
    return {c.name: encode_value(row[c.name]) for c in tab.columns}


def decode_row(tab: Table, data: dict[str, Any]) -> dict[str, Any]:
    """The Python values of a row sent as JSON, for a Core insert into ``tab``."""
    out: dict[str, Any] = {}
    for column in tab.columns:
        value = data.get(column.name)
        kind = column.type
        if value is None:
            out[column.name] = None
        elif isinstance(kind, UTCDateTime):
            out[column.name] = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            out[column.name] = date.fromisoformat(value)
        elif isinstance(kind, LargeBinary):
            out[column.name] = base64.b64decode(value)
        elif isinstance(kind, SAEnum) and kind.enum_class is not None:
            out[column.name] = kind.enum_class(value)
        elif isinstance(kind, Boolean):
            out[column.name] = bool(value)
        else:
            out[column.name] = value
    return out


def token_hash(token: str) -> str:
    """What the server stores of a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def schema_message(theirs: str | None) -> str:
    """The Dutch refusal of a laptop with another schema revision."""
    return (
        f"Deze laptop gebruikt databaseversie {theirs or 'onbekend'} en de server versie "
        f"{SCHEMA_HEAD}. Installeer op de laptop dezelfde versie van swv-desktop als op de server "
        "en synchroniseer daarna opnieuw; er is niets verstuurd."
    )
