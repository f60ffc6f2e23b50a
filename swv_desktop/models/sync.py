"""What the team server keeps about synchronisation (``swv_desktop.sync``).

- ``SyncWijziging``: per row of a synchronised table the number of its last change (a server-wide
  counter) and whether it was deleted (a tombstone). Written by PostgreSQL triggers the server
  installs, so no write path can forget it; the pull sends what changed after a client's cursor.
- ``SyncOpdracht``: every command the server received, by its uuid, with its stored answer, so a
  resent command gets the same answer and is never applied twice; with the laptop's schema
  revision and clock, and the server's time of receipt.
- ``SyncSessie``: signed-in sessions (only a hash of the token is kept), with their expiry.
- ``SyncApparaat``: the laptops (devices) of each user, revoked or not; a session belongs to one.
- ``SyncIdBlok``: ranges of ids handed to a user's laptop, so records made offline keep their id.

On a laptop these tables exist too (the schema is one) and stay empty; the replica's own
bookkeeping (outbox, undo log, cursor) lives in tables the replica creates (``sync.replica``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from swv_desktop.models.base import Base
from swv_desktop.models.base import HasId
from swv_desktop.models.base import UTCDateTime


class SyncWijziging(Base):
    """The last change of one row of a synchronised table."""

    __tablename__ = "sync_wijziging"
    __table_args__ = (Index("ix_sync_wijziging_nummer", "nummer"),)

    tabel: Mapped[str] = mapped_column(String(60), primary_key=True)
    rij_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    nummer: Mapped[int] = mapped_column(BigInteger)
    verwijderd: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncOpdracht(Base):
    """A command received by the server and the answer it got."""

    __tablename__ = "sync_opdracht"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    naam: Mapped[str] = mapped_column(String(80))
    ontvangen_op: Mapped[datetime] = mapped_column(UTCDateTime)
    """When the server received it (the server's clock)."""
    geaccepteerd: Mapped[bool] = mapped_column(Boolean)
    antwoord: Mapped[str] = mapped_column(Text, default="")
    """The answer as JSON (result, or the Dutch refusal and the server's version of the record)."""
    client_schema: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The schema revision of the laptop that wrote the command (``None``: a laptop of a version
    that did not say), so a later server can convert the commands of an older laptop."""
    client_op: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """When the laptop recorded the command, by the laptop's own clock (it may be off)."""


class SyncSessie(Base):
    """A signed-in session of the sync API."""

    __tablename__ = "sync_sessie"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    verloopt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    apparaat_id: Mapped[int | None] = mapped_column(ForeignKey("sync_apparaat.id"), default=None)
    """The laptop this session was opened from (``None``: a sign-in without a device)."""


class SyncIdBlok(HasId, Base):
    """Ids ``eerste`` to ``laatste`` of ``tabel``, reserved for records a user makes offline."""

    __tablename__ = "sync_id_blok"

    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    tabel: Mapped[str] = mapped_column(String(60))
    eerste: Mapped[int] = mapped_column(BigInteger)
    laatste: Mapped[int] = mapped_column(BigInteger)
    uitgegeven_op: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncApparaat(HasId, Base):
    """A laptop of one user, registered at its first sign-in from a replica.

    ``sleutel`` is the secret of the replica's device key slot (the laptop made it and sent it
    once): the server hands it back only after a successful sign-in (a password changed here or
    on another laptop) or a valid one-time recovery code, so the laptop can write a key slot
    for the new password. Revoking the device clears it, ends its sessions, and the laptop wipes
    its replica at its next contact."""

    __tablename__ = "sync_apparaat"

    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    eerste_contact: Mapped[datetime] = mapped_column(UTCDateTime)
    laatste_contact: Mapped[datetime] = mapped_column(UTCDateTime)
    ingetrokken_op: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ingetrokken_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), default=None
    )
    sleutel: Mapped[str] = mapped_column(String(200), default="")
    herstelcode_hash: Mapped[str] = mapped_column(String(200), default="")
    """argon2id hash of the one-time recovery code the beheerder made (empty: none open)."""
    herstelcode_tot: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
