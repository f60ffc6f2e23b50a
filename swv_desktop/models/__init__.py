"""The ORM models (SQLAlchemy 2, typed). One module per aggregate; everything re-exported here."""

from swv_desktop.models.aanvraag import Aanvraag
from swv_desktop.models.aanvraag import AanvraagVoorwaarde
from swv_desktop.models.aanvraag import Groepsplan
from swv_desktop.models.aanvraag import GroepsplanLeerling
from swv_desktop.models.aanvraag import Kostenregel
from swv_desktop.models.aanvraag import StatusWijziging
from swv_desktop.models.base import DECIDED_STATUSES
from swv_desktop.models.base import OPEN_STATUSES
from swv_desktop.models.base import PENDING_STATUSES
from swv_desktop.models.base import Base
from swv_desktop.models.base import Beoordeling
from swv_desktop.models.base import Doel
from swv_desktop.models.base import Instroomroute
from swv_desktop.models.base import KostenSoort
from swv_desktop.models.base import LeerlingResultaat
from swv_desktop.models.base import Rol
from swv_desktop.models.base import Soort
from swv_desktop.models.base import Status
from swv_desktop.models.base import Toestemming
from swv_desktop.models.base import Uitkomst
from swv_desktop.models.base import Voorwaarde
from swv_desktop.models.base import VsoBetrokkenheid
from swv_desktop.models.base import utcnow
from swv_desktop.models.besluit import AuditEntry
from swv_desktop.models.besluit import Beschikking
from swv_desktop.models.besluit import Besluit
from swv_desktop.models.besluit import BudgetNotitie
from swv_desktop.models.besluit import Voortgangsgesprek
from swv_desktop.models.bewaren import Verwijdering
from swv_desktop.models.leerling import Leerling
from swv_desktop.models.leerling import LeerlingUitkomst
from swv_desktop.models.leerling import Opp
from swv_desktop.models.organisatie import BriefTekst
from swv_desktop.models.organisatie import EvaluatieAntwoord
from swv_desktop.models.organisatie import EvaluatieTekst
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import Organisatie
from swv_desktop.models.organisatie import School
from swv_desktop.models.organisatie import Schoolbestuur
from swv_desktop.models.organisatie import Schooljaar
from swv_desktop.models.sync import SyncApparaat
from swv_desktop.models.sync import SyncIdBlok
from swv_desktop.models.sync import SyncOpdracht
from swv_desktop.models.sync import SyncSessie
from swv_desktop.models.sync import SyncWijziging
from swv_desktop.models.toegang import Toegang
from swv_desktop.models.toegang import ToegangActie
from swv_desktop.models.verantwoording import Afwikkeling
from swv_desktop.models.verantwoording import BestedingSoort
from swv_desktop.models.verantwoording import Betaling
from swv_desktop.models.verantwoording import Terugbetaling
from swv_desktop.models.verantwoording import Vaststelling
from swv_desktop.models.verantwoording import Verantwoording
from swv_desktop.models.vso import VraagSoort
from swv_desktop.models.vso import VsoInzet

__all__ = [
    "Afwikkeling",
    "BestedingSoort",
    "Betaling",
    "Terugbetaling",
    "Vaststelling",
    "Verantwoording",
    "VraagSoort",
    "Verwijdering",
    "VsoInzet",
    "DECIDED_STATUSES",
    "OPEN_STATUSES",
    "PENDING_STATUSES",
    "Aanvraag",
    "AanvraagVoorwaarde",
    "AuditEntry",
    "Base",
    "Beoordeling",
    "Beschikking",
    "Besluit",
    "BriefTekst",
    "BudgetNotitie",
    "Doel",
    "EvaluatieAntwoord",
    "EvaluatieTekst",
    "Gebruiker",
    "Groepsplan",
    "GroepsplanLeerling",
    "Instroomroute",
    "Kostenregel",
    "KostenSoort",
    "Leerling",
    "LeerlingResultaat",
    "LeerlingUitkomst",
    "Opp",
    "Organisatie",
    "Rol",
    "School",
    "Schoolbestuur",
    "Schooljaar",
    "Soort",
    "Status",
    "StatusWijziging",
    "SyncIdBlok",
    "SyncOpdracht",
    "SyncApparaat",
    "SyncSessie",
    "SyncWijziging",
    "Toegang",
    "ToegangActie",
    "Toestemming",
    "Uitkomst",
    "Voortgangsgesprek",
    "Voorwaarde",
    "VsoBetrokkenheid",
    "utcnow",
]
