"""List queries of beschikkingen, schools and school boards."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import RowMapping
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Leerling
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.services.queries.base import CP
from swv_desktop.services.queries.base import BeschikkingRow
from swv_desktop.services.queries.base import BeschikkingStand
from swv_desktop.services.queries.base import BestuurRow
from swv_desktop.services.queries.base import Columns
from swv_desktop.services.queries.base import Join
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.base import SchoolRow
from swv_desktop.services.queries.base import Spec
from swv_desktop.services.queries.base import narrowed
from swv_desktop.services.queries.base import sort_keys_of
from swv_desktop.services.queries.base import text_filter

# --- beschikkingen ----------------------------------------------------------------------------


def _beschikking_joins() -> list[Join]:
    return [
        (Besluit, Besluit.id == Beschikking.besluit_id, False),
        (Aanvraag, Aanvraag.id == Besluit.aanvraag_id, False),
        (Schooljaar, Schooljaar.id == Beschikking.schooljaar_id, False),
        (School, School.id == Aanvraag.school_id, False),
        (Schoolbestuur, Schoolbestuur.id == School.bestuur_id, False),
    ]


def _beschikking_columns() -> Columns:
    return {
        "id": Beschikking.id,
        "kenmerk": Beschikking.kenmerk,
        "schooljaar": Schooljaar.label,
        "aanvraag_id": Aanvraag.id,
        "aanvraag_nummer": Aanvraag.nummer,
        "soort": Aanvraag.soort,
        "school": School.naam,
        "bestuur": Schoolbestuur.naam,
        "uitkomst": Besluit.uitkomst,
        "toegekend_cents": Besluit.toegekend_cents,
        "briefdatum": Beschikking.briefdatum,
        "uitgegeven_op": Beschikking.uitgegeven_op,
        "verzonden_op": Beschikking.verzonden_op,
    }


def _beschikking_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    text = text_filter(
        f.tekst, [Beschikking.kenmerk, Aanvraag.nummer, School.naam, Schoolbestuur.naam]
    )
    out = narrowed(
        f,
        text,
        schooljaar_id=Beschikking.schooljaar_id,
        school_id=Aanvraag.school_id,
        bestuur_id=School.bestuur_id,
        contactpersoon_id=Aanvraag.contactpersoon_id,
    )
    if f.status == BeschikkingStand.CONCEPT:
        out.append(Beschikking.uitgegeven_op.is_(None))
    elif f.status == BeschikkingStand.UITGEGEVEN:
        out.append(and_(Beschikking.uitgegeven_op.is_not(None), Beschikking.verzonden_op.is_(None)))
    elif f.status == BeschikkingStand.VERZONDEN:
        out.append(Beschikking.verzonden_op.is_not(None))
    return out


def _beschikking_row(r: RowMapping) -> BeschikkingRow:
    return BeschikkingRow(**r)


# --- scholen en besturen ----------------------------------------------------------------------


def _school_joins() -> list[Join]:
    return [
        (Schoolbestuur, Schoolbestuur.id == School.bestuur_id, False),
        (CP, CP.id == School.contactpersoon_id, True),
    ]


def _school_columns() -> Columns:
    leerlingen = select(func.count(Leerling.id)).where(Leerling.school_id == School.id)
    return {
        "id": School.id,
        "naam": School.naam,
        "brin": School.brin,
        "vestigingsnummer": School.vestigingsnummer,
        "plaats": School.plaats,
        "bestuur": Schoolbestuur.naam,
        "contactpersoon": CP.volledige_naam,
        "ondersteuningscoordinator": School.ondersteuningscoordinator,
        "leerlingen": leerlingen.scalar_subquery(),
    }


def _school_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    text = text_filter(
        f.tekst,
        [School.naam, School.brin, School.vestigingsnummer, School.plaats, Schoolbestuur.naam],
    )
    return narrowed(
        f,
        text,
        bestuur_id=School.bestuur_id,
        contactpersoon_id=School.contactpersoon_id,
        school_id=School.id,
    )


def _school_row(r: RowMapping) -> SchoolRow:
    return SchoolRow(
        **{**r, "contactpersoon": r["contactpersoon"] or "", "leerlingen": int(r["leerlingen"])}
    )


def _bestuur_joins() -> list[Join]:
    return []


def _bestuur_columns() -> Columns:
    scholen = select(func.count(School.id)).where(School.bestuur_id == Schoolbestuur.id)
    return {
        "id": Schoolbestuur.id,
        "naam": Schoolbestuur.naam,
        "bevoegd_gezag_nummer": Schoolbestuur.bevoegd_gezag_nummer,
        "plaats": Schoolbestuur.plaats,
        "scholen": scholen.scalar_subquery(),
    }


def _bestuur_filters(f: ListFilter) -> list[ColumnElement[bool]]:
    text = text_filter(
        f.tekst, [Schoolbestuur.naam, Schoolbestuur.bevoegd_gezag_nummer, Schoolbestuur.plaats]
    )
    return narrowed(f, text, bestuur_id=Schoolbestuur.id)


def _bestuur_row(r: RowMapping) -> BestuurRow:
    return BestuurRow(**{**r, "scholen": int(r["scholen"])})


BESCHIKKING = Spec(
    table=Beschikking,
    joins=_beschikking_joins,
    columns=_beschikking_columns,
    filters=_beschikking_filters,
    sort_keys=lambda: sort_keys_of(
        _beschikking_columns(),
        BeschikkingRow,
        hidden=("id", "aanvraag_id"),
        kenmerk=(Schooljaar.start_datum, Beschikking.volgnummer),
        schooljaar=Schooljaar.start_datum,
    ),
    default_sort="kenmerk",
    id_column=Beschikking.id,
    make_row=_beschikking_row,
)


SCHOOL = Spec(
    table=School,
    joins=_school_joins,
    columns=_school_columns,
    filters=_school_filters,
    sort_keys=lambda: sort_keys_of(_school_columns(), SchoolRow),
    default_sort="naam",
    id_column=School.id,
    make_row=_school_row,
)


BESTUUR = Spec(
    table=Schoolbestuur,
    joins=_bestuur_joins,
    columns=_bestuur_columns,
    filters=_bestuur_filters,
    sort_keys=lambda: sort_keys_of(_bestuur_columns(), BestuurRow),
    default_sort="naam",
    id_column=Schoolbestuur.id,
    make_row=_bestuur_row,
)
