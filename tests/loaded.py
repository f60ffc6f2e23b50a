"""What a form would have loaded, for tests that call a workflow service directly: the version of
an aanvraag as it is stored right now (a person who just opened it)."""

from __future__ import annotations

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag


def aanvraag_versie(db: Database, aanvraag_id: object) -> int:
    """The stored version of aanvraag ``aanvraag_id`` (0 when there is none: the service then
    refuses the id itself)."""
    if type(aanvraag_id) is not int or not 0 < aanvraag_id < 2**63:
        return 0
    with db.read() as session:
        row = session.get(Aanvraag, aanvraag_id)
        return row.versie if row is not None else 0
