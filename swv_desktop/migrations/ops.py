"""Small building blocks the migration scripts share (tables, columns, foreign keys, indexes).

A migration is history: it must create at its revision what it created then, whatever the models
say today. So this module never imports ``swv_desktop.models``; it only spells out, once, the
names and options that Alembic's autogenerate wrote out in full in every script (the naming
convention of ``models/base.py`` at the time: ``pk_<table>``, ``fk_<table>_<column>_<target>``,
``ix_<table>_<column>``). Change nothing here that an existing revision uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

REFERS_TO = "refers_to"
"""The key in a ``reference`` column's ``info`` that names the table it refers to."""


def create_table(
    name: str,
    *items: SchemaItem,
    unique: Sequence[Sequence[str]] = (),
    key: Sequence[str] = (),
    indexes: Sequence[str] = (),
) -> None:
    """``op.create_table`` of ``name``: the integer ``id`` first, then ``items`` (the other columns
    and constraints), the foreign key of each ``reference`` column (ordered by column name, as
    autogenerate wrote them), a unique constraint ``uq_<name>_<first column>`` on each column list
    in ``unique`` and the primary key ``pk_<name>``; then ``create_indexes(name, *indexes)``.

    A table keyed by other columns names them in ``key``: it gets no ``id``."""
    references = sorted(
        (item for item in items if isinstance(item, sa.Column) and REFERS_TO in item.info),
        key=lambda column: column.name,
    )
    op.create_table(
        name,
        *(() if key else (sa.Column("id", sa.Integer(), nullable=False),)),
        *items,
        *(foreign_key(name, column.name, column.info[REFERS_TO]) for column in references),
        *(
            sa.UniqueConstraint(*columns, name=op.f(f"uq_{name}_{columns[0]}"))
            for columns in unique
        ),
        sa.PrimaryKeyConstraint(*(key or ("id",)), name=op.f(f"pk_{name}")),
    )
    if indexes:
        create_indexes(name, *indexes)


def drop_table(name: str, *indexes: str) -> None:
    """Undo ``create_table``: ``drop_indexes(name, *indexes)``, then ``op.drop_table(name)``."""
    if indexes:
        drop_indexes(name, *indexes)
    op.drop_table(name)


def not_null(name: str, type_: sa.types.TypeEngine[Any], default: str) -> sa.Column[Any]:
    """A NOT NULL column with a server default: what a column added to a table that may hold rows
    needs (they get ``default``)."""
    return sa.Column(name, type_, nullable=False, server_default=default)


def versie() -> sa.Column[int]:
    """The ``versie`` of an editable record (revision 0007): INTEGER NOT NULL, server default 1."""
    return not_null("versie", sa.Integer(), "1")


def letter_columns() -> tuple[sa.Column[Any], ...]:
    """The columns of a letter that is frozen once issued (``models.base.IssuedLetter`` as 0001
    and 0009 created it; its ``zegel`` came later): sent on, issued at, the PDF and its sha256."""
    return (
        sa.Column("verzonden_op", sa.Date(), nullable=True),
        sa.Column("uitgegeven_op", sa.DateTime(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
    )


def actor_columns() -> tuple[sa.Column[Any], ...]:
    """When and by whom a log line was written, as 0001's ``audit_entry`` and 0015's
    ``toegangslog`` (which took the views over from it, these three columns as they were) have
    them: the moment, the user (NULL: none, or no longer known) and the user name of then."""
    return (
        sa.Column("op", sa.DateTime(), nullable=False),
        reference("gebruiker_id", "gebruiker", nullable=True),
        sa.Column("gebruikersnaam", sa.String(length=80), nullable=False),
    )


def add_columns(table: str, *columns: sa.Column[Any]) -> None:
    """Add these columns to ``table`` in one batch (on SQLite a plain ADD COLUMN each)."""
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.add_column(column)


def drop_columns(table: str, *names: str) -> None:
    """Drop these columns of ``table``, in this order, in one batch (one rebuild on SQLite)."""
    with op.batch_alter_table(table) as batch_op:
        for name in names:
            batch_op.drop_column(name)


def enum(*values: str, name: str) -> sa.Enum:
    """A Python enum as the models store it: VARCHAR(40) with a CHECK on the values."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def foreign_key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """``table.column`` refers to ``target.id``, named as the naming convention names it."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def reference(column: str, target: str, *, nullable: bool = False) -> sa.Column[int]:
    """An integer column that refers to ``target.id``: ``create_table`` gives it its foreign key
    (``foreign_key(table, column, target)``)."""
    return sa.Column(column, sa.Integer(), nullable=nullable, info={REFERS_TO: target})


def create_indexes(table: str, *columns: str) -> None:
    """One plain (non-unique) index ``ix_<table>_<column>`` on each column, in this order."""
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def drop_indexes(table: str, *columns: str) -> None:
    """Drop the indexes ``create_indexes`` made on these columns, in this order."""
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
