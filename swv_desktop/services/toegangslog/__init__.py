"""The access log: the one helper that writes it (``schrijven``) and the one list that reads it
(``lezen``); both are used as ``toegangslog.<name>``.

**Writing.** Every service that shows pupil data, an application, a letter or a list of them,
that exports or prints, or that makes an AVG copy, calls ``vastleggen`` in the same write
transaction as its read (so nothing is shown that was not logged; a log that cannot be written
means the view fails). A list page is read in a read-only snapshot and logged right after, in a
short transaction of its own, before the page is handed back (``lijst_bekeken``; only its first
page, and once per five minutes for the same list). Sign-ins are logged by the ways in:
``toegang.Gate`` (the encrypted file), ``toegang_server.ServerGate`` (a window on PostgreSQL) and
the team server's ``aanmelden``; a failed one logs the account name that was tried, never the
password. A failed sign-in on an encrypted file cannot be written at once (without a valid
password the file stays closed): the ``Gate`` keeps it in its attempts file beside the database
and writes it at the next successful sign-in (``aanmeldingen_bijwerken``). The window and the
UI never write the table; they call these services.

**Where the log lives (team).** In the database where the view happens. The team server's log
holds the sign-ins at the server and whatever a window on the server's database does; prints are
a command (``beschikking.afgedrukt``), so a print on a laptop reaches the server's log through the
outbox. A view on a laptop's replica is logged in that replica (encrypted, never pulled) and
sent to the server with the next sync round, which writes it as the session's user and then
removes it from the laptop (``sync.inzagen``).

**Reading.** ``lijst`` (one page, newest first, with the total) and ``exporteren`` (Excel) for
the beheerder and the programmadirecteur only (``Recht.TOEGANGSLOG``); ``inzagen`` gives the AVG
copy its "who viewed" rows. Qt-free.
"""

from swv_desktop.services.toegangslog.lezen import EXPORT_MAX
from swv_desktop.services.toegangslog.lezen import KOLOMMEN
from swv_desktop.services.toegangslog.lezen import PAGINA
from swv_desktop.services.toegangslog.lezen import LogFilter
from swv_desktop.services.toegangslog.lezen import LogPagina
from swv_desktop.services.toegangslog.lezen import LogRegel
from swv_desktop.services.toegangslog.lezen import exporteren
from swv_desktop.services.toegangslog.lezen import inzagen
from swv_desktop.services.toegangslog.lezen import lijst
from swv_desktop.services.toegangslog.lezen import personen
from swv_desktop.services.toegangslog.schrijven import AUDIT_INZAGEN
from swv_desktop.services.toegangslog.schrijven import LIJST_OPNIEUW_NA
from swv_desktop.services.toegangslog.schrijven import LIJSTEN
from swv_desktop.services.toegangslog.schrijven import aanmelding_mislukt
from swv_desktop.services.toegangslog.schrijven import aanmeldingen_bijwerken
from swv_desktop.services.toegangslog.schrijven import aanvraag_bekeken
from swv_desktop.services.toegangslog.schrijven import afmelding
from swv_desktop.services.toegangslog.schrijven import beschikking_bekeken
from swv_desktop.services.toegangslog.schrijven import export_gemaakt
from swv_desktop.services.toegangslog.schrijven import leerling_bekeken
from swv_desktop.services.toegangslog.schrijven import lijst_bekeken
from swv_desktop.services.toegangslog.schrijven import pupil
from swv_desktop.services.toegangslog.schrijven import vastleggen
from swv_desktop.services.toegangslog.schrijven import vaststelling_bekeken

__all__ = [
    "AUDIT_INZAGEN",
    "EXPORT_MAX",
    "KOLOMMEN",
    "LIJST_OPNIEUW_NA",
    "LIJSTEN",
    "PAGINA",
    "LogFilter",
    "LogPagina",
    "LogRegel",
    "aanmelding_mislukt",
    "aanmeldingen_bijwerken",
    "aanvraag_bekeken",
    "afmelding",
    "beschikking_bekeken",
    "export_gemaakt",
    "exporteren",
    "inzagen",
    "lijst",
    "leerling_bekeken",
    "lijst_bekeken",
    "personen",
    "pupil",
    "vaststelling_bekeken",
    "vastleggen",
]
