"""The table models of the lists (pupils, applications, decisions, schools, boards): their
columns and how each value becomes text, on the shared ``QueryTableModel``.

Called table models because ``models/`` is the ORM. ``detail_fields`` gives the same texts for
the read-only detail view.
"""

from __future__ import annotations

import functools
from typing import Any

from swv_desktop.formatting import date_time
from swv_desktop.formatting import money
from swv_desktop.formatting import short_date
from swv_desktop.services.queries import lists as queries
from swv_desktop.ui.query_table_model import ID_ROLE
from swv_desktop.ui.query_table_model import ROW_ROLE
from swv_desktop.ui.query_table_model import SORT_ROLE
from swv_desktop.ui.query_table_model import Column
from swv_desktop.ui.query_table_model import QueryTableModel

__all__ = [
    "ID_ROLE",
    "ROW_ROLE",
    "SORT_ROLE",
    "TABLE_MODELS",
    "AanvragenTableModel",
    "BeschikkingenTableModel",
    "BesturenTableModel",
    "Column",
    "LeerlingenTableModel",
    "QueryTableModel",
    "ScholenTableModel",
    "detail_fields",
]


def _label(value: Any) -> str:
    return "" if value is None else str(value.label)


@functools.lru_cache(maxsize=8192)
def _money(value: int | None) -> str:
    """Amounts repeat (budgets are round sums): babel's formatting of one takes a tenth of a
    millisecond, a page of new rows after a keystroke some thirty of them."""
    return "" if value is None else money(value)


def _date(value: Any) -> str:
    return short_date(value)


def _stand(row: queries.BeschikkingRow) -> str:
    if row.verzonden_op is not None:
        return f"Verzonden op {short_date(row.verzonden_op)}"
    return row.stand.label


class LeerlingenTableModel(QueryTableModel):
    KIND = "leerling"
    COL_NUMMER, COL_NAAM, COL_GEBOORTEDATUM, COL_SCHOOL, COL_KLAS = range(5)
    COL_INSTROOM, COL_OPP = range(5, 7)
    COLUMNS = (
        Column("leerlingnummer", "Leerlingnummer", max_width=140),
        Column("naam", "Naam", max_width=200),
        Column("geboortedatum", "Geboren", _date, max_width=105),
        Column("school", "School"),
        Column("klas", "Klas", max_width=130),
        Column("instroomroute", "Instroom", _label, max_width=145),
        Column("opp_vastgesteld_op", "OPP vastgesteld", _date, max_width=140),
    )
    DEFAULT_SORT = COL_NAAM
    STRETCH = COL_SCHOOL


class AanvragenTableModel(QueryTableModel):
    KIND = "aanvraag"
    COL_NUMMER, COL_DATUM, COL_LEERLING, COL_SCHOOL, COL_CONTACTPERSOON = range(5)
    COL_AANGEVRAAGD, COL_TOEGEKEND, COL_STATUS = range(5, 8)
    COLUMNS = (
        Column("nummer", "Nummer", max_width=105),
        Column("aanvraagdatum", "Datum", _date, max_width=110),
        Column("leerling", "Leerling", max_width=170),
        Column("school", "School"),
        Column("contactpersoon", "Contactpersoon", max_width=140),
        Column("aangevraagd_cents", "Aangevraagd", _money, right=True, max_width=125),
        Column("toegekend_cents", "Toegekend", _money, right=True, max_width=115),
        Column("status", "Status", _label, max_width=175),
    )
    DEFAULT_SORT = COL_DATUM
    DEFAULT_DESCENDING = True
    STRETCH = COL_SCHOOL


class BeschikkingenTableModel(QueryTableModel):
    KIND = "beschikking"
    COL_KENMERK, COL_BRIEFDATUM, COL_AANVRAAG, COL_SCHOOL, COL_BESTUUR = range(5)
    COL_UITKOMST, COL_BEDRAG, COL_STAND = range(5, 8)
    COLUMNS = (
        Column("kenmerk", "Kenmerk", max_width=130),
        Column("briefdatum", "Briefdatum", _date, max_width=110),
        Column("aanvraag_nummer", "Aanvraag", max_width=100),
        Column("school", "School"),
        Column("bestuur", "Bestuur", max_width=170),
        Column("uitkomst", "Besluit", _label, max_width=165),
        Column("toegekend_cents", "Bedrag", _money, right=True, max_width=115),
        Column("*", "Stand", _stand, sortable=False, max_width=185),
    )
    DEFAULT_SORT = COL_KENMERK
    DEFAULT_DESCENDING = True
    STRETCH = COL_SCHOOL


class ScholenTableModel(QueryTableModel):
    KIND = "school"
    COL_NAAM, COL_BRIN, COL_VESTIGING, COL_PLAATS, COL_BESTUUR = range(5)
    COL_CONTACTPERSOON, COL_COORDINATOR, COL_LEERLINGEN = range(5, 8)
    COLUMNS = (
        Column("naam", "School"),
        Column("brin", "BRIN", max_width=70),
        Column("vestigingsnummer", "Vestiging", max_width=95),
        Column("plaats", "Plaats", max_width=120),
        Column("bestuur", "Bestuur", max_width=190),
        Column("contactpersoon", "Contactpersoon", max_width=150),
        Column("ondersteuningscoordinator", "Coördinator", max_width=180),
        Column("leerlingen", "Leerlingen", right=True, max_width=100),
    )
    STRETCH = COL_NAAM


class BesturenTableModel(QueryTableModel):
    KIND = "bestuur"
    COL_NAAM, COL_NUMMER, COL_PLAATS, COL_SCHOLEN = range(4)
    COLUMNS = (
        Column("naam", "Bestuur"),
        Column("bevoegd_gezag_nummer", "Bevoegd gezag"),
        Column("plaats", "Plaats"),
        Column("scholen", "Scholen", right=True),
    )
    STRETCH = COL_NAAM


TABLE_MODELS: dict[str, type[QueryTableModel]] = {
    m.KIND: m
    for m in (
        LeerlingenTableModel,
        AanvragenTableModel,
        BeschikkingenTableModel,
        ScholenTableModel,
        BesturenTableModel,
    )
}
"""The table model of each list kind."""


def detail_fields(kind: str, row: Any) -> list[tuple[str, str]]:
    """(header, text) of every column of ``row``: what the read-only detail view shows."""
    out = []
    for column in TABLE_MODELS[kind].COLUMNS:
        value = row if column.attr == "*" else getattr(row, column.attr)
        out.append((column.header, column.text(value)))
    if kind == "leerling":
        out.append(("Contactpersoon van de school", row.contactpersoon))
    if kind == "aanvraag":
        out.insert(2, ("Soort", row.soort.label))
        out.append(("Schooljaar", row.schooljaar))
    if kind == "beschikking":
        out.append(("Schooljaar", row.schooljaar))
        if row.uitgegeven_op is not None:
            out.append(("Uitgegeven op", date_time(row.uitgegeven_op)))
    return out
