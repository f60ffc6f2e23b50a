"""The beschikkingen: preview, issue (freeze the PDF and its sha256), reprint, mark as sent, print
several at once and export one file per letter; plus the beheerder's letter texts.

Issuing renders the letter once and stores the bytes; every later print or export uses exactly
those bytes (checked against the sha256). A correction is a herziening (``besluiten.revise``),
never a re-issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from io import BytesIO
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import undefer

from swv_desktop.db import Database
from swv_desktop.encryption import auditketen
from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import NotFound
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.models import Beschikking
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import ToegangActie
from swv_desktop.paths import safe_file_name
from swv_desktop.paths import write_atomic
from swv_desktop.reports.batch import render_all
from swv_desktop.reports.beschikking import render_beschikking
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.beschikkingen.briefgegevens import batch_data
from swv_desktop.services.beschikkingen.briefgegevens import build_data
from swv_desktop.services.beschikkingen.briefgegevens import data_for
from swv_desktop.services.beschikkingen.briefgegevens import pending_for_issue
from swv_desktop.services.beschikkingen.brieftekst import DEFAULT_TEKSTEN
from swv_desktop.services.beschikkingen.brieftekst import BriefTekstData
from swv_desktop.services.beschikkingen.brieftekst import check_template
from swv_desktop.services.beschikkingen.brieftekst import get_letter_texts
from swv_desktop.services.beschikkingen.brieftekst import letter_texts
from swv_desktop.services.beschikkingen.brieftekst import reset_letter_text
from swv_desktop.services.beschikkingen.brieftekst import save_letter_text
from swv_desktop.services.beschikkingen.voorbeeld import sample_beschikking
from swv_desktop.services.bevriezen import _letter_seen
from swv_desktop.services.bevriezen import freeze
from swv_desktop.services.bevriezen import frozen_bytes
from swv_desktop.services.bevriezen import load_letter
from swv_desktop.services.bevriezen import refuse_reissue
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import Progress
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import schooljaar_by_label
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht

"""Receives a short Dutch line per step (``Beschikking MWB-2021-003 uitgegeven (3 van 40)``)."""


def _not_found(beschikking_id: int) -> NotFound:
    return NotFound(f"Beschikking met nummer {beschikking_id} bestaat niet (meer).")


def _may_issue(db: Database, actor: Actor) -> None:
    scope.active(db, actor, Recht.BRIEVEN_UITGEVEN)


def render_preview(db: Database, actor: Actor, beschikking_id: int) -> bytes:
    """The letter as it would be issued now (not frozen; texts and settings as they are now)."""
    with _letter_seen(
        db, actor, Beschikking, beschikking_id, "Voorbeeld van beschikking"
    ) as session:
        beschikking = get_or_404(session, Beschikking, beschikking_id, "Beschikking")
        return render_beschikking(build_data(session, beschikking))


REISSUE = "Een uitgegeven beschikking verandert niet meer; een correctie gaat via een herziening."


def _refuse_reissue(beschikking: Beschikking) -> None:
    refuse_reissue(beschikking, "Beschikking", REISSUE)


def _freeze(
    db: Database, session: Session, actor: Actor, beschikking: Beschikking, pdf: bytes
) -> str:
    """Store the rendered letter, its sha256 and the moment of issue, sealed; one audit entry."""
    return freeze(
        db,
        session,
        actor,
        beschikking,
        pdf,
        entiteit="beschikking",
        wat="Beschikking",
        correctie=REISSUE,
        seal=lambda key: auditketen.award_seal(
            key, auditketen.award_fields(beschikking, beschikking.besluit)
        ),
    )


@command("beschikking.uitgeven", online_only=True)
def issue_beschikking(db: Database, actor: Actor, beschikking_id: int) -> str:
    """Render and freeze one beschikking (programmadirecteur); returns its kenmerk."""
    _may_issue(db, actor)
    with db.transaction() as session:
        beschikking = get_or_404(session, Beschikking, beschikking_id, "Beschikking")
        _refuse_reissue(beschikking)
        pdf = render_beschikking(build_data(session, beschikking))
        return _freeze(db, session, actor, beschikking, pdf)


@command("beschikking.alle_uitgeven", online_only=True)
def issue_pending(
    db: Database, actor: Actor, schooljaar_id: int | None = None, progress: Progress | None = None
) -> int:
    """Issue every beschikking not yet issued (of one schooljaar, or all); returns how many.

    The letter data is read here; a large batch is rendered in worker processes (one per core)
    while the letters that are done are stored, in order, in this one transaction.
    """
    _may_issue(db, actor)
    with db.transaction() as session:
        pending = pending_for_issue(session, schooljaar_id)
        letters = batch_data(session, pending)
        with closing(render_all(render_beschikking, letters)) as pdfs:
            for number, (beschikking, pdf) in enumerate(zip(pending, pdfs, strict=True), start=1):
                kenmerk = _freeze(db, session, actor, beschikking, pdf)
                if progress is not None:
                    progress(f"Beschikking {kenmerk} uitgegeven ({number} van {len(pending)})")
        return len(pending)


def _frozen(beschikking: Beschikking, db: Database) -> bytes:
    return frozen_bytes(beschikking, "Beschikking", db)


def get_issued_pdf(db: Database, actor: Actor, beschikking_id: int) -> bytes:
    """The frozen bytes of an issued beschikking (a reprint is byte-identical)."""
    with _letter_seen(db, actor, Beschikking, beschikking_id, "Beschikking") as session:
        beschikking = load_letter(session, Beschikking, beschikking_id, "Beschikking")
        return _frozen(beschikking, db)


def _ids(v: Validator, beschikking_ids: object) -> list[int]:
    """The chosen beschikkingen: at least one id, each a valid record id, without duplicates."""
    if isinstance(beschikking_ids, str | bytes) or not isinstance(beschikking_ids, Sequence):
        v.add("beschikkingen", "Kies minstens één beschikking.")
        return []
    ids = [invoer.ident(v, "beschikkingen", "Een beschikking", i) for i in beschikking_ids]
    chosen = [i for i in dict.fromkeys(ids) if i is not None]
    if not beschikking_ids:
        v.add("beschikkingen", "Kies minstens één beschikking.")
    return chosen


@command("beschikking.verzonden")
def mark_sent(
    db: Database, actor: Actor, beschikking_ids: Sequence[int], verzonden_op: date
) -> None:
    """Record the date the letters were sent (secretariaat or programmadirecteur; issued only)."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    v = Validator()
    ids = _ids(v, beschikking_ids)
    day = invoer.sent_day(v, verzonden_op, db.clock().date())
    v.raise_if_any()
    assert day is not None
    verzonden_op = day
    with db.transaction() as session:
        rows = [get_or_404(session, Beschikking, i, "Beschikking") for i in ids]
        not_issued = [b.kenmerk for b in rows if b.uitgegeven_op is None]
        if not_issued:
            raise StateError(
                "Alleen uitgegeven beschikkingen kunnen worden verzonden. Nog niet uitgegeven: "
                + ", ".join(not_issued)
                + "."
            )
        too_early = [b.kenmerk for b in rows if verzonden_op < b.briefdatum]
        if too_early:
            raise ValidationError(
                FieldError(
                    "verzonden_op",
                    "De verzenddatum ligt vóór de dagtekening van " + ", ".join(too_early) + ".",
                )
            )
        for beschikking in rows:
            before = snapshot(beschikking)
            beschikking.verzonden_op = verzonden_op
            audited_save(
                session,
                actor,
                "beschikking",
                beschikking,
                before,
                now=db.clock(),
                actie="verzonden",
            )


