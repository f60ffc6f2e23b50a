"""Migrations on both databases: one chain; an empty database upgraded to head equals the models;
a database of the previous release's schema (revision 0002) with data is upgraded to head, keeps
every row and then holds amounts past 32 bits (BigInteger cents); a demo made on the database
passes ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from keyed import unlock
from migrated import upgraded
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.check.database import check_database
from swv_desktop.demo.generator import generate_demo
from swv_desktop.models import Base
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.schema import current_revision
from swv_desktop.schema import head_revision

PREVIOUS_RELEASE = "0002"


def test_empty_database_upgraded_to_head_equals_the_models(new_target):
    target = new_target(empty=True)
    engine = upgraded(target, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert diff == []


def test_previous_release_with_data_upgrades_to_head(new_target):
    from swv_desktop.opening import open_database

    target = new_target(empty=True)
    engine = upgraded(target, PREVIOUS_RELEASE)
    with engine.begin() as conn:
        for i in range(25):  # the 0002 columns only (later revisions add more)
            conn.exec_driver_sql(
                "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
                f"VALUES ('Stichting Oud {i}', '{40000 + i}', '', '', '')"
            )
        conn.exec_driver_sql(
            "INSERT INTO schooljaar (label, start_datum, eind_datum, budget_cents, "
            "individueel_max_cents, groep_max_cents, groep_min_leerlingen, "
            "voortgang_interval_maanden) VALUES "
            "('2021-2022', '2021-08-01', '2022-07-31', 15000000, 800000, 4000000, 5, 3)"
        )
    engine.dispose()
    db = open_database(target)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.transaction() as s:
            assert s.scalar(select(func.count(Schoolbestuur.id))) == 25
            assert s.scalar(select(Schooljaar.budget_cents)) == 15_000_000
            s.execute(update(Schooljaar).values(budget_cents=2_500_000_000))
        with db.read() as s:
            assert s.scalar(select(Schooljaar.budget_cents)) == 2_500_000_000
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.close()


def test_a_demo_on_the_database_passes_check(new_target):
    target = new_target(empty=True, name="demo.db")
    summary = generate_demo(target, leerlingen=40)
    assert summary.count("leerling") == 40
    keys = unlock(target) if isinstance(target, Path) else None  # the SQLite demo is encrypted
    report = check_database(target, keys=keys)
    assert report.ok, report.findings
    assert any("2022-2023: toegekend" in line for line in report.lines)


def test_a_url_is_never_taken_for_a_path(tmp_path, monkeypatch, capsys):
    from swv_desktop.cli import main

    monkeypatch.chdir(tmp_path)
    url = "postgresql+psycopg://niemand@/swv?host=/nergens&port=1"
    assert main(["demo", "--db", url]) == 1
    assert main(["check", "--db", url]) == 1
    with pytest.raises(SystemExit) as refused:  # a wrong --db is a usage error, as argparse says
        main(["demo", "--db", "mysql://x/y"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "niet bereikbaar" in err and "wordt niet ondersteund" in err
    assert list(tmp_path.iterdir()) == []  # no folder named 'postgresql+psycopg:'
