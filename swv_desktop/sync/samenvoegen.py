"""The rows of a standalone database merged into the team server's, inside one transaction
(``server import``, ``sync.importeren``).

Tables go parents first (``Base.metadata.sorted_tables``), rows by id. Every foreign key is
remapped to the server's id of its parent; a row whose parent was skipped is skipped with it.

- **Natural keys** (the unique constraints: ``gebruiker.gebruikersnaam``, ``school.vestigingsnummer``,
  ``leerling.leerlingnummer``, ``opp (leerling, versie)`` ...): a server row with the same key is
  the same record: *samengevoegd*, its id maps to the server's, the server's values win and the
  columns that differ are listed (by name, never by value).
- **No natural key** (betaling, voortgangsgesprek, status_wijziging ...): a server row with every
  content column equal after remapping is the same row; otherwise the row is added. So importing
  the same file twice adds nothing the second time.
- **Business numbers** (aanvraag nummer, beschikking and vaststelling kenmerk + volgnummer): see
  ``sync.nummers``.
- Added rows get the id of the server table's own sequence, never the standalone's, so they
  cannot meet the id blocks handed to laptops; the server's triggers record each insert in
  ``sync_wijziging``, so laptops receive them at their next pull.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from swv_desktop.models import Base
from swv_desktop.services.common import Actor

Row = dict[str, Any]
Rows = dict[str, list[Row]]

NOT_IMPORTED = frozenset({"audit_entry", "toegangslog", "verwijderregister"})
"""Taken apart: the audit trail and the access log come along as history with their references
remapped (``importeren``); the register stays with the file."""
"""Not copied row by row: the audit trail is linked into the server's chain (``sync.importeren``);
the deletion register's id ranges belong to the standalone file."""
NOT_COMPARED = frozenset({"id", "versie"})
NOT_LISTED = frozenset({"wachtwoord_hash", "pdf", "logo_png", "aangemaakt_op", "zegel"})
"""Columns never named as a difference (secrets, files, when the copy was made, and a letter's
seal, which is keyed with each database's own audit key)."""
SINGLETONS = frozenset({"organisatie"})
"""Tables with one row per database: the server's row is the one."""

LABELS = {
    "brieftekst": "Brieventeksten",
    "gebruiker": "Gebruikers",
    "organisatie": "Organisatie",
    "schoolbestuur": "Schoolbesturen",
    "schooljaar": "Schooljaren",
    "evaluatie_antwoord": "Evaluatieantwoorden",
    "evaluatietekst": "Evaluatieteksten",
    "school": "Scholen",
    "leerling": "Leerlingen",
    "vso_inzet": "VSO-inzet",
    "aanvraag": "Aanvragen",
    "leerling_uitkomst": "Uitkomsten van leerlingen",
    "opp": "OPP's",
    "aanvraag_voorwaarde": "Voorwaarden bij aanvragen",
    "besluit": "Besluiten",
    "betaling": "Betalingen",
    "groepsplan": "Groepsplannen",
    "status_wijziging": "Statuswijzigingen",
    "verantwoording": "Verantwoordingen",
    "voortgangsgesprek": "Voortgangsgesprekken",
    "beschikking": "Beschikkingen",
    "budget_notitie": "Budgetnotities",
    "groepsplan_leerling": "Deelnemers aan groepsplannen",
    "kostenregel": "Kostenregels",
    "vaststelling": "Vaststellingen",
    "terugbetaling": "Terugbetalingen",
    "audit_entry": "Audittrail",
    "toegangslog": "Toegangslogboek",
}

NAMED_BY = {
    "gebruiker": ("gebruiker", "gebruikersnaam"),
    "schoolbestuur": ("bestuur", "bevoegd_gezag_nummer"),
    "school": ("school", "vestigingsnummer"),
    "schooljaar": ("schooljaar", "label"),
    "brieftekst": ("brieftekst", "sleutel"),
    "leerling": ("leerling", "leerlingnummer"),
    "aanvraag": ("aanvraag", "nummer"),
    "beschikking": ("beschikking", "kenmerk"),
    "vaststelling": ("vaststelling", "kenmerk"),
}
"""How a record is named in the report: by its number, never by a pupil's name."""


