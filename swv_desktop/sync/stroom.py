"""The pull's wire form: a stream of JSON lines, so the laptop applies one part while the server
still reads and encodes the next (both cores work on a first sync), and a stream cut short is
recognised as such (nothing of it is kept).

One JSON value per line (``application/x-ndjson``; JSON text never holds a raw newline):

- first ``{"kop": {"cursor", "volledig", "scope", "server_tijd"}}``;
- per part of a table's rows (at most ``PART_ROWS``) a header ``{"tabel", "kolommen",
  "aantal"}`` and on the next line the rows themselves, ``[[values], ...]`` in the order of
  ``kolommen``; the laptop hands that line to SQLite as it came (``rijen.insert_json``), so
  the rows are never turned into Python objects on the laptop;
- per table with removals ``{"tabel", "weg": [ids]}``;
- last ``{"einde": {"rijen": n, "weg": n}}``: without it, or with other counts, the stream was
  cut short (``Incomplete``).

Values are as ``protocol.encode_value`` gives them (ISO dates, UTC timestamps with their
offset, enumerations by value, bytes as base64); the server encodes with orjson (``line``).
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from typing import TypeVar

import orjson

from swv_desktop.errors import KnownError

MEDIA_TYPE = "application/x-ndjson"
PART_ROWS = 5000
"""Rows per part: small enough that the laptop starts early, large enough to be cheap."""


T = TypeVar("T")


def offer(
    ahead: queue.Queue[T], item: T, stop: threading.Event, give_up_s: float = math.inf
) -> bool:
    """Put ``item`` on ``ahead`` for the thread that reads it, trying every half second: True once
    it is there, False when ``stop`` is set or ``give_up_s`` seconds passed without room (the
    reader went away). The read-ahead threads on both sides of a pull hand their lines over so."""
    waited = 0.0
    while not stop.is_set() and waited < give_up_s:
        try:
            ahead.put(item, timeout=0.5)
            return True
        except queue.Full:
            waited += 0.5
    return False


class Incomplete(KnownError):
    """The stream ended before its last line, or did not follow the form above."""


def line(value: Any) -> bytes:
    """One line of the stream (orjson: tuples and lists alike become JSON arrays)."""
    return orjson.dumps(value) + b"\n"


@dataclass(frozen=True)
class Head:
    cursor: int
    full: bool
    scope: str
    server_time: str


@dataclass(frozen=True)
class Rows:
    table: str
    names: list[str]
    count: int
    text: str
    """The rows as one JSON array of arrays, as sent."""


@dataclass(frozen=True)
class Gone:
    table: str
    ids: list[int]


Part = Head | Rows | Gone
"""One part of the stream as ``read`` gives it."""

_CUT = (
    "Het antwoord van de server kwam niet volledig aan (de verbinding werd verbroken). Er is "
    "niets van overgenomen; de volgende synchronisatie probeert het opnieuw."
)


def read(lines: Iterator[bytes]) -> Iterator[Part]:
    """The parts of a stream, the head first; ``Incomplete`` when it was cut short (raised
    after the last whole part, so a caller inside one transaction keeps nothing of it)."""
    head = _parse(next(lines, b""))
    if not isinstance(head, dict) or not isinstance(head.get("kop"), dict):
        raise Incomplete(_CUT)
    kop = head["kop"]
    yield Head(
        int(kop["cursor"]), bool(kop["volledig"]), str(kop["scope"]), str(kop["server_tijd"])
    )
    rows = removed = 0
    for raw in lines:
        part = _parse(raw)
        if not isinstance(part, dict):
            raise Incomplete(_CUT)
        if "einde" in part:
            told = part["einde"]
            if told.get("rijen") != rows or told.get("weg") != removed:
                raise Incomplete(_CUT)
            return
        if "weg" in part:
            removed += len(part["weg"])
            yield Gone(str(part["tabel"]), [int(i) for i in part["weg"]])
            continue
        values = next(lines, b"")
        if not values.endswith(b"\n"):
            raise Incomplete(_CUT)
        rows += int(part["aantal"])
        yield Rows(str(part["tabel"]), list(part["kolommen"]), int(part["aantal"]), values.decode())
    raise Incomplete(_CUT)


def _parse(raw: bytes) -> Any:
    if not raw.endswith(b"\n"):  # a line cut in the middle
        raise Incomplete(_CUT)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Incomplete(_CUT) from exc
