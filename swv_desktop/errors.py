"""User-facing errors, kept apart from bugs.

A ``KnownError`` is something the user can understand and act on; it carries a Dutch message.
Anything else that escapes is a bug: it is logged with its traceback and shown calmly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KnownError(Exception):
    """An error the user can fix or understand; ``str(err)`` is a Dutch sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    """One validation message tied to the field it is about (``field`` is the attribute name)."""

    field: str
    message: str


class ValidationError(KnownError):
    """Input that breaks a rule; lists every message, each naming its field."""

    def __init__(self, errors: list[FieldError] | FieldError) -> None:
        if isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = list(errors)
        super().__init__("\n".join(e.message for e in self.errors))

    @property
    def fields(self) -> set[str]:
        """The names of the fields that have a message."""
        return {e.field for e in self.errors}


class PermissionDenied(KnownError):
    """The signed-in user's role may not do this."""


class NotFound(KnownError):
    """The record asked for does not exist (any more)."""


class StateError(KnownError):
    """The action does not fit the record's current state (for example deciding twice)."""


class DatabaseError(KnownError):
    """The database file is missing, locked, damaged or written by a newer version."""


class DatabaseBusy(DatabaseError):
    """Another program or user holds the database's write lock; trying again later may work."""


class StaleEdit(KnownError):
    """Someone else saved the record after this form loaded it; nothing was overwritten."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer version of swv-desktop."""


class DatabaseLocked(DatabaseBusy):
    """Another program holds a lock on the database file (found when opening or checking it);
    nothing was read or written."""


class DatabaseReadOnly(DatabaseError):
    """The file (or its folder) may not be written by this user; nothing was changed."""


class DatabaseDamaged(DatabaseError):
    """The file is damaged or is no swv-desktop database; nothing was written to it.

    ``backup`` is the newest backup that passed its integrity check (or ``None``), which the
    window offers to restore."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class WrongKey(DatabaseError):
    """The data key from the key file does not open the database (damaged, or another file's)."""


class ProgramLocked(DatabaseError):
    """The window is locked (idle time, switching user): the data key is put away until the
    password is given again."""


class AuthenticationFailed(KnownError):
    """Wrong user name or password; never says which of the two."""


class WrongPassword(AuthenticationFailed):
    """The password (or recovery key) does not open the account's key slot."""


class KeyFileError(KnownError):
    """The key file beside an encrypted database is missing, unreadable or damaged."""


class Validator:
    """Collects field errors and raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        """Record one message for ``field``."""
        self.errors.append(FieldError(field, message))

    def check(self, condition: bool, field: str, message: str) -> None:
        """Record ``message`` for ``field`` when ``condition`` is false."""
        if not condition:
            self.add(field, message)

    def raise_if_any(self) -> None:
        """Raise a ``ValidationError`` listing every message collected so far."""
        if self.errors:
            raise ValidationError(self.errors)
