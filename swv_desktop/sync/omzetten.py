"""The server's conversion of commands written by an older version of swv-desktop.

A laptop may come back from a school with work recorded by the previous release while the
server was upgraded in the meantime (the server always goes first). Each command names the
schema revision that wrote it (``schema`` in its envelope, ``sync.versions.origin``); before the
replay decodes its payload, ``upgrade`` turns it into the current shape, one revision at a time,
through the converters registered per (revision, command name):

- a converter for ``(R, name)`` takes a payload as revision ``R`` wrote it and gives it as the
  next revision expects it; it may read the server's database (the batch's session), to fill a
  field the older version did not know with what the server holds, never with a default that
  would undo someone's setting;
- a command of a supported revision without a converter for it had the same payload then;
- a command of a revision before ``versions.PREVIOUS`` (or of no known revision) is refused with
  a Dutch reason; the replay stores the refusal and the laptop shows it in "Niet verwerkt".

``with_sender`` gives an envelope that names no revision the revision of the program that sent
it (its ``X-SWV-Schema``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.models import Organisatie
from swv_desktop.models.organisatie import OFFLINE_SLOT_DAGEN
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services.commands import CommandError
from swv_desktop.sync import versions

Converter = Callable[[Session, Any], Any]
"""A payload (``gegevens``) as one revision wrote it -> as the next revision expects it."""

CONVERTERS: dict[tuple[str, str], Converter] = {}
"""Per (schema revision that wrote the payload, command name) its converter to the next."""


class TooOld(CommandError):
    """A command written by a version the server no longer converts."""


def converter(revision: str, name: str) -> Callable[[Converter], Converter]:
    """Register ``f(session, payload) -> payload`` for command ``name`` written at ``revision``."""

    def register(function: Converter) -> Converter:
        if (revision, name) in CONVERTERS:
            raise ValueError(f"converter {revision}/{name} registered twice")
        CONVERTERS[(revision, name)] = function
        return function

    return register


def with_sender(envelopes: list[Any], theirs: str | None) -> list[Any]:
    """The envelopes, each naming a schema revision: the sender's (``theirs``) where a command
    did not say (an explicit ``null`` stays: a version that did not record it)."""
    return [
        {**e, "schema": theirs} if isinstance(e, dict) and "schema" not in e else e
        for e in envelopes
    ]


def too_old_message(schema: str | None) -> str:
    written = f"databaseversie {schema}" if schema else "een versie die dat nog niet vastlegde"
    return (
        f"Deze wijziging is vastgelegd met een te oude versie van swv-desktop ({written}). De "
        f"server (databaseversie {SCHEMA_HEAD}) neemt alleen wijzigingen aan van versie "
        f"{versions.PREVIOUS} en nieuwer, en heeft haar daarom niet verwerkt. Controleer of "
        "zij nog nodig is en leg haar dan opnieuw vast."
    )


def upgrade(session: Session, name: str, schema: str | None, payload: Any) -> Any:
    """The payload of command ``name`` written at revision ``schema``, in the current shape; a
    Dutch refusal (``TooOld``) for a revision the server does not accept."""
    if schema == SCHEMA_HEAD:
        return payload
    supported = versions.supported()
    if schema not in supported:
        if schema is None or schema in versions.chain():
            raise TooOld(too_old_message(schema))
        raise TooOld(
            f"Deze wijziging is vastgelegd met databaseversie {schema}, die de server "
            f"({SCHEMA_HEAD}) niet kent. Werk de server bij naar de versie van de laptop; de "
            "server gaat altijd eerst."
        )
    converted = copy.deepcopy(payload)
    for revision in supported[supported.index(schema) : -1]:
        step = CONVERTERS.get((revision, name))
        if step is not None:
            converted = step(session, converted)
    return converted


# -- the converters ----------------------------------------------------------------------


@converter("0018", "instellingen.wijzigen")
def _settings_offline_term(session: Session, payload: Any) -> Any:
    """0019 added ``offline_slot_dagen`` (how long a replica opens without reaching the server)
    to the settings. A settings form of 0018 does not know it, and its payload decoded as it is
    would set the default (30 days) and silently undo the beheerder's term: it keeps the term
    the server holds."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict) or "offline_slot_dagen" in data:
        return payload
    held = session.scalars(select(Organisatie.offline_slot_dagen)).first()
    data["offline_slot_dagen"] = int(held) if held is not None else OFFLINE_SLOT_DAGEN
    return payload
