"""What server and laptop agree on: the API's paths and headers, which tables are synchronised,
and how a row travels as JSON (typed by its column, the same on PostgreSQL and SQLite)."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Date
from sqlalchemy import Enum as SAEnum
from sqlalchemy import Float
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Table

from swv_desktop.models import Base
from swv_desktop.models.base import UTCDateTime
from swv_desktop.schema import SCHEMA_HEAD

SCHEMA_HEADER = "X-SWV-Schema"
"""Every request names the schema revision of the laptop; another one is refused."""
API = "/api/v1"

NOT_SYNCED = frozenset({"audit_entry", "toegangslog"})
"""Kept where they are written, never pulled: the audit trail (with before/after values of every
record) and the access log (``services/toegangslog``: a laptop's views go to the server on their
own path, ``sync.inzagen``)."""


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


Convert = Callable[[Any], Any] | None
"""How one column's value is converted (``None``: sent as it is)."""


def _plain(column: Column[Any]) -> bool:
    kind = column.type
    return not isinstance(kind, SAEnum) and isinstance(kind, Integer | String | Boolean | Float)


def _iso(value: Any) -> Any:
    return value.isoformat()


def _enum(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def encoder(column: Column[Any]) -> Convert:
    """How one column's value becomes JSON (``None``: as it is)."""
    kind = column.type
    if _plain(column):
        return None
    if isinstance(kind, UTCDateTime | Date):
        return _iso
    if isinstance(kind, SAEnum):
        return _enum
    return encode_value


def _decoder(column: Column[Any]) -> Convert:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    if isinstance(kind, SAEnum) and kind.enum_class is not None:
        return kind.enum_class
    if isinstance(kind, Boolean):
        return bool
    return None


def decoders(tab: Table, names: Sequence[str]) -> list[Convert]:
    """Per sent column (by name, in the order sent) how its JSON value becomes Python again."""
    return [_decoder(tab.c[n]) for n in names]


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
