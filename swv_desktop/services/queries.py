"""List queries for the window's tables: leerlingen, aanvragen, beschikkingen, scholen, besturen.

Everything happens in SQL: filters (schooljaar, school, status, contactpersoon, bestuur, free text),
sorting on a named column, offset/limit paging and a count, so a list of 50,000 pupils opens and
filters without loading them all. Rows are plain frozen dataclasses. Qt-free.

Role rule: every role that is offered a list sees all its rows (the bureau works as one team); the
window decides which lists a role is offered. Only the dashboard's overdue list is per person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..db import Database
from ..models import (
    Aanvraag,
    Beschikking,
    Besluit,
    Gebruiker,
    Groepsplan,
    GroepsplanLeerling,
    Instroomroute,
    Leerling,
    Opp,
    School,
    Schoolbestuur,
    Schooljaar,
    Soort,
    Status,
    Uitkomst,
)

PAGE_SIZE = 200

BESCHIKKING_STANDEN = {
    "concept": "Nog niet uitgegeven",
    "uitgegeven": "Uitgegeven, niet verzonden",
    "verzonden": "Verzonden",
}
"""The ``status`` filter values of the beschikkingen list, with their Dutch labels."""


@dataclass(frozen=True)
class ListFilter:
    """What a list is narrowed to; ``None`` or ``""`` means no narrowing on that field."""

    tekst: str = ""
    schooljaar_id: int | None = None
    school_id: int | None = None
    status: str | None = None
    contactpersoon_id: int | None = None
    bestuur_id: int | None = None


@dataclass(frozen=True)
class LeerlingRow:
    id: int
    leerlingnummer: str
    naam: str
    geboortedatum: date
    school: str
    klas: str
    instroomroute: Instroomroute
    contactpersoon: str
    opp_vastgesteld_op: date | None


@dataclass(frozen=True)
class AanvraagRow:
    id: int
    nummer: str
    soort: Soort
    aanvraagdatum: date
    schooljaar: str
    school: str
    leerling: str
    contactpersoon: str
    aangevraagd_cents: int
    toegekend_cents: int | None
    status: Status


@dataclass(frozen=True)
class BeschikkingRow:
    id: int
    kenmerk: str
    schooljaar: str
    aanvraag_id: int
    aanvraag_nummer: str
    soort: Soort
    school: str
    bestuur: str
    uitkomst: Uitkomst
    toegekend_cents: int
    briefdatum: date
    uitgegeven_op: datetime | None
    verzonden_op: date | None

    @property
    def stand(self) -> str:
        """``concept``, ``uitgegeven`` or ``verzonden`` (keys of ``BESCHIKKING_STANDEN``)."""
        if self.verzonden_op is not None:
            return "verzonden"
        return "uitgegeven" if self.uitgegeven_op is not None else "concept"


@dataclass(frozen=True)
class SchoolRow:
    id: int
    naam: str
    brin: str
    vestigingsnummer: str
    plaats: str
    bestuur: str
    contactpersoon: str
    ondersteuningscoordinator: str
    leerlingen: int


@dataclass(frozen=True)
class BestuurRow:
    id: int
    naam: str
    bevoegd_gezag_nummer: str
    plaats: str
    scholen: int


def _words(tekst: str) -> list[str]:
    return [w for w in tekst.replace("%", " ").replace("_", " ").split() if w]


def _text_filter(tekst: str, columns: Sequence[Any]) -> ColumnElement[bool] | None:
    """Every word must occur (case-insensitively) in at least one of ``columns``."""
    words = _words(tekst)
    if not words:
        return None
    return and_(*(or_(*(col.ilike(f"%{w}%") for col in columns)) for w in words))


@dataclass(frozen=True)
class _Spec:
    """How one list is queried: base select, row columns, filters, sort keys, row factory."""

    base: Callable[[], Select[Any]]
    columns: Callable[[], Sequence[Any]]
    filters: Callable[[ListFilter], list[ColumnElement[bool]]]
    sort_keys: Callable[[], dict[str, Any]]
    default_sort: str
    id_column: Any
    make_row: Callable[[Any], Any]


# --- leerlingen -------------------------------------------------------------------------------

_cp = aliased(Gebruiker, name="cp")


def _leerling_base() -> Select[Any]:
    return select().select_from(Leerling).join(School, School.id == Leerling.school_id)


def _leerling_columns() -> Sequence[Any]:
    opp = select(func.max(Opp.vastgesteld_op)).where(Opp.leerling_id == Leerling.id)
    cp_naam = select(_cp.volledige_naam).where(_cp.id == School.contactpersoon_id)
    return [
        Leerling.id,
        Leerling.leerlingnummer,
        Leerling.achternaam,
        Leerling.voornaam,
        Leerling.tussenvoegsel,
        Leerling.geboortedatum,
        School.naam,
        Leerling.niveau,
        Leerling.leerjaar,
        Leerling.instroomroute,
        cp_naam.scalar_subquery(),
        opp.scalar_subquery(),
    ]


def _leerling_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = _text_filter(
        f.tekst,
        [
            Leerling.leerlingnummer,
            Leerling.voornaam,
            Leerling.tussenvoegsel,
            Leerling.achternaam,
        ],
    )
    if text is not None:
        out.append(text)
    if f.school_id is not None:
        out.append(Leerling.school_id == f.school_id)
    if f.bestuur_id is not None:
        out.append(School.bestuur_id == f.bestuur_id)
    if f.contactpersoon_id is not None:
        out.append(School.contactpersoon_id == f.contactpersoon_id)
    if f.schooljaar_id is not None:
        individual = exists().where(
            Aanvraag.leerling_id == Leerling.id, Aanvraag.schooljaar_id == f.schooljaar_id
        )
        group = exists().where(
            GroepsplanLeerling.leerling_id == Leerling.id,
            GroepsplanLeerling.groepsplan_id == Groepsplan.id,
            Groepsplan.aanvraag_id == Aanvraag.id,
            Aanvraag.schooljaar_id == f.schooljaar_id,
        )
        out.append(or_(individual, group))
    return out


def _leerling_row(r: Any) -> LeerlingRow:
    first = " ".join(p for p in (r[3], r[4]) if p)
    return LeerlingRow(
        id=r[0],
        leerlingnummer=r[1],
        naam=f"{r[2]}, {first}" if first else r[2],
        geboortedatum=r[5],
        school=r[6],
        klas=f"{r[7]} {r[8]}",
        instroomroute=r[9],
        contactpersoon=r[10] or "",
        opp_vastgesteld_op=r[11],
    )


# --- aanvragen --------------------------------------------------------------------------------


def _current_besluit_cents() -> Any:
    return (
        select(Besluit.toegekend_cents)
        .where(Besluit.aanvraag_id == Aanvraag.id)
        .order_by(Besluit.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _group_size() -> Any:
    return (
        select(func.count(GroepsplanLeerling.id))
        .join(Groepsplan, Groepsplan.id == GroepsplanLeerling.groepsplan_id)
        .where(Groepsplan.aanvraag_id == Aanvraag.id)
        .scalar_subquery()
    )


def _aanvraag_base() -> Select[Any]:
    return (
        select()
        .select_from(Aanvraag)
        .join(School, School.id == Aanvraag.school_id)
        .join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
        .join(_cp, _cp.id == Aanvraag.contactpersoon_id)
        .outerjoin(Leerling, Leerling.id == Aanvraag.leerling_id)
    )


def _aanvraag_columns() -> Sequence[Any]:
    return [
        Aanvraag.id,
        Aanvraag.nummer,
        Aanvraag.soort,
        Aanvraag.aanvraagdatum,
        Schooljaar.label,
        School.naam,
        Leerling.achternaam,
        Leerling.voornaam,
        Leerling.tussenvoegsel,
        _group_size(),
        _cp.volledige_naam,
        Aanvraag.aangevraagd_cents,
        _current_besluit_cents(),
        Aanvraag.status,
    ]


def _aanvraag_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = _text_filter(
        f.tekst,
        [
            Aanvraag.nummer,
            School.naam,
            Leerling.leerlingnummer,
            Leerling.voornaam,
            Leerling.achternaam,
            _cp.volledige_naam,
        ],
    )
    if text is not None:
        out.append(text)
    if f.schooljaar_id is not None:
        out.append(Aanvraag.schooljaar_id == f.schooljaar_id)
    if f.school_id is not None:
        out.append(Aanvraag.school_id == f.school_id)
    if f.bestuur_id is not None:
        out.append(School.bestuur_id == f.bestuur_id)
    if f.contactpersoon_id is not None:
        out.append(Aanvraag.contactpersoon_id == f.contactpersoon_id)
    if f.status:
        out.append(Aanvraag.status == Status(f.status))
    return out


def _aanvraag_row(r: Any) -> AanvraagRow:
    if r[2] is Soort.GROEP:
        leerling = f"Groepsaanpak ({r[9]} leerlingen)"
    else:
        first = " ".join(p for p in (r[7], r[8]) if p)
        leerling = f"{r[6]}, {first}" if r[6] else ""
    return AanvraagRow(
        id=r[0],
        nummer=r[1],
        soort=r[2],
        aanvraagdatum=r[3],
        schooljaar=r[4],
        school=r[5],
        leerling=leerling,
        contactpersoon=r[10],
        aangevraagd_cents=r[11],
        toegekend_cents=r[12],
        status=r[13],
    )


# --- beschikkingen ----------------------------------------------------------------------------


def _beschikking_base() -> Select[Any]:
    return (
        select()
        .select_from(Beschikking)
        .join(Besluit, Besluit.id == Beschikking.besluit_id)
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .join(Schooljaar, Schooljaar.id == Beschikking.schooljaar_id)
        .join(School, School.id == Aanvraag.school_id)
        .join(Schoolbestuur, Schoolbestuur.id == School.bestuur_id)
    )


def _beschikking_columns() -> Sequence[Any]:
    return [
        Beschikking.id,
        Beschikking.kenmerk,
        Schooljaar.label,
        Aanvraag.id,
        Aanvraag.nummer,
        Aanvraag.soort,
        School.naam,
        Schoolbestuur.naam,
        Besluit.uitkomst,
        Besluit.toegekend_cents,
        Beschikking.briefdatum,
        Beschikking.uitgegeven_op,
        Beschikking.verzonden_op,
    ]


def _beschikking_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = _text_filter(
        f.tekst, [Beschikking.kenmerk, Aanvraag.nummer, School.naam, Schoolbestuur.naam]
    )
    if text is not None:
        out.append(text)
    if f.schooljaar_id is not None:
        out.append(Beschikking.schooljaar_id == f.schooljaar_id)
    if f.school_id is not None:
        out.append(Aanvraag.school_id == f.school_id)
    if f.bestuur_id is not None:
        out.append(School.bestuur_id == f.bestuur_id)
    if f.contactpersoon_id is not None:
        out.append(Aanvraag.contactpersoon_id == f.contactpersoon_id)
    if f.status == "concept":
        out.append(Beschikking.uitgegeven_op.is_(None))
    elif f.status == "uitgegeven":
        out.append(and_(Beschikking.uitgegeven_op.is_not(None), Beschikking.verzonden_op.is_(None)))
    elif f.status == "verzonden":
        out.append(Beschikking.verzonden_op.is_not(None))
    return out


def _beschikking_row(r: Any) -> BeschikkingRow:
    return BeschikkingRow(*r)


# --- scholen en besturen ----------------------------------------------------------------------


def _school_base() -> Select[Any]:
    return (
        select()
        .select_from(School)
        .join(Schoolbestuur, Schoolbestuur.id == School.bestuur_id)
        .outerjoin(_cp, _cp.id == School.contactpersoon_id)
    )


def _school_columns() -> Sequence[Any]:
    pupils = select(func.count(Leerling.id)).where(Leerling.school_id == School.id)
    return [
        School.id,
        School.naam,
        School.brin,
        School.vestigingsnummer,
        School.plaats,
        Schoolbestuur.naam,
        _cp.volledige_naam,
        School.ondersteuningscoordinator,
        pupils.scalar_subquery(),
    ]


def _school_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = _text_filter(
        f.tekst,
        [School.naam, School.brin, School.vestigingsnummer, School.plaats, Schoolbestuur.naam],
    )
    if text is not None:
        out.append(text)
    if f.bestuur_id is not None:
        out.append(School.bestuur_id == f.bestuur_id)
    if f.contactpersoon_id is not None:
        out.append(School.contactpersoon_id == f.contactpersoon_id)
    if f.school_id is not None:
        out.append(School.id == f.school_id)
    return out


def _school_row(r: Any) -> SchoolRow:
    return SchoolRow(*r[:6], r[6] or "", r[7], int(r[8]))


def _bestuur_base() -> Select[Any]:
    return select().select_from(Schoolbestuur)


def _bestuur_columns() -> Sequence[Any]:
    scholen = select(func.count(School.id)).where(School.bestuur_id == Schoolbestuur.id)
    return [
        Schoolbestuur.id,
        Schoolbestuur.naam,
        Schoolbestuur.bevoegd_gezag_nummer,
        Schoolbestuur.plaats,
        scholen.scalar_subquery(),
    ]


def _bestuur_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    text = _text_filter(
        f.tekst, [Schoolbestuur.naam, Schoolbestuur.bevoegd_gezag_nummer, Schoolbestuur.plaats]
    )
    out = [] if text is None else [text]
    if f.bestuur_id is not None:
        out.append(Schoolbestuur.id == f.bestuur_id)
    return out


def _bestuur_row(r: Any) -> BestuurRow:
    return BestuurRow(*r[:4], int(r[4]))


SPECS: dict[str, _Spec] = {
    "leerling": _Spec(
        base=_leerling_base,
        columns=_leerling_columns,
        filters=_leerling_filters,
        sort_keys=lambda: {
            "leerlingnummer": Leerling.leerlingnummer,
            "naam": (Leerling.achternaam, Leerling.voornaam),
            "geboortedatum": Leerling.geboortedatum,
            "school": School.naam,
            "klas": (Leerling.niveau, Leerling.leerjaar),
            "instroomroute": Leerling.instroomroute,
            "contactpersoon": _leerling_columns()[10],
            "opp_vastgesteld_op": _leerling_columns()[-1],
        },
        default_sort="naam",
        id_column=Leerling.id,
        make_row=_leerling_row,
    ),
    "aanvraag": _Spec(
        base=_aanvraag_base,
        columns=_aanvraag_columns,
        filters=_aanvraag_filters,
        sort_keys=lambda: {
            "nummer": Aanvraag.nummer,
            "soort": Aanvraag.soort,
            "aanvraagdatum": Aanvraag.aanvraagdatum,
            "schooljaar": Schooljaar.start_datum,
            "school": School.naam,
            "leerling": (Leerling.achternaam, Leerling.voornaam),
            "contactpersoon": _cp.volledige_naam,
            "aangevraagd_cents": Aanvraag.aangevraagd_cents,
            "toegekend_cents": _current_besluit_cents(),
            "status": Aanvraag.status,
        },
        default_sort="aanvraagdatum",
        id_column=Aanvraag.id,
        make_row=_aanvraag_row,
    ),
    "beschikking": _Spec(
        base=_beschikking_base,
        columns=_beschikking_columns,
        filters=_beschikking_filters,
        sort_keys=lambda: {
            "kenmerk": (Schooljaar.start_datum, Beschikking.volgnummer),
            "schooljaar": Schooljaar.start_datum,
            "aanvraag_nummer": Aanvraag.nummer,
            "soort": Aanvraag.soort,
            "school": School.naam,
            "bestuur": Schoolbestuur.naam,
            "uitkomst": Besluit.uitkomst,
            "toegekend_cents": Besluit.toegekend_cents,
            "briefdatum": Beschikking.briefdatum,
            "uitgegeven_op": Beschikking.uitgegeven_op,
            "verzonden_op": Beschikking.verzonden_op,
        },
        default_sort="kenmerk",
        id_column=Beschikking.id,
        make_row=_beschikking_row,
    ),
    "school": _Spec(
        base=_school_base,
        columns=_school_columns,
        filters=_school_filters,
        sort_keys=lambda: {
            "naam": School.naam,
            "brin": School.brin,
            "vestigingsnummer": School.vestigingsnummer,
            "plaats": School.plaats,
            "bestuur": Schoolbestuur.naam,
            "contactpersoon": _cp.volledige_naam,
            "ondersteuningscoordinator": School.ondersteuningscoordinator,
            "leerlingen": _school_columns()[-1],
        },
        default_sort="naam",
        id_column=School.id,
        make_row=_school_row,
    ),
    "bestuur": _Spec(
        base=_bestuur_base,
        columns=_bestuur_columns,
        filters=_bestuur_filters,
        sort_keys=lambda: {
            "naam": Schoolbestuur.naam,
            "bevoegd_gezag_nummer": Schoolbestuur.bevoegd_gezag_nummer,
            "plaats": Schoolbestuur.plaats,
            "scholen": _bestuur_columns()[-1],
        },
        default_sort="naam",
        id_column=Schoolbestuur.id,
        make_row=_bestuur_row,
    ),
}
"""The list kinds: ``leerling``, ``aanvraag``, ``beschikking``, ``school``, ``bestuur``."""


def sort_columns(kind: str) -> list[str]:
    """The column names ``fetch`` can sort ``kind`` on."""
    return list(SPECS[kind].sort_keys())


def fetch(
    db: Database,
    kind: str,
    filt: ListFilter | None = None,
    *,
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[Any]:
    """One page of rows of list ``kind``, filtered and sorted in SQL."""
    spec = SPECS[kind]
    filt = filt or ListFilter()
    keys = spec.sort_keys()
    key = keys.get(sort or spec.default_sort, keys[spec.default_sort])
    order_cols = list(key) if isinstance(key, tuple) else [key]
    order_cols.append(spec.id_column)
    order = [c.desc() if descending else c.asc() for c in order_cols]
    query = (
        spec.base()
        .add_columns(*spec.columns())
        .where(*spec.filters(filt))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with db.read() as session:
        return [spec.make_row(r) for r in session.execute(query).all()]


def count(db: Database, kind: str, filt: ListFilter | None = None) -> int:
    """How many rows list ``kind`` has under ``filt``."""
    spec = SPECS[kind]
    query = (
        spec.base()
        .add_columns(func.count(spec.id_column))
        .where(*spec.filters(filt or ListFilter()))
    )
    with db.read() as session:
        return int(session.scalar(query) or 0)


def get_row(db: Database, kind: str, record_id: int) -> Any | None:
    """The list row of one record, or ``None`` when it does not exist."""
    spec = SPECS[kind]
    query = spec.base().add_columns(*spec.columns()).where(spec.id_column == record_id)
    with db.read() as session:
        row = session.execute(query).first()
        return None if row is None else spec.make_row(row)
