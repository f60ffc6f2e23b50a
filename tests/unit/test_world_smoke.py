"""The test world itself builds through the services (a guard for every rule test)."""

from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import AuditEntry
from swv_desktop.models import Leerling
from swv_desktop.models import Opp


def test_world_builds_with_audit(world):
    lid = world.add_leerling("100001")
    with world.db.read() as s:
        assert s.get(Leerling, lid).initialen == "T. L."
        assert s.scalar(select(func.count(Opp.id))) == 1
        assert s.scalar(select(func.count(AuditEntry.id))) == 7