@dataclass
class Telling:
    """What happened to one table's rows."""

    toegevoegd: int = 0
    samengevoegd: int = 0
    hernummerd: int = 0
    overgeslagen: int = 0


@dataclass
class Verslag:
    """The report of one import (or of a dry run)."""

    tellingen: dict[str, Telling] = field(default_factory=lambda: defaultdict(Telling))
    verschillen: list[str] = field(default_factory=list)
    hernummerd: list[str] = field(default_factory=list)
    handmatig: list[str] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)

    @property
    def toegevoegd(self) -> int:
        return sum(t.toegevoegd for t in self.tellingen.values())

    @property
    def overgeslagen(self) -> int:
        return sum(t.overgeslagen for t in self.tellingen.values())


class Opnieuw(Exception):  # noqa: N818 - a signal, not an error
    """Issued imported letters meet issued server letters with their numbers: those imported
    aanvragen (``aanvragen``: the standalone's id and the reason) are skipped whole, and the
    import starts again without them."""

    def __init__(self, aanvragen: dict[int, str]) -> None:
        super().__init__("; ".join(aanvragen.values()))
        self.aanvragen = aanvragen


def imported_tables() -> list[Table]:
    """The tables copied row by row, parents first."""
    return [
        t
        for t in Base.metadata.sorted_tables
        if t.name not in NOT_IMPORTED and not t.name.startswith("sync_")
    ]


def unique_keys(tab: Table) -> list[tuple[str, ...]]:
    """The natural keys of a table: its unique constraints and unique columns (not ``id``)."""
    keys: list[tuple[str, ...]] = []
    for constraint in tab.constraints:
        cols = tuple(c.name for c in getattr(constraint, "columns", ()))
        if type(constraint).__name__ == "UniqueConstraint" and cols:
            keys.append(cols)
    keys += [tuple(c.name for c in i.columns) for i in tab.indexes if i.unique]
    keys += [(c.name,) for c in tab.columns if c.unique]
    out: list[tuple[str, ...]] = []
    for key in keys:
        if key != ("id",) and key not in out:
            out.append(key)
    return out


