"""``server import``: a standalone database brought into the team server's PostgreSQL database.

``importeer(server, actor, bron)`` runs in one server transaction: every table's rows merged
(``sync.samenvoegen``, numbers by ``sync.nummers``), the standalone's audit trail linked into the
server's keyed chain as new links (entity ids remapped), and one audit entry for the import
itself. A dry run (``proef``) does all of it and rolls back. The actor is the server account that
signed in (beheerder or programmadirecteur); the standalone file was opened by signing in to it.

The imported audit entries keep their before/after copies as they were (the digest the chain
covers is of that text), so ids inside them are the standalone's; the entry's own user and
record id are remapped. Not imported: the ``sync_*`` tables (the standalone has no laptops) and the deletion register,
whose id ranges are the standalone's own: its lines are printed in the report instead, so the
proof of what was deleted there survives the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.models import AuditEntry
from swv_desktop.models import Base
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.common import _chain
from swv_desktop.services.common import audit
from swv_desktop.services.scope import Recht
from swv_desktop.sync import nummers
from swv_desktop.sync.samenvoegen import LABELS
from swv_desktop.sync.samenvoegen import SINGLETONS
from swv_desktop.sync.samenvoegen import Opnieuw
from swv_desktop.sync.samenvoegen import Rijen
from swv_desktop.sync.samenvoegen import Row
from swv_desktop.sync.samenvoegen import Rows
from swv_desktop.sync.samenvoegen import Verslag
from swv_desktop.sync.samenvoegen import imported_tables
from swv_desktop.sync.samenvoegen import in_order
from swv_desktop.sync.samenvoegen import plain
from swv_desktop.sync.samenvoegen import unique_keys

MAX_PASSES = 10
"""Each restart skips the aanvragen whose letters clashed in the pass before (skipping one can
only free numbers, so a second restart is rare)."""


@dataclass
class Bron:
    """What was read from the standalone file (before the server transaction starts)."""

    naam: str
    """The file's name, for the report and the audit entry (never a pupil's)."""
    rijen: Rows
    audit: list[Row]
    toegang: list[Row]
    verwijderregister: list[Row]


def read_source(db: Database, naam: str) -> Bron:
    """Every row of the standalone database, by table (ids as they are there)."""
    out: Rows = {}
    with db.read() as session:
        for tab in imported_tables():
            out[tab.name] = _all(session, tab)
        trail = _all(session, Base.metadata.tables["audit_entry"])
        toegang = _all(session, Base.metadata.tables["toegangslog"])
        register = _all(session, Base.metadata.tables["verwijderregister"])
    return Bron(naam=naam, rijen=out, audit=trail, toegang=toegang, verwijderregister=register)


def _all(session: Session, tab: Table) -> list[Row]:
    return [dict(r) for r in session.execute(select(tab).order_by(tab.c.id)).mappings()]


class _Proef(Exception):  # noqa: N818 - the dry run's rollback
    def __init__(self, verslag: Verslag) -> None:
        super().__init__("proef")
        self.verslag = verslag


def importeer(
    db: Database,
    actor: Actor,
    bron: Bron,
    *,
    proef: bool = False,
    say: Callable[[str], None] = print,
) -> Verslag:
    """Merge ``bron`` into the server database ``db`` as ``actor`` (one transaction; with
    ``proef`` rolled back); the report. ``PermissionDenied`` (Dutch) for another role."""
    scope.active(db, actor, Recht.IMPORTEREN)
    skip: dict[int, str] = {}
    for _pass in range(MAX_PASSES):
        try:
            with scope.transaction(db, actor, Recht.IMPORTEREN) as session:
                verslag = _merge(session, actor, bron, skip, db.clock())
                if proef:
                    raise _Proef(verslag)
            return verslag
        except Opnieuw as again:
            skip.update(again.aanvragen)
            say(
                f"{len(again.aanvragen)} uitgegeven brief/brieven botsen met uitgegeven brieven op "
                "de server; de import begint opnieuw zonder die aanvragen."
            )
        except _Proef as dry:
            return dry.verslag
    raise AssertionError("te veel botsende brieven")  # pragma: no cover - see MAX_PASSES


def _merge(
    session: Session, actor: Actor, bron: Bron, skip: dict[int, str], now: datetime
) -> Verslag:
    rijen = Rijen(session, bron.rijen, actor, now)
    for tab in imported_tables():
        keys = unique_keys(tab)
        for src in in_order(rijen, tab):
            if tab.name == "aanvraag" and src["id"] in skip:
                rijen.skip(tab, src)
                rijen.verslag.handmatig.append(skip[src["id"]])
                continue
            _merge_row(rijen, tab, keys, src)
    if rijen.opnieuw:
        raise Opnieuw(rijen.opnieuw)
    _link_audit(rijen, bron.audit)
    _link_toegang(rijen, bron.toegang)
    _register(rijen.verslag, bron.verwijderregister)
    verslag = rijen.verslag
    audit(
        session,
        actor,
        "database",
        None,
        "bestaande database overgezet",
        None,
        {
            "bron": bron.naam,
            "toegevoegd": verslag.toegevoegd,
            "samengevoegd": sum(t.samengevoegd for t in verslag.tellingen.values()),
            "hernummerd": sum(t.hernummerd for t in verslag.tellingen.values()),
            "overgeslagen": verslag.overgeslagen,
        },
        now=now,
    )
    return verslag


def _merge_row(rijen: Rijen, tab: Table, keys: list[tuple[str, ...]], src: Row) -> None:
    mapped = rijen.remap(tab, src)
    if mapped is None:  # its parent was skipped
        rijen.skip(tab, src)
        return
    if tab.name in nummers.NUMBERS:
        nummers.merge_numbered(rijen, tab, src, mapped)
        return
    server: Row | None = None
    if tab.name in SINGLETONS:
        found = rijen.session.execute(select(tab).order_by(tab.c.id).limit(1)).mappings().first()
        server = None if found is None else dict(found)
    for key in keys:
        if server is None:
            server = rijen.find_by(tab, {k: mapped[k] for k in key})
    if server is None and tab.name not in SINGLETONS:  # no key, or only empty ones
        same = rijen.take_identical(tab, mapped)
        server = None if same is None else rijen.server_row(tab, same)
    if server is not None:
        rijen.merged(tab, src, mapped, server)
    else:
        rijen.added(tab, src, rijen.insert(tab, mapped))
        if tab.name == "gebruiker":  # who can now sign in at the server: the beheerder checks
            state = "actief" if mapped["actief"] else "uitgeschakeld"
            rijen.verslag.opmerkingen.append(
                f"Account {mapped['gebruikersnaam']} ({mapped['rol'].label.lower()}, {state}) "
                "toegevoegd, met het wachtwoord dat het in het bronbestand had."
            )


def _audit_key(entry: Row) -> tuple[Any, ...]:
    return tuple(
        plain(entry[k])
        for k in ("op", "gebruikersnaam", "entiteit", "entiteit_id", "actie", "voor", "na")
    )


def _link_audit(rijen: Rijen, trail: list[Row]) -> None:
    """The standalone's audit entries as new links of the server's chain, in their order; an
    entry already there (an earlier import of the same file) is not added twice."""
    t = Base.metadata.tables["audit_entry"]
    have = {
        _audit_key(dict(r))
        for r in rijen.session.execute(
            select(
                t.c.op,
                t.c.gebruikersnaam,
                t.c.entiteit,
                t.c.entiteit_id,
                t.c.actie,
                t.c.voor,
                t.c.na,
            )
        ).mappings()
    }
    telling = rijen.verslag.tellingen["audit_entry"]
    gone = 0
    tables = Base.metadata.tables
    for entry in sorted(trail, key=lambda e: (e["volgnr"] is not None, e["volgnr"] or 0, e["id"])):
        ident = entry["entiteit_id"]
        if entry["entiteit"] in tables and ident is not None:
            if ident in rijen.skipped[entry["entiteit"]]:
                telling.overgeslagen += 1
                continue
            mapped = rijen.ids[entry["entiteit"]].get(ident)
            gone += mapped is None
            ident = mapped
        values = {**entry, "entiteit_id": ident}
        if _audit_key(values) in have:
            telling.samengevoegd += 1
            continue
        row = AuditEntry(
            op=entry["op"],
            gebruiker_id=rijen.ids["gebruiker"].get(entry["gebruiker_id"]),
            gebruikersnaam=entry["gebruikersnaam"],
            entiteit=entry["entiteit"],
            entiteit_id=ident,
            actie=entry["actie"],
            voor=entry["voor"] or "",
            na=entry["na"] or "",
        )
        _chain(rijen.session, row)
        rijen.session.add(row)
        telling.toegevoegd += 1
    if telling.toegevoegd:
        rijen.verslag.opmerkingen.append(
            f"Audittrail: {telling.toegevoegd} regel(s) overgenomen als nieuwe schakels van de "
            "keten van de server, met de gebruiker en het record omgezet naar de nummers van de "
            "server; de voor/na-kopieën erin staan zoals ze in het bronbestand stonden (met de "
            "id's van daar)."
        )
    if gone:
        rijen.verslag.opmerkingen.append(
            f"Audittrail: {gone} regel(s) gaan over gegevens die in het bronbestand al verwijderd "
            "waren; zij zijn zonder id overgenomen."
        )


TOEGANG_KEY = ("op", "gebruikersnaam", "actie", "objectsoort", "object_id", "leerlingnummer")


def _link_toegang(rijen: Rijen, log: list[Row]) -> None:
    """The standalone's access log, with the account, the pupil and the record remapped to the
    server's ids (so the AVG copy made on the server lists who viewed before the move); a line
    already there (an earlier import of the same file) is not added twice."""
    t = Base.metadata.tables["toegangslog"]
    have = {
        tuple(plain(r[k]) for k in TOEGANG_KEY)
        for r in rijen.session.execute(select(*(t.c[k] for k in TOEGANG_KEY))).mappings()
    }
    telling = rijen.verslag.tellingen["toegangslog"]
    tables = Base.metadata.tables
    for line in log:
        soort = line["objectsoort"]
        object_id = line["object_id"]
        if soort in tables and object_id is not None:
            if object_id in rijen.skipped[soort]:
                telling.overgeslagen += 1
                continue
            object_id = rijen.ids[soort].get(object_id)
        values = {
            **{k: v for k, v in line.items() if k not in ("id", "versie")},
            "gebruiker_id": rijen.ids["gebruiker"].get(line["gebruiker_id"]),
            "leerling_id": rijen.ids["leerling"].get(line["leerling_id"]),
            "object_id": object_id,
        }
        if tuple(plain(values[k]) for k in TOEGANG_KEY) in have:
            telling.samengevoegd += 1
            continue
        rijen.session.execute(t.insert().values(values))
        telling.toegevoegd += 1


def _register(verslag: Verslag, register: list[Row]) -> None:
    if not register:
        return
    verslag.opmerkingen.append(
        f"Verwijderregister: {len(register)} regel(s) niet overgezet (hun id's horen bij het "
        "bronbestand); bewaar dit verslag als bewijs van wat daar is verwijderd:"
    )
    for row in register:
        ids = f"id {row['eerste_id']}-{row['laatste_id']}" if row["eerste_id"] else "geen id's"
        verslag.opmerkingen.append(
            f"  {date_time(row['op'])}: {row['soort']}, {row['aantal']} {row['handeling']} ({ids}),"
            f" peildatum {long_date(row['peildatum'])}, door {row['door']}; {row['regel']}"
        )


def verslag_regels(verslag: Verslag, *, proef: bool) -> list[str]:
    """The report in Dutch: per table toegevoegd / samengevoegd / hernummerd / overgeslagen, then
    the renumberings, what needs a person, the differences kept from the server and the notes."""
    kop = "Proef (er is niets opgeslagen)" if proef else "Overgezet naar de server"
    header = f"  {'Tabel':<30}{'toegevoegd':>11}{'samengevoegd':>14}{'hernummerd':>12}"
    lines = [f"{kop}:", header + f"{'overgeslagen':>14}"]
    for name, t in sorted(verslag.tellingen.items(), key=lambda kv: _order(kv[0])):
        lines.append(
            f"  {LABELS.get(name, name):<30}{t.toegevoegd:>11}{t.samengevoegd:>14}"
            f"{t.hernummerd:>12}{t.overgeslagen:>14}"
        )
    sections = (
        ("Hernummerd (nooit een uitgegeven brief)", verslag.hernummerd),
        ("Met de hand oplossen", verslag.handmatig),
        ("Verschillen (de server wint)", verslag.verschillen),
        ("Opmerkingen", verslag.opmerkingen),
    )
    for title, items in sections:
        if items:
            lines += ["", f"{title}:"] + [f"- {i}" if not i.startswith("  ") else i for i in items]
    return lines


def _order(name: str) -> int:
    names = [t.name for t in imported_tables()] + ["audit_entry"]
    return names.index(name) if name in names else len(names)
