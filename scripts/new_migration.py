"""Create a new Alembic revision from the difference between the models and the newest schema.

Usage: ``make migration MSG="korte omschrijving"`` (or ``python scripts/new_migration.py "..."``).
Builds a throw-away database at head, autogenerates against it, numbers the revision 0002, 0003 ...
Read and edit the generated file before committing it.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from swv_desktop.db import make_engine
from swv_desktop.schema import alembic_config
from swv_desktop.schema import migrate


def main(message: str) -> int:
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    next_id = f"{len(list(script.walk_revisions())) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "head.db"
        engine = make_engine(path)
        migrate(engine, path)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=next_id)
        engine.dispose()
    schema_module = Path(__file__).resolve().parent.parent / "swv_desktop" / "schema.py"
    source = schema_module.read_text(encoding="utf-8")
    schema_module.write_text(
        re.sub(r'^SCHEMA_HEAD = "\d+"$', f'SCHEMA_HEAD = "{next_id}"', source, flags=re.M),
        encoding="utf-8",
    )
    print(
        f"Nieuwe migratie {next_id} staat in swv_desktop/migrations/versions/; lees en controleer hem."
    )
    print(f"SCHEMA_HEAD in swv_desktop/schema.py is nu {next_id}.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].strip():
        print('Gebruik: make migration MSG="korte omschrijving"', file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
