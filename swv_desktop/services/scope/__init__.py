"""Need-to-know: the one place that says who may see and do what.

Three layers, one module each (all of them importable from here, as ``scope.<name>``):

- **The pass** (``pas``). An ``Actor`` is valid only with the seal that sign-in gave it
  (``issue``, called by ``auth.actor_for`` after a password check); a caller that builds
  ``Actor(...)`` itself has no seal and is refused. ``verify`` also reloads the account, so a
  deactivated user (or one whose role changed) is refused at her next call.
- **Rights per role** (``rechten``: ``Recht``, ``RECHTEN``): what each role may do at all, and
  the opening of a service call (``require``, ``check``, ``transaction``, ``read``).
- **Rows per actor** (``rijen``: ``rows(actor, table)``): SQLAlchemy filters that say which rows
  of each table an actor may see. The services' checks for one record (``require_leerling``
  ...), the window's lists and a sync pull all use the same filters, so they cannot drift apart.

Who sees what:

| rol | ziet |
| --- | --- |
| contactpersoon | de scholen die aan haar zijn toegewezen, met hun leerlingen, OPP's, aanvragen, besluiten, brieven, gesprekken, het geld na de toekenning en het VSO-register |
| programmadirecteur | alles |
| secretariaat | scholen, besturen, beschikkingen en vaststellingen (met initialen, nooit namen), verzenddata, betalingen en terugbetalingen; geen leerlingen of OPP's |
| beheerder | gebruikers, instellingen, schooljaren, brieventeksten, reservekopieën, scholen en besturen; geen leerlinggegevens |
"""

from __future__ import annotations

from swv_desktop.services.common import Actor as Actor
from swv_desktop.services.scope.pas import NOT_SIGNED_IN
from swv_desktop.services.scope.pas import issue
from swv_desktop.services.scope.pas import require_sealed
from swv_desktop.services.scope.pas import sealed
from swv_desktop.services.scope.pas import verify
from swv_desktop.services.scope.rechten import RECHTEN
from swv_desktop.services.scope.rechten import Recht
from swv_desktop.services.scope.rechten import active
from swv_desktop.services.scope.rechten import check
from swv_desktop.services.scope.rechten import may
from swv_desktop.services.scope.rechten import read
from swv_desktop.services.scope.rechten import require
from swv_desktop.services.scope.rechten import transaction
from swv_desktop.services.scope.rijen import ROW_RULES
from swv_desktop.services.scope.rijen import aanvraag_rows
from swv_desktop.services.scope.rijen import audit_rows
from swv_desktop.services.scope.rijen import beschikking_rows
from swv_desktop.services.scope.rijen import besluit_rows
from swv_desktop.services.scope.rijen import leerling_rows
from swv_desktop.services.scope.rijen import my_school_ids
from swv_desktop.services.scope.rijen import require_aanvraag
from swv_desktop.services.scope.rijen import require_beschikking
from swv_desktop.services.scope.rijen import require_besluit
from swv_desktop.services.scope.rijen import require_geld
from swv_desktop.services.scope.rijen import require_leerling
from swv_desktop.services.scope.rijen import require_school
from swv_desktop.services.scope.rijen import require_vaststelling
from swv_desktop.services.scope.rijen import require_vso_inzet
from swv_desktop.services.scope.rijen import require_vso_school
from swv_desktop.services.scope.rijen import rows
from swv_desktop.services.scope.rijen import school_rows
from swv_desktop.services.scope.rijen import vso_inzet_rows

__all__ = [
    "NOT_SIGNED_IN",
    "RECHTEN",
    "ROW_RULES",
    "Recht",
    "aanvraag_rows",
    "active",
    "audit_rows",
    "beschikking_rows",
    "besluit_rows",
    "check",
    "issue",
    "leerling_rows",
    "may",
    "my_school_ids",
    "read",
    "require",
    "require_aanvraag",
    "require_beschikking",
    "require_besluit",
    "require_geld",
    "require_leerling",
    "require_school",
    "require_sealed",
    "require_vaststelling",
    "require_vso_inzet",
    "require_vso_school",
    "rows",
    "school_rows",
    "sealed",
    "transaction",
    "verify",
    "vso_inzet_rows",
]
