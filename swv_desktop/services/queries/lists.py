"""List queries for the window's tables: leerlingen, aanvragen, beschikkingen, scholen, besturen.

Everything happens in SQL: filters (schooljaar, school, status, contactpersoon, bestuur, free text),
sorting on a named column, offset/limit paging and a count, so a list of 50,000 pupils opens and
filters without loading them all. Rows are plain frozen dataclasses. Qt-free.

Need-to-know: every list is filtered in SQL by ``scope.rows`` for the signed-in actor, the same
filters the services' checks and a sync pull use (a contactpersoon sees the pupils and
applications of her own schools; the secretariaat and the beheerder see no pupil lists).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Select
from sqlalchemy import func

from swv_desktop.db import Database
from swv_desktop.dialect import without_index
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.common import Actor
from swv_desktop.services.queries.base import BESCHIKKING_STANDEN
from swv_desktop.services.queries.base import PAGE_SIZE
from swv_desktop.services.queries.base import AanvraagRow
from swv_desktop.services.queries.base import BeschikkingRow
from swv_desktop.services.queries.base import BeschikkingStand
from swv_desktop.services.queries.base import BestuurRow
from swv_desktop.services.queries.base import LeerlingRow
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.base import SchoolRow
from swv_desktop.services.queries.base import Searchable
from swv_desktop.services.queries.base import Spec
from swv_desktop.services.queries.base import search_text
from swv_desktop.services.queries.leerlingen import AANVRAAG
from swv_desktop.services.queries.leerlingen import LEERLING
from swv_desktop.services.queries.organisatie import BESCHIKKING
from swv_desktop.services.queries.organisatie import BESTUUR
from swv_desktop.services.queries.organisatie import SCHOOL

SPECS: dict[str, Spec] = {
    "leerling": LEERLING,
    "aanvraag": AANVRAAG,
    "beschikking": BESCHIKKING,
    "school": SCHOOL,
    "bestuur": BESTUUR,
}
"""The list kinds: ``leerling``, ``aanvraag``, ``beschikking``, ``school``, ``bestuur``."""


def sort_columns(kind: str) -> list[str]:
    """The column names ``fetch`` can sort ``kind`` on."""
    return list(SPECS[kind].sort_keys())


TABLES = {
    "leerling": "leerling",
    "aanvraag": "aanvraag",
    "beschikking": "beschikking",
    "school": "school",
    "bestuur": "schoolbestuur",
}
"""The table whose scope rule filters each list kind."""


def _scoped(actor: Actor, kind: str, filters: list[Any]) -> list[Any]:
    return [*filters, scope.rows(actor, TABLES[kind])]


def _order_columns(spec: Spec, sort: str | None) -> list[Any]:
    """The columns a list is sorted on (``sort`` or the default), the id last (a stable order)."""
    keys = spec.sort_keys()
    key = keys.get(sort or spec.default_sort, keys[spec.default_sort])
    return [*(key if isinstance(key, tuple) else [key]), spec.id_column]


def _page_query(
    spec: Spec,
    actor: Actor,
    kind: str,
    filt: ListFilter,
    sort: str | None,
    descending: bool,
    offset: int,
    limit: int | None,
    extra: Sequence[Any] = (),
) -> Select[Any]:
    order_cols = _order_columns(spec, sort)
    filters = _scoped(actor, kind, spec.filters(filt))
    if filt.tekst.strip():
        order_cols = [without_index(c) for c in order_cols]
    order = [c.desc() if descending else c.asc() for c in order_cols]
    # Two steps, so the row columns (some are correlated subqueries) and their joins are
    # computed for the page only, not for every row the sort has to look at.
    page = (
        spec.select_from([*filters, *order_cols])
        .add_columns(spec.id_column.label("page_id"))
        .where(*filters)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )
    return (
        spec.select_from()
        .add_columns(*spec.labelled_columns(), *extra)
        .join(page, page.c.page_id == spec.id_column)
        .order_by(*order)
    )


def fetch(
    db: Database,
    actor: Actor,
    kind: str,
    filt: ListFilter | None = None,
    *,
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[Any]:
    """One page of rows of list ``kind`` that ``actor`` may see, filtered and sorted in SQL."""
    scope.require_sealed(actor)
    spec = SPECS[kind]
    query = _page_query(spec, actor, kind, filt or ListFilter(), sort, descending, offset, limit)
    with db.read() as session:
        scope.verify(session, actor)
        rows = [spec.make_row(r) for r in session.execute(query).mappings()]
    toegangslog.lijst_bekeken(
        db, actor, kind, gefilterd=filt != ListFilter(), eerste_pagina=offset == 0
    )
    return rows


SEARCHABLE_MAX = 100_000
"""Up to this many rows a list is searched in memory; a longer one stays with SQL."""


def searchable(
    db: Database,
    actor: Actor,
    kind: str,
    filt: ListFilter | None = None,
    *,
    sort: str | None = None,
    descending: bool = False,
    max_rows: int = SEARCHABLE_MAX,
) -> Searchable | None:
    """Every row of list ``kind`` that ``actor`` may see under ``filt`` without its text, sorted,
    with the text the search looks in (``Searchable``): the list screen filters it as one types.
    ``None`` when the kind is searched in SQL only or more than ``max_rows`` rows match."""
    scope.require_sealed(actor)
    spec = SPECS[kind]
    if spec.search_columns is None:
        return None
    fields = [column.label(f"zoek_{i}") for i, column in enumerate(spec.search_columns())]
    plain = replace(filt or ListFilter(), tekst="")
    order_cols = _order_columns(spec, sort)
    # one step (no page of ids first): every row is wanted, each read once
    query = (
        spec.select_from()
        .add_columns(*spec.labelled_columns(), *fields)
        .where(*_scoped(actor, kind, spec.filters(plain)))
        .order_by(*[c.desc() if descending else c.asc() for c in order_cols])
        .limit(max_rows + 1)
    )
    with db.read() as session:
        scope.verify(session, actor)
        found = session.execute(query).mappings().all()
    if len(found) > max_rows:
        return None
    names = [field.name for field in fields]
    return Searchable(
        [spec.make_row(r) for r in found],
        [search_text([r[name] for name in names]) for r in found],
    )


def count(db: Database, actor: Actor, kind: str, filt: ListFilter | None = None) -> int:
    """How many rows of list ``kind`` that ``actor`` may see match ``filt``."""
    scope.require_sealed(actor)
    spec = SPECS[kind]
    filters = _scoped(actor, kind, spec.filters(filt or ListFilter()))
    query = spec.select_from(filters).add_columns(func.count(spec.id_column)).where(*filters)
    with db.read() as session:
        scope.verify(session, actor)
        return int(session.scalar(query) or 0)


def get_row(db: Database, actor: Actor, kind: str, record_id: int) -> Any | None:
    """The list row of one record, or ``None`` when it does not exist or ``actor`` may not see
    it."""
    scope.require_sealed(actor)
    spec = SPECS[kind]
    query = (
        spec.select_from()
        .add_columns(*spec.labelled_columns())
        .where(spec.id_column == record_id, scope.rows(actor, TABLES[kind]))
    )
    with db.read() as session:
        scope.verify(session, actor)
        row = session.execute(query).mappings().first()
        return None if row is None else spec.make_row(row)


__all__ = [
    "BESCHIKKING_STANDEN",
    "PAGE_SIZE",
    "SPECS",
    "AanvraagRow",
    "BeschikkingRow",
    "BeschikkingStand",
    "BestuurRow",
    "LeerlingRow",
    "ListFilter",
    "SchoolRow",
    "Searchable",
    "count",
    "fetch",
    "get_row",
    "searchable",
    "sort_columns",
]
