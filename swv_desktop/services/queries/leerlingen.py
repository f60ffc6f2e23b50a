"""List queries of pupils and applications (the SQL of the Leerlingen and Aanvragen lists)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import RowMapping
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union

from swv_desktop.dialect import contains_ci
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import School
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.services.queries.base import CP
from swv_desktop.services.queries.base import AanvraagRow
from swv_desktop.services.queries.base import Columns
from swv_desktop.services.queries.base import Join
from swv_desktop.services.queries.base import LeerlingRow
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.base import Spec
from swv_desktop.services.queries.base import narrowed
from swv_desktop.services.queries.base import sort_keys_of
from swv_desktop.services.queries.base import text_filter
from swv_desktop.services.queries.base import word_filter

# --- leerlingen -------------------------------------------------------------------------------


def _leerling_joins() -> list[Join]:
    return [
        (School, School.id == Leerling.school_id, False),
        # a join, not a correlated subquery: the page of ids is sorted on it before the row
        # columns are added, and a subquery there lost its link to the school (sorted one page)
        (CP, CP.id == School.contactpersoon_id, True),
    ]


def _leerling_columns() -> Columns:
    opp = select(func.max(Opp.vastgesteld_op)).where(Opp.leerling_id == Leerling.id)
    return {
        "id": Leerling.id,
        "leerlingnummer": Leerling.leerlingnummer,
        "achternaam": Leerling.achternaam,
        "voornaam": Leerling.voornaam,
        "tussenvoegsel": Leerling.tussenvoegsel,
        "geboortedatum": Leerling.geboortedatum,
        "school": School.naam,
        "niveau": Leerling.niveau,
        "leerjaar": Leerling.leerjaar,
        "instroomroute": Leerling.instroomroute,
        "contactpersoon": CP.volledige_naam,
        "opp_vastgesteld_op": opp.scalar_subquery(),
    }


def _leerling_search() -> list[Any]:
    """Where the free text is looked for: the leerlingnummer and the name's parts."""
    return [Leerling.leerlingnummer, Leerling.voornaam, Leerling.tussenvoegsel, Leerling.achternaam]


def _leerling_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out = narrowed(
        f,
        text_filter(f.tekst, _leerling_search()),
        school_id=Leerling.school_id,
        bestuur_id=School.bestuur_id,
        contactpersoon_id=School.contactpersoon_id,
    )
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


def _name(r: RowMapping) -> str:
    """``Achternaam, Voornaam tussenvoegsel`` (as the lists sort it)."""
    first = " ".join(p for p in (r["voornaam"], r["tussenvoegsel"]) if p)
    return f"{r['achternaam']}, {first}" if first else str(r["achternaam"])


def _leerling_row(r: RowMapping) -> LeerlingRow:
    return LeerlingRow(
        id=r["id"],
        leerlingnummer=r["leerlingnummer"],
        naam=_name(r),
        geboortedatum=r["geboortedatum"],
        school=r["school"],
        klas=f"{r['niveau']} {r['leerjaar']}",
        instroomroute=r["instroomroute"],
        contactpersoon=r["contactpersoon"] or "",
        opp_vastgesteld_op=r["opp_vastgesteld_op"],
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


def _aanvraag_columns() -> Columns:
    return {
        "id": Aanvraag.id,
        "nummer": Aanvraag.nummer,
        "soort": Aanvraag.soort,
        "aanvraagdatum": Aanvraag.aanvraagdatum,
        "schooljaar": Schooljaar.label,
        "school": School.naam,
        "achternaam": Leerling.achternaam,
        "voornaam": Leerling.voornaam,
        "tussenvoegsel": Leerling.tussenvoegsel,
        "groep": _group_size(),
        "contactpersoon": CP.volledige_naam,
        "aangevraagd_cents": Aanvraag.aangevraagd_cents,
        "toegekend_cents": _current_besluit_cents(),
        "status": Aanvraag.status,
    }


def _aanvraag_word(pattern: str) -> ColumnElement[bool]:
    """One search word: the aanvraag number, the applicant (name or number), the school or the
    contactpersoon. One uncorrelated UNION of id lists, evaluated once: the 28,000 applications
    of ten years are then searched without joins (measured: 32 ms against 76 ms with joins)."""
    leerlingen = select(Leerling.id).where(
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
        select(Aanvraag.id).where(Aanvraag.leerling_id.in_(leerlingen)),
        select(Aanvraag.id).where(Aanvraag.school_id.in_(schools)),
        select(Aanvraag.id).where(Aanvraag.contactpersoon_id.in_(people)),
    )
    return Aanvraag.id.in_(matching)


def _aanvraag_search() -> list[Any]:
    """Where the free text is looked for (as ``_aanvraag_word``): the number, the pupil's number
    and name, the school and the contactpersoon."""
    return [
        Aanvraag.nummer,
        Leerling.leerlingnummer,
        Leerling.voornaam,
        Leerling.tussenvoegsel,
        Leerling.achternaam,
        School.naam,
        CP.volledige_naam,
    ]


def _aanvraag_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    out = narrowed(
        f,
        word_filter(f.tekst, _aanvraag_word),
        schooljaar_id=Aanvraag.schooljaar_id,
        school_id=Aanvraag.school_id,
        bestuur_id=School.bestuur_id,
        contactpersoon_id=Aanvraag.contactpersoon_id,
    )
    if f.status:
        out.append(Aanvraag.status == Status(f.status))
    return out


def _aanvraag_row(r: RowMapping) -> AanvraagRow:
    if r["soort"] is Soort.GROEP:
        leerling = f"Groepsaanpak ({r['groep']} leerlingen)"
    else:
        leerling = _name(r) if r["achternaam"] else ""
    return AanvraagRow(
        id=r["id"],
        nummer=r["nummer"],
        soort=r["soort"],
        aanvraagdatum=r["aanvraagdatum"],
        schooljaar=r["schooljaar"],
        school=r["school"],
        leerling=leerling,
        contactpersoon=r["contactpersoon"],
        aangevraagd_cents=r["aangevraagd_cents"],
        toegekend_cents=r["toegekend_cents"],
        status=r["status"],
    )


LEERLING = Spec(
    table=Leerling,
    joins=_leerling_joins,
    columns=_leerling_columns,
    filters=_leerling_filters,
    sort_keys=lambda: sort_keys_of(
        _leerling_columns(),
        LeerlingRow,
        naam=(Leerling.achternaam, Leerling.voornaam),
        klas=(Leerling.niveau, Leerling.leerjaar),
    ),
    default_sort="naam",
    id_column=Leerling.id,
    make_row=_leerling_row,
    search_columns=_leerling_search,
)


AANVRAAG = Spec(
    table=Aanvraag,
    joins=_aanvraag_joins,
    columns=_aanvraag_columns,
    filters=_aanvraag_filters,
    sort_keys=lambda: sort_keys_of(
        _aanvraag_columns(),
        AanvraagRow,
        schooljaar=Schooljaar.start_datum,
        leerling=(Leerling.achternaam, Leerling.voornaam),
    ),
    default_sort="aanvraagdatum",
    id_column=Aanvraag.id,
    make_row=_aanvraag_row,
    search_columns=_aanvraag_search,
)
