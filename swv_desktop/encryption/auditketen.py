"""The tamper-evident audit trail: every audit entry is a link of a keyed hash chain.

Each entry carries ``volgnr`` (1, 2, 3 ... in the order the entries were written) and ``keten``:
HMAC-SHA256 over the previous link and the entry's own fields. The key is derived from the
database's data key, which lives only in the users' key slots (unlocked by a password), never in
the database file; on PostgreSQL it comes from ``SWV_AUDIT_KEY`` (hex) on the server. Without the
key nobody can recompute the chain after editing, deleting or reordering an entry. The newest link
is also written beside the database (``.auditketen``, sealed with the same key; on the server the
file ``SWV_AUDIT_ANCHOR`` names), so cutting off the newest entries is found too. An issued
beschikking carries ``zegel``: the same kind of hash over its decision (amount, outcome, who
decided) and the letter's sha256, so a changed award is found; an issued vaststelling likewise
over its settled amounts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

AUDIT_KEY_ENV = "SWV_AUDIT_KEY"
ANCHOR_SUFFIX = ".auditketen"
ANCHOR_ENV = "SWV_AUDIT_ANCHOR"
_LABEL = b"swv-desktop audittrail v1"


def derive_key(data_key: bytes | None) -> bytes | None:
    """The chain key: from the data key (SQLite) or ``SWV_AUDIT_KEY`` (PostgreSQL); ``None``
    when neither is there (a plaintext test file): the chain is then not kept."""
    if data_key:
        return hmac.new(data_key, _LABEL, hashlib.sha256).digest()
    secret = os.environ.get(AUDIT_KEY_ENV, "").strip()
    if secret:
        try:
            raw = bytes.fromhex(secret)
        except ValueError:
            raw = secret.encode("utf-8")
        return hmac.new(raw, _LABEL, hashlib.sha256).digest()
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def chain_fields(row: object) -> tuple[object, ...]:
    """The fields of an audit entry that its link covers (the same for writing and checking)."""
    return tuple(
        getattr(row, name)
        for name in (
            "op",
            "gebruiker_id",
            "gebruikersnaam",
            "entiteit",
            "entiteit_id",
            "actie",
            "inhoud",
        )
    )


def content_digest(voor: str, na: str) -> str:
    """The digest of an entry's before/after copies that its link covers (``inhoud``)."""
    return hashlib.sha256(json.dumps([voor or "", na or ""]).encode("utf-8")).hexdigest()


EMPTY_CONTENT = content_digest("", "")


def link(key: bytes, previous: str, volgnr: int, fields: Sequence[object]) -> str:
    """The link of entry ``volgnr`` after ``previous`` (``""`` for the first)."""
    message = json.dumps([previous, volgnr, [_text(f) for f in fields]], ensure_ascii=False)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def award_fields(beschikking: Any, besluit: Any) -> tuple[object, ...]:
    """What the seal of an issued beschikking covers."""
    return (
        beschikking.id,
        beschikking.kenmerk,
        beschikking.sha256,
        besluit.id,
        besluit.aanvraag_id,
        besluit.uitkomst,
        besluit.toegekend_cents,
        besluit.besloten_door_id,
        besluit.herziening_van_id,
    )


def _seal(key: bytes, kind: str, fields: Sequence[object]) -> str:
    message = json.dumps([kind, [_text(f) for f in fields]], ensure_ascii=False)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def award_seal(key: bytes, fields: Sequence[object]) -> str:
    """The seal of an issued beschikking over its decision's fields and the letter's sha256."""
    return _seal(key, "beschikking", fields)


SETTLEMENT_COLUMNS = (
    "id",
    "kenmerk",
    "sha256",
    "aanvraag_id",
    "besluit_id",
    "toegekend_cents",
    "besteed_cents",
    "vastgesteld_cents",
    "betaald_cents",
    "terug_cents",
    "afwikkeling",
    "terug_uiterlijk",
    "vastgesteld_door_id",
)
"""What the seal of an issued settlement letter (vaststelling) covers: the amounts, how the rest
is settled, by when, who settled, and the letter's sha256."""


def settlement_seal(key: bytes, vaststelling: Any) -> str:
    """The seal of an issued vaststelling (a row or an object with ``SETTLEMENT_COLUMNS``)."""
    return _seal(key, "vaststelling", [getattr(vaststelling, c) for c in SETTLEMENT_COLUMNS])


def anchor_path(db_path: Path) -> Path:
    """The file beside a SQLite database that holds the newest link."""
    return db_path.with_name(db_path.name + ANCHOR_SUFFIX)


def anchor_file(db_path: Path | None) -> Path | None:
    """Where the newest link is kept: beside a SQLite file; for a PostgreSQL database the file
    ``SWV_AUDIT_ANCHOR`` names on the server (outside the database, like ``SWV_AUDIT_KEY``);
    ``None`` when there is none."""
    if db_path is not None:
        return anchor_path(db_path)
    named = os.environ.get(ANCHOR_ENV, "").strip()
    return Path(named) if named else None


def _anchor_mac(key: bytes, volgnr: int, keten: str) -> str:
    return hmac.new(key, f"anker\x00{volgnr}\x00{keten}".encode(), hashlib.sha256).hexdigest()


def write_anchor(path: Path, key: bytes, volgnr: int, keten: str) -> None:
    """Record the newest link in ``path`` (owner-only file, replaced atomically)."""
    from swv_desktop.encryption.private_files import write_private

    data = {"volgnr": volgnr, "keten": keten, "zegel": _anchor_mac(key, volgnr, keten)}
    write_private(path, json.dumps(data).encode("utf-8"))


def read_anchor(path: Path, key: bytes) -> tuple[int, str] | None | str:
    """The anchored (volgnr, keten) in ``path``; ``None`` when there is no such file; a Dutch
    problem when the file is unreadable or its seal does not match."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        volgnr, keten, zegel = int(data["volgnr"]), str(data["keten"]), str(data["zegel"])
    except (OSError, ValueError, KeyError, TypeError):
        return f"het ankerbestand {path.name} is onleesbaar"
    if not hmac.compare_digest(zegel, _anchor_mac(key, volgnr, keten)):
        return f"het ankerbestand {path.name} is gewijzigd"
    return volgnr, keten