def plain(value: Any) -> Any:
    """A value as compared between the two databases (bytes from either driver alike)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def content(tab: Table, row: Row) -> tuple[Any, ...]:
    return tuple(plain(row[c.name]) for c in tab.columns if c.name not in NOT_COMPARED)


def _key_value(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


class Rijen:
    """The shared state of one merge: the id map, what was skipped, and the server's rows."""

    def __init__(self, session: Session, source: Rows, actor: Actor, now: datetime) -> None:
        self.session, self.source, self.actor, self.now = session, source, actor, now
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.skipped: dict[str, set[int]] = defaultdict(set)
        self.verslag = Verslag()
        self.opnieuw: dict[int, str] = {}
        """Aanvragen to skip in the next pass (their letter clashed with an issued one)."""
        self._content: dict[str, dict[tuple[Any, ...], list[int]]] = {}
        self.by_id: dict[str, dict[int, Row]] = {
            name: {r["id"]: r for r in rows if "id" in r} for name, rows in source.items()
        }

    # -- the server's side ------------------------------------------------------------------

    def server_row(self, tab: Table, ident: int) -> Row | None:
        row = self.session.execute(select(tab).where(tab.c.id == ident)).mappings().first()
        return None if row is None else dict(row)

    def find_by(self, tab: Table, values: dict[str, Any]) -> Row | None:
        """The server row with these column values (strings compared without case or blanks)."""
        if any(v is None for v in values.values()):
            return None
        conds = [
            func.lower(func.trim(tab.c[k])) == _key_value(v)
            if isinstance(v, str)
            else tab.c[k] == v
            for k, v in values.items()
        ]
        row = self.session.execute(select(tab).where(and_(*conds)).limit(1)).mappings().first()
        return None if row is None else dict(row)

    def take_identical(self, tab: Table, mapped: Row) -> int | None:
        """A server row with the same content (each server row matches once)."""
        if tab.name not in self._content:
            index: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for row in self.session.execute(select(tab).order_by(tab.c.id)).mappings():
                index[content(tab, dict(row))].append(row["id"])
            self._content[tab.name] = index
        left = self._content[tab.name].get(content(tab, mapped))
        return left.pop(0) if left else None

    def new_id(self, tab: Table) -> int:
        """The next id of the server table's own sequence."""
        seq = f"pg_get_serial_sequence('{tab.name}', 'id')"
        return int(self.session.scalar(text(f"SELECT nextval({seq})")) or 0)

    def insert(self, tab: Table, mapped: Row) -> int:
        ident = self.new_id(tab)
        self.session.execute(insert(tab).values({**mapped, "id": ident}))
        return ident

    # -- remapping --------------------------------------------------------------------------

    def remap(self, tab: Table, row: Row) -> Row | None:
        """``row`` with every foreign key pointing at the server's ids; ``None`` when a parent
        was skipped (the row goes with it)."""
        out = dict(row)
        for fk in tab.foreign_keys:
            value = row[fk.parent.name]
            if value is None:
                continue
            parent = fk.column.table.name
            if value not in self.ids[parent]:
                return None
            out[fk.parent.name] = self.ids[parent][value]
        return out

    def pending_parent(self, tab: Table, row: Row) -> bool:
        """True when a foreign key points at a row of the same table not yet merged."""
        for fk in tab.foreign_keys:
            value = row[fk.parent.name]
            if fk.column.table is tab and value is not None and value not in self.ids[tab.name]:
                return value in self.by_id[tab.name] and value not in self.skipped[tab.name]
        return False

    # -- the report -------------------------------------------------------------------------

    def name(self, tab: Table, row: Row) -> str:
        what, column = NAMED_BY.get(tab.name, ("", ""))
        if what:
            return f"{what} {row[column]}"
        if tab.name in SINGLETONS:
            return "de organisatie"
        return f"{LABELS.get(tab.name, tab.name).lower()}: regel {row['id']} op de server"

    def merged(self, tab: Table, src: Row, mapped: Row, server: Row) -> None:
        self.ids[tab.name][src["id"]] = server["id"]
        self.verslag.tellingen[tab.name].samengevoegd += 1
        differ = [
            c.name
            for c in tab.columns
            if c.name not in NOT_COMPARED | NOT_LISTED
            and plain(mapped[c.name]) != plain(server[c.name])
        ]
        if differ:
            fields = ", ".join(d.removesuffix("_id").replace("_", " ") for d in differ)
            self.verslag.verschillen.append(
                f"{self.name(tab, server)}: {fields} "
                f"{'wijkt' if len(differ) == 1 else 'wijken'} af; de gegevens van de server zijn "
                "behouden."
            )

    def skip(self, tab: Table, src: Row) -> None:
        self.skipped[tab.name].add(src["id"])
        self.verslag.tellingen[tab.name].overgeslagen += 1

    def added(self, tab: Table, src: Row, ident: int) -> None:
        self.ids[tab.name][src["id"]] = ident
        self.verslag.tellingen[tab.name].toegevoegd += 1


def in_order(rijen: Rijen, tab: Table) -> Iterable[Row]:
    """The table's source rows by id, a row whose parent in the same table comes later (a
    revised besluit) after that parent."""
    waiting = sorted(rijen.source.get(tab.name, []), key=lambda r: r["id"])
    while waiting:
        later = []
        for row in waiting:
            if rijen.pending_parent(tab, row):
                later.append(row)
            else:
                yield row
        if len(later) == len(waiting):  # a loop in the data: the rest is skipped by remap
            yield from later
            return
        waiting = later
