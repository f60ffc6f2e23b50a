"""A list exported to Excel exactly as it is shown: the same filter, the same sort, the columns
the window shows with their Dutch headers; amounts and dates as real Excel numbers and dates,
text safe against formula injection (the report export's sheet). Every export is logged. Qt-free.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Rol
from swv_desktop.reports.excel import Cell
from swv_desktop.reports.excel import Euro
from swv_desktop.reports.excel import table_xlsx
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services import voortgang
from swv_desktop.services.common import Actor
from swv_desktop.services.common import require_role
from swv_desktop.services.queries import lists
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.scope import Recht

EXPORTERS: dict[str, tuple[Rol, ...]] = {
    "leerling": (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR),
    "aanvraag": (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR, Rol.SECRETARIAAT),
    "beschikking": (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR, Rol.SECRETARIAAT),
    "school": tuple(Rol),
    "bestuur": tuple(Rol),
}
"""Who may export which list: the roles the window offers that list."""

TITLES = {
    "leerling": "Leerlingen",
    "aanvraag": "Aanvragen",
    "beschikking": "Beschikkingen",
    "school": "Scholen",
    "bestuur": "Besturen",
}
EXPORT_PAGE = 2000


@dataclass(frozen=True)
class ExportColumn:
    """One column of the export: the row attribute and the header the window shows for it."""

    attr: str
    header: str


@dataclass(frozen=True)
class ListExport:
    """The workbook and how many rows it holds."""

    xlsx: bytes
    rijen: int


def _cell(attr: str, value: Any) -> Cell:
    if value is None:
        return None
    if attr.endswith("_cents") and isinstance(value, int):
        return Euro(value)
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return str(label if label is not None else value.value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | date | str):
        return value
    return str(value)


def export_list(
    db: Database,
    actor: Actor,
    kind: str,
    columns: Sequence[ExportColumn],
    filt: ListFilter | None = None,
    *,
    sort: str | None = None,
    descending: bool = False,
) -> ListExport:
    """Every row of list ``kind`` under ``filt`` in the order ``sort``/``descending``, with
    ``columns``, as an xlsx; one audit entry says who exported which list and how many rows (not
    what was searched for: a typed name is personal data)."""
    if kind not in lists.SPECS:
        raise ValidationError(FieldError("lijst", f"Onbekende lijst '{kind}'."))
    require_role(actor, *EXPORTERS[kind], action=f"de lijst {TITLES[kind].lower()} exporteren")
    scope.active(db, actor, Recht.OVERZICHT)
    if not columns:
        raise ValidationError(FieldError("kolommen", "Kies minstens één kolom om te exporteren."))
    filt = filt or ListFilter()
    rows: list[Any] = []
    while True:
        page = lists.fetch(
            db,
            actor,
            kind,
            filt,
            sort=sort,
            descending=descending,
            offset=len(rows),
            limit=EXPORT_PAGE,
        )
        rows.extend(page)
        if len(page) < EXPORT_PAGE:
            break
    for column in columns:
        if rows and not hasattr(rows[0], column.attr):
            raise ValidationError(FieldError("kolommen", f"Onbekende kolom '{column.header}'."))
    body = [[_cell(c.attr, getattr(row, c.attr)) for c in columns] for row in rows]
    xlsx = table_xlsx(TITLES[kind], [c.header for c in columns], body)
    gefilterd = any(
        value not in (None, "") for value in vars(filt).values()
    )  # whether, not what: the search text may hold a name
    toegangslog.export_gemaakt(
        db,
        actor,
        objectsoort=f"lijst_{kind}",
        omschrijving=f"{TITLES[kind]} naar Excel, {len(rows)} rijen"
        + (", gefilterd" if gefilterd else ""),
    )
    return ListExport(xlsx, len(rows))


def export_gesprekken(
    db: Database,
    actor: Actor,
    today: date,
    *,
    contactpersoon_id: int | None = None,
    upcoming: bool = False,
) -> ListExport:
    """The Voortgang page's list (the overdue talks, or those coming up) as an xlsx, as shown:
    the same selection and order; logged like every list export."""
    scope.active(db, actor, Recht.AANVRAGEN_ZIEN)
    if upcoming:
        rows = voortgang.upcoming_gesprekken(db, actor, today, contactpersoon_id=contactpersoon_id)
        last = "Over (dagen)"
    else:
        rows = voortgang.overdue_gesprekken(db, actor, today, contactpersoon_id=contactpersoon_id)
        last = "Dagen te laat"
    header = ["Aanvraag", "Leerling", "School", "Contactpersoon", "Gesprek uiterlijk", last]
    body: list[list[Cell]] = [
        [
            r.nummer,
            r.leerlingnummer,
            r.school_naam,
            r.contactpersoon_naam,
            r.due,
            -r.days_overdue if upcoming else r.days_overdue,
        ]
        for r in rows
    ]
    title = "Gesprekken binnenkort" if upcoming else "Achterstallige gesprekken"
    xlsx = table_xlsx(title, header, body)
    kind = "binnenkort" if upcoming else "achterstallig"
    toegangslog.export_gemaakt(
        db,
        actor,
        objectsoort=f"lijst_gesprekken_{kind}",
        omschrijving=f"{title} naar Excel, {len(rows)} rijen",
    )
    return ListExport(xlsx, len(rows))


__all__ = ["EXPORTERS", "ExportColumn", "ListExport", "export_gesprekken", "export_list"]
