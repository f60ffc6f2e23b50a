"""Retention and provable deletion (issue 14): the organisation's terms per record type
(``Organisatie.bewaartermijn_*``), the purge that applies them (``purge``: delete what passed
its term, pseudonymise what the accounts must keep), the deletion register (``Verwijdering``,
no personal data) and its re-application after a restore from backup (``herstel``).

- ``plan``: which records passed their term on a day (reads only);
- ``handelingen``: the deletions themselves, keyed by the ids of one record type;
- ``opschonen``: the use case (one transaction, the register, then the file and the backups);
- ``herstel``: read the register from the current file and newer backups, apply it again;
- ``register``: the register's lines as plain data (id ranges, fingerprint).
"""

from swv_desktop.services.bewaren.opschonen import PurgeResult
from swv_desktop.services.bewaren.opschonen import list_register
from swv_desktop.services.bewaren.opschonen import purge
from swv_desktop.services.bewaren.register import RegisterRegel

__all__ = ["PurgeResult", "RegisterRegel", "list_register", "purge"]