def _load_frozen(session: Session, ids: Sequence[int]) -> list[Beschikking]:
    rows = session.scalars(
        select(Beschikking).options(undefer(Beschikking.pdf)).where(Beschikking.id.in_(list(ids)))
    ).all()
    by_id = {b.id: b for b in rows}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise _not_found(missing[0])
    return [by_id[i] for i in ids]


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """One PDF holding every page of ``parts`` in order, the pages copied unchanged.

    The letters embed the same font subsets; those are stored once (a print file of 1,000
    letters is some 8 MB instead of 45 MB).
    """
    from pypdf import PdfReader
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(BytesIO(part)))
    writer.compress_identical_objects()  # duplicates and unreferenced objects
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def combined_pdf(
    db: Database, actor: Actor, beschikking_ids: Sequence[int], progress: Progress | None = None
) -> bytes:
    """The frozen letters of ``beschikking_ids`` in one PDF, for printing (issued letters only)."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    if not beschikking_ids:
        raise ValidationError(FieldError("beschikkingen", "Kies minstens één beschikking."))
    with db.read() as session:
        rows = _load_frozen(session, list(dict.fromkeys(beschikking_ids)))
        parts = []
        for number, beschikking in enumerate(rows, start=1):
            parts.append(_frozen(beschikking, db))
            if progress is not None:
                progress(f"Beschikking {beschikking.kenmerk} toegevoegd ({number} van {len(rows)})")
    return merge_pdfs(parts)


@dataclass
class ExportResult:
    """What ``export_letters`` wrote."""

    jaar: str
    map: Path
    bestanden: list[Path] = field(default_factory=list)
    gecombineerd: Path | None = None

    @property
    def aantal(self) -> int:
        return len(self.bestanden)

    def __str__(self) -> str:
        if not self.bestanden:
            return f"Geen uitgegeven beschikkingen in {self.jaar}; er is niets weggeschreven."
        woord = "beschikking" if self.aantal == 1 else "beschikkingen"
        combined = f" en {self.gecombineerd.name} om af te drukken" if self.gecombineerd else ""
        return (
            f"{self.aantal} {woord} van {self.jaar} weggeschreven naar {self.map}: één bestand per "
            f"beschikking (op kenmerk){combined}."
        )


EXPORT_ROLES = (Rol.PROGRAMMADIRECTEUR, Rol.SECRETARIAAT)


def export_letters(
    db: Database,
    actor: Actor,
    year_label: str,
    out_dir: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """Write every issued beschikking of a schooljaar to ``out_dir``: ``<kenmerk>.pdf`` each and
    ``beschikkingen-<jaar>-alle.pdf`` combined. File names never hold pupil names. The files are
    the user's from then on; the export (who, when, which letters) is in the access log."""
    scope.active(db, actor, Recht.BRIEVEN_VERZENDEN)
    out_dir = Path(out_dir)
    result = ExportResult(jaar=year_label, map=out_dir)
    with db.read() as session:
        jaar = schooljaar_by_label(session, year_label)
        rows = session.scalars(
            select(Beschikking)
            .options(undefer(Beschikking.pdf))
            .where(Beschikking.schooljaar_id == jaar.id, Beschikking.uitgegeven_op.is_not(None))
            .order_by(Beschikking.volgnummer)
        ).all()
        letters = [(b.kenmerk, _frozen(b, db)) for b in rows]
        ids = [b.id for b in rows]
    if not letters:
        return result
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for number, (kenmerk, pdf) in enumerate(letters, start=1):
            path = out_dir / safe_file_name(kenmerk, ".pdf")
            write_atomic(path, pdf)
            result.bestanden.append(path)
            if progress is not None:
                progress(f"{path.name} weggeschreven ({number} van {len(letters)})")
        combined = out_dir / f"beschikkingen-{year_label}-alle.pdf"
        write_atomic(combined, merge_pdfs([pdf for _k, pdf in letters]))
        result.gecombineerd = combined
    except OSError as exc:
        raise KnownError(
            f"De beschikkingen konden niet worden weggeschreven naar {out_dir}: {exc.strerror}"
        ) from exc
    with db.transaction() as session:
        for ident in ids:
            toegangslog.beschikking_bekeken(
                session,
                actor,
                ident,
                now=db.clock(),
                actie=ToegangActie.EXPORT,
                wat="Naar een map geëxporteerd:",
            )
    if progress is not None:
        progress(f"{combined.name} weggeschreven")
    return result


def preview_letter_text(db: Database, actor: Actor, sleutel: str, tekst: str) -> bytes:
    """A fictional sample letter (of the kind the text belongs to) with ``tekst`` for ``sleutel``."""
    scope.active(db, actor, Recht.BRIEVENTEKSTEN)
    if not isinstance(sleutel, str) or sleutel not in DEFAULT_TEKSTEN:
        raise ValidationError(FieldError("sleutel", f"De brieftekst '{sleutel}' bestaat niet."))
    errors = check_template(tekst)
    if errors:
        raise ValidationError(errors)
    with db.read() as session:
        org = session.scalars(select(Organisatie)).first()
        texts = letter_texts(session)
        texts[sleutel] = tekst
        return render_beschikking(data_for(sample_beschikking(sleutel), org, texts))


__all__ = [
    "BriefTekstData",
    "ExportResult",
    "Progress",
    "combined_pdf",
    "export_letters",
    "get_issued_pdf",
    "get_letter_texts",
    "issue_beschikking",
    "issue_pending",
    "mark_sent",
    "merge_pdfs",
    "preview_letter_text",
    "render_preview",
    "reset_letter_text",
    "save_letter_text",
]
