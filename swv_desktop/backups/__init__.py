"""Backups of the database file, in the spirit of Anki and GnuCash. Qt-free.

SQLite files only, by design: a PostgreSQL database is backed up by its server's beheerder
(``pg_dump``, base backups). ``dialect.file_only`` refuses a URL for ``backup`` and ``restore``
with that answer in Dutch, and the Reservekopieën screen shows it
(``services.reservekopieen.kept_elsewhere``); no automatic backup is made of a server database.

A backup is a consistent copy made with SQLite's backup API (other programs may keep working),
written under a temporary name, checked with ``PRAGMA integrity_check`` and only then given its
name ``<stem>-<YYYYmmdd-HHMMSS>-<reden>.db`` (UTC) in ``backups/`` beside the database. The
folder is 0700 and every file 0600 (only the user may read them).

After each backup the rotation prunes the folder: every backup of today is kept, then the newest
of each day for ``KEEP_DAILY`` days, of each week for ``KEEP_WEEKLY`` weeks and of each month for
``KEEP_MONTHLY`` months, but never anything older than the retention term in the settings
(``bewaartermijn_reservekopie_maanden``, read from the copy itself).

``BackupSchedule`` decides when the window makes one: at most every ``BACKUP_INTERVAL`` while the
file changed, and at closing when it changed since the last one. ``restore`` puts a backup back:
it first saves the current database (or moves a damaged one aside, never writing to it) and
refuses a backup of a schema version this program does not know.
"""

from __future__ import annotations

from swv_desktop.backups.copies import DEFAULT_RETENTION_MONTHS
from swv_desktop.backups.copies import DIR_MODE
from swv_desktop.backups.copies import FILE_MODE
from swv_desktop.backups.copies import Backup
from swv_desktop.backups.copies import copy_database
from swv_desktop.backups.copies import damaged_offer
from swv_desktop.backups.copies import list_backups
from swv_desktop.backups.copies import make_backup
from swv_desktop.backups.copies import newest_good_backup
from swv_desktop.backups.copies import prune
from swv_desktop.backups.copies import retention_months
from swv_desktop.backups.copies import verify
from swv_desktop.backups.restore import RestoreResult
from swv_desktop.backups.restore import restore
from swv_desktop.backups.rotation import KEEP_DAILY
from swv_desktop.backups.rotation import KEEP_MONTHLY
from swv_desktop.backups.rotation import KEEP_WEEKLY
from swv_desktop.backups.rotation import plan_rotation
from swv_desktop.backups.schedule import BACKUP_INTERVAL
from swv_desktop.backups.schedule import BackupSchedule

__all__ = [
    "BACKUP_INTERVAL",
    "DEFAULT_RETENTION_MONTHS",
    "DIR_MODE",
    "FILE_MODE",
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_WEEKLY",
    "Backup",
    "BackupSchedule",
    "RestoreResult",
    "copy_database",
    "damaged_offer",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "plan_rotation",
    "prune",
    "restore",
    "retention_months",
    "verify",
]
