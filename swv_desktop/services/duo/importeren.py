"""The DUO import itself: what the preview showed, written in one transaction through the same
rules as the school and board forms. A record changed by someone between preview and import, or
refused by a rule, stops the import: nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Schoolbestuur
from swv_desktop.services import scholen
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.duo.plan import Actie
from swv_desktop.services.duo.plan import ImportPlan
from swv_desktop.services.duo.plan import PlanRegel
from swv_desktop.services.duo.plan import error_text
from swv_desktop.services.scope import Recht


@dataclass(frozen=True)
class ImportVerslag:
    """What the import wrote."""

    besturen_toegevoegd: int
    besturen_gewijzigd: int
    scholen_toegevoegd: int
    scholen_gewijzigd: int
    overgeslagen: int

    def tekst(self) -> str:
        return (
            f"Besturen: {self.besturen_toegevoegd} toegevoegd, {self.besturen_gewijzigd} gewijzigd."
            f"\nScholen: {self.scholen_toegevoegd} toegevoegd, {self.scholen_gewijzigd} gewijzigd."
            f"\nOvergeslagen: {self.overgeslagen}."
        )


@command("duo.importeren", online_only=True)
def apply_import(db: Database, actor: Actor, plan: ImportPlan) -> ImportVerslag:
    """Write what the preview showed, in one transaction: all of it or, when a rule refuses one
    record or someone changed one since the preview, nothing."""
    scope.require(actor, Recht.SCHOLEN_BEHEREN)
    if plan.te_doen == 0:
        raise ValidationError(FieldError("bestand", "Er is niets te importeren."))
    now = db.clock()
    with scope.transaction(db, actor, Recht.SCHOLEN_BEHEREN) as session:
        for regel in plan.regels:
            if regel.actie is not Actie.OVERSLAAN and regel.bestuur_data is not None:
                try:
                    scholen.write_bestuur(session, actor, now, regel.bestuur_data, regel.record_id)
                except ValidationError as error:
                    raise _stopped(regel, error) from error
        ids: dict[str, int] = {
            row.bevoegd_gezag_nummer: row.id
            for row in session.execute(select(Schoolbestuur.bevoegd_gezag_nummer, Schoolbestuur.id))
        }
        for regel in plan.regels:
            if regel.actie is not Actie.OVERSLAAN and regel.school_data is not None:
                data = replace(regel.school_data, bestuur_id=ids.get(regel.bestuur_nummer))
                try:
                    scholen.write_school(session, actor, now, data, regel.record_id)
                except ValidationError as error:
                    raise _stopped(regel, error) from error
        verslag = ImportVerslag(
            besturen_toegevoegd=plan.aantal(Actie.TOEVOEGEN, "bestuur"),
            besturen_gewijzigd=plan.aantal(Actie.WIJZIGEN, "bestuur"),
            scholen_toegevoegd=plan.aantal(Actie.TOEVOEGEN, "school"),
            scholen_gewijzigd=plan.aantal(Actie.WIJZIGEN, "school"),
            overgeslagen=plan.aantal(Actie.OVERSLAAN),
        )
        audit(session, actor, "import", None, "duo-import", None, vars(verslag).copy(), now=now)
    return verslag


def _stopped(regel: PlanRegel, error: ValidationError) -> ValidationError:
    wat = "bestuur" if regel.soort == "bestuur" else "school"
    return ValidationError(
        FieldError(
            "bestand",
            f"Niets geïmporteerd: {wat} {regel.sleutel} ({regel.naam}) kan niet worden "
            f"opgeslagen: {error_text(error)}",
        )
    )


__all__ = ["ImportVerslag", "apply_import"]
