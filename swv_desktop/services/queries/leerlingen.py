"""List queries of pupils and applications (the SQL of the Leerlingen and Aanvragen lists)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, union

from swv_desktop.dialect import contains_ci
from swv_desktop.models import (
    Aanvraag,
    Besluit,
    Gebruiker,
    Groepsplan,
    GroepsplanLeerling,
    Leerling,
    Opp,
    School,
    Schooljaar,
    Soort,
    Status,
)
from swv_desktop.services.queries.base import (
    CP,
    AanvraagRow,
    Join,
    LeerlingRow,
    ListFilter,
    Spec,
    text_filter,
    word_filter,
)

# --- leerlingen -------------------------------------------------------------------------------


def _leerling_joins() -> list[Join]:
    return [
        (School, School.id == Leerling.school_id, False),
        # a join, not a correlated subquery: the page of ids is sorted on it before the row
        # columns are added, and a subquery there lost its link to the school (sorted one page)
        (CP, CP.id == School.contactpersoon_id, True),
    ]


def _leerling_columns() -> Sequence[Any]:
    opp = select(func.max(Opp.vastgesteld_op)).where(Opp.leerling_id == Leerling.id)
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
        CP.volledige_naam,
        opp.scalar_subquery(),
    ]


def _leerling_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = text_filter(
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


def _aanvraag_joins() -> list[Join]:
    return [
        (School, School.id == Aanvraag.school_id, False),
        (Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id, False),
        (CP, CP.id == Aanvraag.contactpersoon_id, False),
        (Leerling, Leerling.id == Aanvraag.leerling_id, True),
    ]


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
        CP.volledige_naam,
        Aanvraag.aangevraagd_cents,
        _current_besluit_cents(),
        Aanvraag.status,
    ]


def _aanvraag_word(pattern: str) -> ColumnElement[bool]:
    """One search word: the aanvraag number, the applicant (name or number), the school or the
    contactpersoon. One uncorrelated UNION of id lists, evaluated once: the 28,000 applications
    of ten years are then searched without joins (measured: 32 ms against 76 ms with joins)."""
    pupils = select(Leerling.id).where(
        or_(
            contains_ci(Leerling.leerlingnummer, pattern),
            contains_ci(Leerling.voornaam, pattern),
            contains_ci(Leerling.tussenvoegsel, pattern),
            contains_ci(Leerling.achternaam, pattern),
        )
    )
    schools = select(School.id).where(contains_ci(School.naam, pattern))
    people = select(Gebruiker.id).where(contains_ci(Gebruiker.volledige_naam, pattern))
    matching = union(
        select(Aanvraag.id).where(contains_ci(Aanvraag.nummer, pattern)),
        select(Aanvraag.id).where(Aanvraag.leerling_id.in_(pupils)),
        select(Aanvraag.id).where(Aanvraag.school_id.in_(schools)),
        select(Aanvraag.id).where(Aanvraag.contactpersoon_id.in_(people)),
    )
    return Aanvraag.id.in_(matching)


def _aanvraag_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    text = word_filter(f.tekst, _aanvraag_word)
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


LEERLING = Spec(
    table=Leerling,
    joins=_leerling_joins,
    columns=_leerling_columns,
    filters=_leerling_filters,
    sort_keys=lambda: {
        "leerlingnummer": Leerling.leerlingnummer,
        "naam": (Leerling.achternaam, Leerling.voornaam),
        "geboortedatum": Leerling.geboortedatum,
        "school": School.naam,
        "klas": (Leerling.niveau, Leerling.leerjaar),
        "instroomroute": Leerling.instroomroute,
        "contactpersoon": CP.volledige_naam,
        "opp_vastgesteld_op": _leerling_columns()[-1],
    },
    default_sort="naam",
    id_column=Leerling.id,
    make_row=_leerling_row,
)


AANVRAAG = Spec(
    table=Aanvraag,
    joins=_aanvraag_joins,
    columns=_aanvraag_columns,
    filters=_aanvraag_filters,
    sort_keys=lambda: {
        "nummer": Aanvraag.nummer,
        "soort": Aanvraag.soort,
        "aanvraagdatum": Aanvraag.aanvraagdatum,
        "schooljaar": Schooljaar.start_datum,
        "school": School.naam,
        "leerling": (Leerling.achternaam, Leerling.voornaam),
        "contactpersoon": CP.volledige_naam,
        "aangevraagd_cents": Aanvraag.aangevraagd_cents,
        "toegekend_cents": _current_besluit_cents(),
        "status": Aanvraag.status,
    },
    default_sort="aanvraagdatum",
    id_column=Aanvraag.id,
    make_row=_aanvraag_row,
)
