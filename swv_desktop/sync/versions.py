"""Versions of laptop and server: what each command says about where it came from, and the
refusal when the two sides run different versions.

- Every command a laptop sends names the schema revision of the version of swv-desktop that
  **wrote** it and the laptop's clock when it was recorded (``origin``); the server keeps both
  beside its own time of receipt (``SyncOpdracht.client_schema``, ``client_op``,
  ``ontvangen_op``), so a later server can convert the commands of an older laptop. After this
  laptop was upgraded, the commands still waiting were written by the version before
  (``note_writer`` notes which, once, when the upgraded program first opens the replica).
- **Supported versions** (``PREVIOUS``, ``supported``): the server accepts the commands of its
  own schema revision and of every revision back to ``PREVIOUS``, the previous release's; it
  converts the older ones to the current payload first (``sync.omzetten``). A laptop of such an
  older version may sign in and send its outbox, but not pull (its replica's schema is older):
  it is asked to be upgraded. Commands written by a version before ``PREVIOUS`` are refused one
  by one, with the reason, into the laptop's "Niet verwerkt".
- A laptop of any other schema revision is refused (``X-SWV-Schema``); an older server names no
  way out that fits a newer laptop, so the laptop says it itself (``version_message``): an
  older server is upgraded first (the server always goes first), a newer one needs this laptop
  upgraded. Nothing is sent either way; the outbox waits.
"""

from __future__ import annotations

import functools
import json

from sqlalchemy import bindparam
from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import known_revisions
from swv_desktop.sync import replica

PREVIOUS = "0018"
"""The schema revision of the previous release: the oldest whose commands the server still
accepts (converted by ``sync.omzetten``). Move it up when a release is made; a converter for a
revision before it is then no longer reachable and goes."""

WRITER_KEY = "schema_laptop"
"""The schema revision of the version that last opened this replica (``sync_laptop_staat``)."""
WRITTEN_BY_KEY = "schema_per_opdracht"
"""JSON: for commands written before an upgrade of this laptop, the revision that wrote them
(``""``: a version that did not record it)."""


def _load(value: str) -> dict[str, str]:
    try:
        found = json.loads(value or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def note_writer(db: Database, waiting: list[str]) -> None:
    """Once after an upgrade of this laptop: the ``waiting`` commands (their uuids) were written
    by the version that used the replica before."""
    before = replica.get_state(db, WRITER_KEY)
    if before == SCHEMA_HEAD:
        return
    known = _load(replica.get_state(db, WRITTEN_BY_KEY))
    older = {u: known.get(u, before) for u in waiting}
    with db.transaction() as session:
        replica.set_state(session, {WRITER_KEY: SCHEMA_HEAD, WRITTEN_BY_KEY: json.dumps(older)})


def origin(db: Database, uuids: list[str]) -> dict[str, dict[str, str | None]]:
    """Per command (by uuid) what its envelope says about its origin: ``schema`` (the revision
    that wrote it; ``None`` when unknown) and ``klok`` (when it was recorded, ISO, by the
    laptop's clock)."""
    older = _load(replica.get_state(db, WRITTEN_BY_KEY))
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT uuid, aangemaakt_op FROM sync_laptop_opdracht WHERE uuid IN :u"
            ).bindparams(bindparam("u", expanding=True)),
            {"u": uuids},
        ).all()
    clocks = {str(row.uuid): str(row.aangemaakt_op) for row in rows}
    return {u: {"schema": older.get(u, SCHEMA_HEAD) or None, "klok": clocks.get(u)} for u in uuids}


@functools.cache
def chain() -> tuple[str, ...]:
    """Every schema revision of the migration chain this version ships, oldest first."""
    from alembic.script import ScriptDirectory

    from swv_desktop.schema import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


@functools.cache
def supported() -> tuple[str, ...]:
    """The schema revisions whose commands the server accepts, oldest first: ``PREVIOUS`` up
    to this version's own (``SCHEMA_HEAD``)."""
    revisions = chain()
    return revisions[revisions.index(PREVIOUS) :]


def older_supported(theirs: str | None) -> bool:
    """Whether ``theirs`` is an older schema revision the server still accepts commands of."""
    return theirs is not None and theirs != SCHEMA_HEAD and theirs in supported()


def upgrade_message(theirs: str) -> str:
    """The server's answer to a laptop of an older supported version that asks for more than
    sending its work (pulling, an AVG copy): upgrade this laptop."""
    return (
        f"Deze laptop gebruikt een oudere versie van swv-desktop (databaseversie {theirs}) dan "
        f"de server ({SCHEMA_HEAD}). Wat de laptop had vastgelegd, heeft de server ontvangen "
        "(zie Niet verwerkt voor wat hij weigerde); werk deze laptop bij naar de versie van de "
        "server om weer gegevens op te halen."
    )


@functools.cache
def _older_revisions() -> frozenset[str]:
    """The schema revisions before this version's (the migration chain it ships)."""
    return frozenset(known_revisions() - {SCHEMA_HEAD})


def version_message(base: str, theirs: str) -> str:
    """Why this laptop does not work with the server at ``base`` (schema ``theirs``)."""
    if theirs in _older_revisions():
        return (
            f"De server {base} draait een oudere versie van swv-desktop (databaseversie {theirs}) "
            f"dan deze laptop ({SCHEMA_HEAD}). Laat de beheerder eerst de server bijwerken: de "
            "server gaat altijd eerst. Er is niets verstuurd; wat u vastlegt, wacht op deze "
            "laptop."
        )
    return (
        f"De server {base} draait een nieuwere versie van swv-desktop (databaseversie "
        f"{theirs or 'onbekend'}) dan deze laptop ({SCHEMA_HEAD}). Installeer op deze laptop de "
        "versie van de server. Er is niets verstuurd; wat u vastlegt, wacht op deze laptop en "
        "gaat mee zodra de laptop is bijgewerkt."
    )
