"""What "Over dit programma" shows: the version, where the data, the backups and the log are,
whether the file is encrypted, the database's schema revision and which server it uses. Qt-free;
support can be given these lines (they hold no personal data)."""

from __future__ import annotations

import platform

from swv_desktop import __version__
from swv_desktop import paths
from swv_desktop.db import Database
from swv_desktop.schema import current_revision
from swv_desktop.schema import head_revision
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.scope import Recht


def about_lines(db: Database, actor: Actor) -> list[tuple[str, str]]:
    """(label, value) pairs in the order the window shows them (every signed-in role)."""
    scope.active(db, actor, Recht.OVERZICHT)
    try:
        revision = current_revision(db.engine) or "onbekend"
    except Exception:  # noqa: BLE001 - an about box never fails on a detail
        revision = "niet te lezen"
    path = db.path
    if path is not None:
        waar = str(path)
        server = "Geen: de gegevens staan alleen op deze computer"
        encrypted = "Ja (SQLCipher, AES-256)" if db.keys is not None else "Nee"
        backups = str(paths.backup_dir(path))
    else:
        waar = db.location
        server = f"PostgreSQL: {db.location}"
        encrypted = "Op de server (versleutelde verbinding en schijf)"
        backups = "Op de server (pg_dump, zie de handleiding)"
    return [
        ("Versie", __version__),
        ("Database", waar),
        ("Versleuteld", encrypted),
        ("Schemaversie", f"{revision} (deze versie verwacht {head_revision()})"),
        ("Team-server", server),
        ("Reservekopieën", backups),
        ("Logbestand", str(paths.log_dir())),
        ("Python", platform.python_version()),
        ("Systeem", f"{platform.system()} {platform.release()}"),
    ]
