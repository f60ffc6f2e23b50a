"""After ``server import`` the imported rows reach the laptops at their next pull: a laptop
that synchronised before the import receives them, and an imported account signs in on a new
laptop with the password it had in the standalone file. Real PostgreSQL, a real server process,
a real encrypted standalone demo file."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyed import DEMO_PASSWORD
from sqlalchemy import text

from swv_desktop.cli import main
from swv_desktop.demo.generator import generate_demo
from swv_desktop.sync.client import Laptop

from .harness import PASSWORD
from .harness import Team
from .harness import replica_rows
from .harness import server_rows


def test_a_pull_after_the_import_delivers_the_imported_rows(
    online: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = online
    laptop = team.laptop("directeur", "directeur-import")
    try:
        laptop.sync_round()
        with laptop.db.read() as session:
            before = session.execute(text("SELECT count(*) FROM leerling")).scalar_one()
        standalone = tmp_path / "bureau.db"
        generate_demo(standalone, leerlingen=20)
        monkeypatch.setenv("SWV_PASSWORD", DEMO_PASSWORD)
        monkeypatch.setenv("SWV_SERVER_PASSWORD", PASSWORD)
        url = team.db.engine.url.render_as_string(hide_password=False)
        argv = ["server", "import", "--database", url, "--from", str(standalone)]
        assert main([*argv, "--user", "beheerder"]) == 0

        result = laptop.sync_round()
        assert result.exit_code == 0
        rows = replica_rows(laptop)
        assert len(rows["leerling"]) == before + 20
        assert rows == server_rows(team, laptop.actor)  # exactly the server's state
    finally:
        laptop.close()
    imported = Laptop.open(
        team.folder / "pd-uit-bestand.db", team.server.address, "programmadirecteur", DEMO_PASSWORD
    )
    try:
        imported.sync_round()
        assert len(replica_rows(imported)["aanvraag"]) >= 13
    finally:
        imported.close()
