"""The log formatter leaves out values: a pupil's name given as a log argument, in an error's
text (also a chained one, also SQLAlchemy's SQL parameters) or in a ``KnownError`` never reaches
the log file; the fixed text, numbers, paths and values marked ``safe`` do."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from swv_desktop.errors import KnownError
from swv_desktop.logsafe import HIDDEN
from swv_desktop.logsafe import PrivacyFormatter
from swv_desktop.logsafe import safe

NAME = "Fenna de Vries-Ouwehand"


@pytest.fixture
def logged(tmp_path: Path):
    """A logger writing through the formatter to a real file; returns a reader of that file."""
    path = tmp_path / "swv-desktop.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(PrivacyFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("test.logsafe")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, lambda: path.read_text(encoding="utf-8")
    logger.removeHandler(handler)
    handler.close()


def test_text_arguments_are_left_out_and_the_rest_is_kept(logged) -> None:
    logger, read = logged
    logger.info("leerling %s opgeslagen (poging %d van %d)", NAME, 2, 5)
    logger.info("rol %s, bestand %s, actief %s", safe("secretariaat"), Path("/tmp/x.db"), True)
    logger.info("velden: %(naam)s", {"naam": NAME})
    written = read()
    assert NAME not in written
    assert f"leerling {HIDDEN} opgeslagen (poging 2 van 5)" in written
    assert "rol secretariaat, bestand /tmp/x.db, actief True" in written
    assert f"velden: {HIDDEN}" in written


def test_tracebacks_keep_their_frames_but_not_the_texts(logged) -> None:
    logger, read = logged

    def save_pupil() -> None:
        try:
            raise ValueError(f"geboortedatum van {NAME} ontbreekt")
        except ValueError as exc:
            raise KnownError(f"{NAME} staat al ingeschreven") from exc

    try:
        save_pupil()
    except KnownError:
        logger.exception("onverwachte fout")
    try:
        None.naam  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError:
        logger.exception("fout in de code")
    written = read()
    assert NAME not in written
    assert "in save_pupil" in written and "raise KnownError(" in written  # frames and code
    assert "ValueError (tekst weggelaten)" in written
    assert "swv_desktop.errors.KnownError (tekst weggelaten)" in written
    assert "directe oorzaak" in written
    assert "AttributeError: 'NoneType' object has no attribute 'naam'" in written


def test_sql_parameters_of_a_database_error_stay_out(logged, tmp_path: Path) -> None:
    logger, read = logged
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as con:
        con.execute(text("CREATE TABLE leerling (naam TEXT UNIQUE)"))
        con.execute(text("INSERT INTO leerling VALUES (:n)"), {"n": NAME})
    with pytest.raises(IntegrityError) as raised, engine.begin() as con:
        con.execute(text("INSERT INTO leerling VALUES (:n)"), {"n": NAME})
    assert NAME in str(raised.value)  # SQLAlchemy's own text holds the parameters
    logger.error("opslaan mislukt", exc_info=raised.value)
    written = read()
    assert NAME not in written
    assert "sqlalchemy.exc.IntegrityError (tekst weggelaten)" in written
    assert f"{sqlite3.IntegrityError.__module__}.IntegrityError" in written
    engine.dispose()
