"""Business numbers at an import: aanvraag nummers and the kenmerk and volgnummer of beschikkingen
and vaststellingen are kept; a number the server already uses for another record is resolved
without ever renumbering an issued letter.

- Same number and the same record (the same pupil, school, schooljaar, date and amount after
  remapping; for a letter: the same besluit or aanvraag): *samengevoegd*.
- Same number, another record: the side without an issued letter gets the next free number of
  its schooljaar, through the numbering the services use (the imported side first). When both
  sides hold an issued letter, the imported aanvraag is skipped with everything that hangs from
  it and listed for manual resolution (``samenvoegen.Opnieuw`` restarts the import without it
  when the clash shows only at the letter).
- An issued imported beschikking (and vaststelling) gets a new ``zegel`` under the server's audit
  key: its seal covers ids that the import changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from swv_desktop.db import AUDIT_KEY
from swv_desktop.encryption import auditketen
from swv_desktop.models import Base
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Schooljaar
from swv_desktop.models import Vaststelling
from swv_desktop.services.aanvragen.use_cases import _next_nummer
from swv_desktop.services.besluiten import next_kenmerk
from swv_desktop.services.common import audit
from swv_desktop.services.verantwoording.use_cases import _kenmerk
from swv_desktop.sync.samenvoegen import Rijen
from swv_desktop.sync.samenvoegen import Row
from swv_desktop.sync.samenvoegen import plain

NUMBERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "aanvraag": (("nummer",),),
    "beschikking": (("kenmerk",), ("schooljaar_id", "volgnummer")),
    "vaststelling": (("kenmerk",), ("schooljaar_id", "volgnummer")),
}
IDENTITY: dict[str, tuple[str, ...]] = {
    "aanvraag": (),
    "beschikking": ("besluit_id",),
    "vaststelling": ("aanvraag_id",),
}
"""A letter belongs to one besluit (beschikking) or one aanvraag (vaststelling): the same parent
is the same letter, whatever its number."""
SAME_RECORD: dict[str, tuple[str, ...]] = {
    "aanvraag": ("schooljaar_id", "school_id", "leerling_id", "aanvraagdatum", "aangevraagd_cents"),
    "beschikking": ("besluit_id",),
    "vaststelling": ("aanvraag_id",),
}
WHAT = {"aanvraag": "aanvraag", "beschikking": "beschikking", "vaststelling": "vaststelling"}


def _number(tab: Table, row: Row) -> str:
    return str(row["nummer"] if tab.name == "aanvraag" else row["kenmerk"])


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def source_aanvraag(rijen: Rijen, tab: Table, src: Row) -> int:
    """The standalone's id of the aanvraag a numbered row belongs to."""
    if tab.name == "aanvraag":
        return int(src["id"])
    if tab.name == "vaststelling":
        return int(src["aanvraag_id"])
    return int(rijen.by_id["besluit"][src["besluit_id"]]["aanvraag_id"])


def issued_in_source(rijen: Rijen, tab: Table, src: Row) -> bool:
    if tab.name != "aanvraag":
        return src["uitgegeven_op"] is not None
    besluiten = {b["id"] for b in rijen.source.get("besluit", []) if b["aanvraag_id"] == src["id"]}
    return any(
        s["uitgegeven_op"] is not None and s["besluit_id"] in besluiten
        for s in rijen.source.get("beschikking", [])
    ) or any(
        v["uitgegeven_op"] is not None and v["aanvraag_id"] == src["id"]
        for v in rijen.source.get("vaststelling", [])
    )


def issued_on_server(session: Session, tab: Table, row: Row) -> bool:
    if tab.name != "aanvraag":
        return row["uitgegeven_op"] is not None
    letter = session.scalar(
        select(Beschikking.id)
        .join(Besluit, Besluit.id == Beschikking.besluit_id)
        .where(Besluit.aanvraag_id == row["id"], Beschikking.uitgegeven_op.is_not(None))
        .limit(1)
    )
    settled = session.scalar(
        select(Vaststelling.id)
        .where(Vaststelling.aanvraag_id == row["id"], Vaststelling.uitgegeven_op.is_not(None))
        .limit(1)
    )
    return letter is not None or settled is not None


def next_numbers(session: Session, tab: Table, schooljaar_id: int) -> dict[str, Any]:
    """The next free number(s) of the schooljaar, as the services number a new record."""
    jaar = session.get(Schooljaar, schooljaar_id)
    assert jaar is not None
    if tab.name == "aanvraag":
        return {"nummer": _next_nummer(session, jaar)}
    if tab.name == "beschikking":
        volgnummer, kenmerk = next_kenmerk(session, jaar)
    else:
        volgnummer, kenmerk = _kenmerk(session, jaar.id, jaar.start_datum.year)
    return {"volgnummer": volgnummer, "kenmerk": kenmerk}


