"""``check`` of the audit trail's hash chain and of the seals of issued beschikkingen and
vaststellingen.

Finds an edited, deleted, reordered or inserted audit entry, a chain recomputed without the key,
newest entries cut off (against the anchor beside the database), and an award, outcome or
decider that no longer matches the letter that was issued for it, and settled amounts that no
longer match the settlement letter.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import Connection

from swv_desktop.check.rules import Finding
from swv_desktop.dialect import has_table
from swv_desktop.encryption import auditketen
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Vaststelling

MAX_SHOWN = 10


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_SHOWN])
    return shown + (f" en nog {len(items) - MAX_SHOWN}" if len(items) > MAX_SHOWN else "")


def _audit_chain(conn: Connection, key: bytes, db_path: Path | None) -> Iterator[Finding]:
    t = AuditEntry.__table__
    rows = conn.execute(select(t).where(t.c.volgnr.is_not(None)).order_by(t.c.volgnr, t.c.id)).all()
    bad: list[str] = []
    missing: list[str] = []
    previous: str | None = ""
    expected = 1
    first_id = None
    purged_before = 0  # the oldest entries removed by the purge (the log's retention term)
    emptied = 0  # copies of deleted records emptied by the purge
    for row in rows:
        what = f"volgnummer {row.volgnr} ({row.entiteit} {row.entiteit_id or ''} {row.actie})"
        if first_id is None and row.volgnr > 1:
            purged_before, previous, expected = row.volgnr - 1, None, row.volgnr
        first_id = row.id if first_id is None else min(first_id, row.id)
        if row.volgnr != expected:
            if row.volgnr > expected:
                last = row.volgnr - 1
                missing.append(str(expected) if last == expected else f"{expected}-{last}")
            else:
                bad.append(f"volgnummer {row.volgnr} (dubbel)")
        if previous is not None:  # the first link after a purged start has no known parent
            link = auditketen.link(key, previous, row.volgnr, auditketen.chain_fields(row))
            if not hmac.compare_digest(link, row.keten or ""):
                bad.append(what)
        if auditketen.content_digest(row.voor, row.na) != row.inhoud:
            if row.voor or row.na:
                bad.append(what)
            else:
                emptied += 1
        previous, expected = row.keten or "", row.volgnr + 1
    outside = []
    if first_id is not None:
        outside = [
            str(i)
            for i in conn.scalars(
                select(t.c.id).where(t.c.volgnr.is_(None), t.c.id > first_id).order_by(t.c.id)
            )
        ]
    before = conn.scalar(select(func.count()).select_from(t).where(t.c.volgnr.is_(None))) or 0
    found = False
    if missing:
        found = True
        yield False, f"Audittrail: regel(s) verwijderd (volgnummer {_listed(missing)} ontbreekt)."
    if bad:
        found = True
        yield (
            False,
            f"Audittrail: {len(bad)} regel(s) gewijzigd, verplaatst of met een andere sleutel "
            f"herberekend: {_listed(bad)}.",
        )
    if outside:
        found = True
        yield (
            False,
            f"Audittrail: {len(outside)} regel(s) buiten de keten ingevoegd (id {_listed(outside)}).",
        )
    anchor_file = auditketen.anchor_file(db_path)
    if anchor_file is not None:
        anchor = auditketen.read_anchor(anchor_file, key)
        head = (rows[-1].volgnr, rows[-1].keten) if rows else (0, "")
        if isinstance(anchor, str):
            found = True
            yield False, f"Audittrail: {anchor}."
        elif anchor is not None:
            volgnr, keten = anchor
            if volgnr > head[0]:
                found = True
                yield (
                    False,
                    f"Audittrail: de nieuwste {volgnr - head[0]} regel(s) ontbreken (afgekapt na "
                    f"volgnummer {head[0]}; het anker noemt {volgnr}).",
                )
            else:
                at = next((r.keten for r in rows if r.volgnr == volgnr), None)
                if at != keten:
                    found = True
                    yield (
                        False,
                        f"Audittrail: regel {volgnr} wijkt af van het anker ({anchor_file.name}).",
                    )
        elif rows:  # a copy under another name, or the anchor file was removed
            yield (
                None,
                f"Het ankerbestand {anchor_file.name} ontbreekt; of de nieuwste audit-regels "
                "zijn afgekapt, is zo niet te zien.",
            )
    elif rows:  # a server without SWV_AUDIT_ANCHOR
        yield (
            None,
            f"Er is geen anker van de audittrail ingesteld ({auditketen.ANCHOR_ENV} op de "
            "server); of de nieuwste audit-regels zijn afgekapt, is zo niet te zien.",
        )
    if purged_before:
        yield (
            None,
            f"De audittrail begint bij volgnummer {purged_before + 1}: de {purged_before} oudere "
            "regel(s) zijn opgeschoond na de bewaartermijn (of verwijderd; dat is aan de eerste "
            "regel niet te zien).",
        )
    if not found:
        note = f" ({before} oudere regel(s) van vóór de keten)" if before else ""
        if emptied:
            note += f"; van {emptied} regel(s) is de inhoud bij het opschonen leeggemaakt"
        yield (
            True,
            f"De audittrail is ongeschonden: {len(rows)} regels in een sluitende keten{note}.",
        )


class _Row:
    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


def _award_seals(conn: Connection, key: bytes) -> Iterator[Finding]:
    s, b = Beschikking.__table__, Besluit.__table__
    rows = conn.execute(
        select(
            s.c.id.label("s_id"),
            s.c.kenmerk,
            s.c.sha256,
            s.c.zegel,
            b.c.id.label("b_id"),
            b.c.aanvraag_id,
            b.c.uitkomst,
            b.c.toegekend_cents,
            b.c.besloten_door_id,
            b.c.herziening_van_id,
        )
        .join(b, b.c.id == s.c.besluit_id)
        .where(s.c.uitgegeven_op.is_not(None))
        .order_by(s.c.id)
    ).all()
    bad, unsealed = [], 0
    for r in rows:
        if not r.zegel:
            unsealed += 1
            continue
        fields = auditketen.award_fields(
            _Row(id=r.s_id, kenmerk=r.kenmerk, sha256=r.sha256),
            _Row(
                id=r.b_id,
                aanvraag_id=r.aanvraag_id,
                uitkomst=r.uitkomst,
                toegekend_cents=r.toegekend_cents,
                besloten_door_id=r.besloten_door_id,
                herziening_van_id=r.herziening_van_id,
            ),
        )
        if not hmac.compare_digest(auditketen.award_seal(key, fields), r.zegel):
            bad.append(r.kenmerk)
    if bad:
        yield (
            False,
            f"{len(bad)} besluit(en) wijken af van hun uitgegeven beschikking (bedrag, uitkomst of "
            f"wie besloot is in de database gewijzigd): {_listed(bad)}.",
        )
    else:
        extra = f"; {unsealed} van vóór het zegel" if unsealed else ""
        yield True, f"Elk besluit komt overeen met zijn uitgegeven beschikking{extra}."


def _settlement_seals(conn: Connection, key: bytes) -> Iterator[Finding]:
    v = Vaststelling.__table__
    columns = [v.c[name] for name in auditketen.SETTLEMENT_COLUMNS]
    rows = conn.execute(
        select(v.c.zegel, *columns).where(v.c.uitgegeven_op.is_not(None)).order_by(v.c.id)
    ).all()
    if not rows:
        return
    bad = [
        r.kenmerk
        for r in rows
        if r.zegel and not hmac.compare_digest(auditketen.settlement_seal(key, r), r.zegel)
    ]
    unsealed = sum(1 for r in rows if not r.zegel)
    if bad:
        yield (
            False,
            f"{len(bad)} vaststelling(en) wijken af van hun uitgegeven vaststellingsbrief (bedragen, "
            f"afwikkeling of wie vaststelde is in de database gewijzigd): {_listed(bad)}.",
        )
    else:
        extra = f"; {unsealed} van vóór het zegel" if unsealed else ""
        yield True, f"Elke vaststelling komt overeen met haar uitgegeven vaststellingsbrief{extra}."


def chain_findings(conn: Connection, key: bytes | None, db_path: Path | None) -> Iterator[Finding]:
    """The chain and the seals (``key``: the chain key; ``None``: not kept, said as a note)."""
    if key is None:
        yield (
            None,
            "De audittrail is niet met een sleutel beveiligd (onversleuteld bestand of server "
            f"zonder {auditketen.AUDIT_KEY_ENV}); de keten is niet gecontroleerd.",
        )
        return
    if has_table(conn, "sync_laptop_ctl"):  # a laptop's replica: its own rows are undone on pull
        yield (
            None,
            "Dit is de kopie van een laptop: de audittrail op de team-server is het dossier; "
            "controleer daar de keten.",
        )
    else:
        yield from _audit_chain(conn, key, db_path)
    yield from _award_seals(conn, key)
    yield from _settlement_seals(conn, key)
