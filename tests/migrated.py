"""A database brought to a given Alembic revision by the migrations themselves (as an older
release left it), for the migration tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from swv_desktop.db import make_engine
from swv_desktop.schema import alembic_config


def upgraded(target: Path | URL, revision: str) -> Engine:
    """An engine on ``target`` after ``alembic upgrade revision`` (in one transaction)."""
    engine = make_engine(target)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return engine