class _Fields:
    def __init__(self, values: Row) -> None:
        self.__dict__.update(values)


def _seal(rijen: Rijen, row: Row) -> str | None:
    """The zegel of an issued beschikking under the server's chain key (``None`` without one)."""
    key = rijen.session.info.get(AUDIT_KEY)
    besluit = rijen.server_row(_table("besluit"), row["besluit_id"])
    if not key or besluit is None:
        return None
    return auditketen.award_seal(key, auditketen.award_fields(_Fields(row), _Fields(besluit)))


def add(rijen: Rijen, tab: Table, src: Row, mapped: Row) -> None:
    row = {**mapped, "id": rijen.new_id(tab)}
    if tab.name == "beschikking" and row["uitgegeven_op"] is not None:
        row["zegel"] = _seal(rijen, row)
    elif tab.name == "vaststelling" and row["uitgegeven_op"] is not None:
        key = rijen.session.info.get(AUDIT_KEY)
        row["zegel"] = auditketen.settlement_seal(key, _Fields(row)) if key else None
    rijen.session.execute(tab.insert().values(row))
    rijen.added(tab, src, row["id"])


def _clash(rijen: Rijen, tab: Table, mapped: Row) -> Row | None:
    for key in NUMBERS[tab.name]:
        found = rijen.find_by(tab, {k: mapped[k] for k in key})
        if found is not None:
            return found
    return None


def _renumber_server(rijen: Rijen, tab: Table, row: Row) -> str:
    new = next_numbers(rijen.session, tab, row["schooljaar_id"])
    values = dict(new)
    if "versie" in tab.c:  # a laptop's edit from before sees the change as a conflict
        values["versie"] = tab.c.versie + 1
    rijen.session.execute(update(tab).where(tab.c.id == row["id"]).values(values))
    before = {k: row[k] for k in new}
    audit(
        rijen.session,
        rijen.actor,
        tab.name,
        row["id"],
        "hernummerd bij import",
        before,
        new,
        now=rijen.now,
    )
    return _number(tab, {**row, **new})


def merge_numbered(rijen: Rijen, tab: Table, src: Row, mapped: Row) -> None:
    """Merge, add, renumber or skip one aanvraag, beschikking or vaststelling."""
    if IDENTITY[tab.name]:
        same = rijen.find_by(tab, {k: mapped[k] for k in IDENTITY[tab.name]})
        if same is not None:
            rijen.merged(tab, src, mapped, same)
            return
    clash = _clash(rijen, tab, mapped)
    if clash is None:
        add(rijen, tab, src, mapped)
        return
    if all(plain(mapped[k]) == plain(clash[k]) for k in SAME_RECORD[tab.name]):
        rijen.merged(tab, src, mapped, clash)
        return
    what, old = WHAT[tab.name], _number(tab, mapped)
    telling = rijen.verslag.tellingen[tab.name]
    if not issued_in_source(rijen, tab, src):
        mapped = {**mapped, **next_numbers(rijen.session, tab, mapped["schooljaar_id"])}
        add(rijen, tab, src, mapped)
        telling.hernummerd += 1
        rijen.verslag.hernummerd.append(
            f"{what} {old}: dit nummer is op de server in gebruik voor een ander dossier; de "
            f"geïmporteerde {what} (nog zonder uitgegeven brief) heet nu {_number(tab, mapped)}."
        )
        return
    if not issued_on_server(rijen.session, tab, clash):
        server_old = _number(tab, clash)
        new = _renumber_server(rijen, tab, clash)
        telling.hernummerd += 1
        rijen.verslag.hernummerd.append(
            f"{what} {server_old}: op de server nog zonder uitgegeven brief en in het bronbestand "
            f"met een uitgegeven brief; die van de server heet nu {new}, de geïmporteerde houdt "
            f"{old}."
        )
        merge_numbered(rijen, tab, src, mapped)  # the other number may clash too
        return
    reden = (
        f"{what} {old}: zowel op de server als in het bronbestand met een uitgegeven brief, voor "
        "verschillende dossiers. De geïmporteerde aanvraag is met haar besluiten, brieven en "
        "betalingen overgeslagen; los dit met de hand op."
    )
    if tab.name == "aanvraag":
        rijen.skip(tab, src)
        rijen.verslag.handmatig.append(reden)
        return
    rijen.opnieuw.setdefault(source_aanvraag(rijen, tab, src), reden)  # ``Opnieuw`` at the end
    rijen.skip(tab, src)
