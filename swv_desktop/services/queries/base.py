"""The shared parts of the list queries: the filter, the row dataclasses and how a list kind is
described (``Spec``). Qt-free."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from datetime import datetime
from itertools import compress
from itertools import repeat
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import RowMapping
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import inspect
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import aliased

from swv_desktop.dialect import contains_ci
from swv_desktop.models import Gebruiker
from swv_desktop.models import Instroomroute
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst

PAGE_SIZE = 200


class BeschikkingStand(enum.StrEnum):
    """Where a beschikking stands: a concept, issued (uitgegeven) but not sent, or sent."""

    CONCEPT = "concept"
    UITGEGEVEN = "uitgegeven"
    VERZONDEN = "verzonden"

    @property
    def label(self) -> str:
        return {
            BeschikkingStand.CONCEPT: "Nog niet uitgegeven",
            BeschikkingStand.UITGEGEVEN: "Uitgegeven, niet verzonden",
            BeschikkingStand.VERZONDEN: "Verzonden",
        }[self]


BESCHIKKING_STANDEN = {stand: stand.label for stand in BeschikkingStand}
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
    def stand(self) -> BeschikkingStand:
        """Concept, uitgegeven or verzonden."""
        if self.verzonden_op is not None:
            return BeschikkingStand.VERZONDEN
        if self.uitgegeven_op is not None:
            return BeschikkingStand.UITGEGEVEN
        return BeschikkingStand.CONCEPT


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


def text_filter(tekst: str, columns: Sequence[Any]) -> ColumnElement[bool] | None:
    """Every word must occur (case-insensitively) in at least one of ``columns``."""
    return word_filter(tekst, lambda pattern: or_(*(contains_ci(col, pattern) for col in columns)))


def word_filter(
    tekst: str, condition: Callable[[str], ColumnElement[bool]]
) -> ColumnElement[bool] | None:
    """``condition(pattern)`` must hold for the ``%word%`` pattern of every word typed."""
    words = _words(tekst)
    if not words:
        return None
    return and_(*(condition(f"%{w}%") for w in words))


def narrowed(
    f: ListFilter, text: ColumnElement[bool] | None, **columns: Any
) -> list[ColumnElement[bool]]:
    """The conditions of a list's filter: ``text`` (the free text's, ``None`` when nothing was
    typed) and ``column == f.<field>`` for each ``field=column`` whose value ``f`` sets, in the
    order given (``narrowed(f, text, school_id=Aanvraag.school_id)``)."""
    out = [] if text is None else [text]
    for field, column in columns.items():
        value = getattr(f, field)
        if value is not None:
            out.append(column == value)
    return out


def search_words(tekst: str) -> list[str]:
    """The words of a search text as the search in memory compares them (lower case)."""
    return [w.lower() for w in _words(tekst)]


def search_text(values: Sequence[Any]) -> str:
    """The searched fields of one row for the search in memory: lower case, one field per line
    (a typed word holds no line break, so it never matches across two fields, as in SQL)."""
    return "\n".join(str(value).lower() for value in values if value)


@dataclass(frozen=True)
class Searchable:
    """Every row of a list (its filter without the text, in its sort order) with the text the
    search field looks in: filtering as one types needs no query per keystroke. The same words
    match as in SQL (every word in at least one field, regardless of case)."""

    rows: list[Any]
    texts: list[str]

    def filter(self, tekst: str, within: Searchable | None = None) -> Searchable:
        """The rows that match ``tekst``, in their order (with their texts, so the next,
        longer text can be looked for in these: ``within`` is the result for a text whose
        words this one's contain, as while typing on)."""
        words = search_words(tekst)
        source = self if within is None else within
        if not words:
            return source
        rows, texts = source.rows, source.texts
        for word in words:  # each word narrows what the one before it kept
            # the loop runs in C (map, compress): the first keystroke looks through every row,
            # and a Python loop building a pair per match took 30-60 ms for 50,000 pupils
            keep = list(map(operator.contains, texts, repeat(word)))
            if False in keep:  # nothing dropped (every pupil number holds "ll-0"): same lists
                rows, texts = list(compress(rows, keep)), list(compress(texts, keep))
        return Searchable(rows, texts)

    @staticmethod
    def narrows(before: str, after: str) -> bool:
        """True when every row matching ``after`` also matches ``before`` (each word typed
        before is contained in a word of the new text)."""
        old, new = search_words(before), search_words(after)
        return bool(old) and all(any(w in n for n in new) for w in old)


Columns = dict[str, Any]
"""The columns of a list row by name: each becomes ``expression.label(name)`` in the query."""

Join = tuple[Any, Any, bool]
"""(entity, on-clause, outer) of one join of a list query."""


def sort_keys_of(
    columns: Columns, row: type, *, hidden: Sequence[str] = ("id",), **computed: Any
) -> dict[str, Any]:
    """A list's sort keys: one per field of its ``row`` dataclass (what the list shows, in that
    order) but the ``hidden`` ones; each sorts on the row column of that name, unless
    ``computed`` says how it sorts (a name on its parts, a schooljaar on its start)."""
    return {
        f.name: computed[f.name] if f.name in computed else columns[f.name]
        for f in fields(row)
        if f.name not in hidden
    }


def tables_of(*expressions: Any) -> set[Any]:
    """The tables (and aliases) the outer query needs for ``expressions`` (not those that only a
    self-contained subquery inside them reads)."""
    found: set[Any] = set()
    for expression in expressions:
        clause = getattr(expression, "__clause_element__", None)
        root = clause() if clause is not None else expression  # ORM attribute -> column
        found.update(root._from_objects)
    return found


@dataclass(frozen=True)
class Spec:
    """How one list is queried: main table and joins, row columns, filters, sort keys, rows."""

    table: Any
    joins: Callable[[], list[Join]]
    columns: Callable[[], Columns]
    filters: Callable[[ListFilter], list[ColumnElement[bool]]]
    sort_keys: Callable[[], dict[str, Any]]
    default_sort: str
    id_column: Any
    make_row: Callable[[RowMapping], Any]
    search_columns: Callable[[], list[Any]] | None = None
    """The columns the free text is looked for in, for the search in memory (``Searchable``);
    the same as the text filter of ``filters`` (``None``: the list is searched in SQL only)."""

    def labelled_columns(self) -> list[Any]:
        """The row columns, each labelled with its name (rows are read by name)."""
        return [expression.label(name) for name, expression in self.columns().items()]

    def select_from(self, uses: Sequence[Any] | None = None) -> Select[Any]:
        """``SELECT ... FROM`` the main table with its joins; with ``uses``, only the joins those
        expressions need (and the joins those depend on), so a count or a page of ids does not
        pay for joins only the shown columns need."""
        joins = self.joins()
        if uses is not None:
            needed = tables_of(*uses)
            grew = True
            while grew:
                grew = False
                for entity, on, _outer in joins:
                    if inspect(entity).selectable in needed and not tables_of(on) <= needed:
                        needed |= tables_of(on)
                        grew = True
            joins = [j for j in joins if inspect(j[0]).selectable in needed]
        query = select().select_from(self.table)
        for entity, on, outer in joins:
            query = query.join(entity, on, isouter=outer)
        return query


CP = aliased(Gebruiker, name="cp")
"""The contactpersoon (a Gebruiker joined under its own name)."""
