"""The tussenevaluatie (one schooljaar) and eindevaluatie (every pilot year up to and including
that schooljaar): figures, the programmadirecteur's conclusions, the PDF report and the Excel
export of the same figures."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import FieldError, KnownError, ValidationError, Validator
from swv_desktop.models import EvaluatieTekst, Rol, Schooljaar
from swv_desktop.paths import write_atomic
from swv_desktop.reports.evaluatie import render_evaluatie
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers, EvaluatieSoort
from swv_desktop.reports.excel import evaluatie_xlsx
from swv_desktop.services import invoer
from swv_desktop.services.common import (
    Actor,
    audited_save,
    get_or_404,
    require_role,
    schooljaar_by_label,
    snapshot,
)
from swv_desktop.services.evaluatie.cijfers import compute_figures

MAX_CONCLUSIONS = 20_000


def _check_kind(kind: EvaluatieSoort | str) -> EvaluatieSoort:
    try:
        return EvaluatieSoort(kind)
    except ValueError:
        raise ValidationError(
            FieldError("soort", f"Onbekend soort evaluatie '{kind}'; kies 'interim' of 'final'.")
        ) from None


def evaluation_figures(db: Database, year_label: str, kind: EvaluatieSoort) -> EvaluatieCijfers:
    """Every figure of the interim or the final report of ``year_label``."""
    kind = _check_kind(kind)
    with db.read() as session:
        jaar = schooljaar_by_label(session, year_label)
        return compute_figures(session, jaar, kind, db.clock().date())


def get_conclusions(db: Database, schooljaar_id: int, kind: EvaluatieSoort) -> str:
    """The conclusions written so far ('' when none)."""
    kind = _check_kind(kind)
    with db.read() as session:
        row = session.scalars(
            select(EvaluatieTekst).where(
                EvaluatieTekst.schooljaar_id == schooljaar_id, EvaluatieTekst.soort == kind
            )
        ).first()
        return row.conclusies if row else ""


def save_conclusions(
    db: Database, actor: Actor, schooljaar_id: int, kind: EvaluatieSoort, text: str
) -> None:
    """Save the conclusions of an evaluation (programmadirecteur only)."""
    require_role(actor, Rol.PROGRAMMADIRECTEUR, action="de conclusies van de evaluatie schrijven")
    kind = _check_kind(kind)
    v = Validator()
    text = invoer.text(
        v, "conclusies", "De tekst van de conclusies", text, max_len=MAX_CONCLUSIONS, multiline=True
    )
    v.raise_if_any()
    with db.transaction() as session:
        get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        row = session.scalars(
            select(EvaluatieTekst).where(
                EvaluatieTekst.schooljaar_id == schooljaar_id, EvaluatieTekst.soort == kind
            )
        ).first()
        before = snapshot(row) if row is not None else None
        if row is None:
            row = EvaluatieTekst(schooljaar_id=schooljaar_id, soort=kind)
            session.add(row)
        row.conclusies = text
        row.bijgewerkt_op = db.clock()
        audited_save(
            session, actor, "evaluatietekst", row, before, now=db.clock(), actie="gewijzigd"
        )


def report_pdf(db: Database, year_label: str, kind: EvaluatieSoort) -> bytes:
    """The evaluation report as PDF bytes."""
    return render_evaluatie(evaluation_figures(db, year_label, kind))


def report_xlsx(db: Database, year_label: str, kind: EvaluatieSoort) -> bytes:
    """The same figures as an Excel workbook (text cells safe from formula injection)."""
    return evaluatie_xlsx(evaluation_figures(db, year_label, kind))


def write_report(
    db: Database, year_label: str, kind: EvaluatieSoort, out_pdf: Path, xlsx: Path | None = None
) -> str:
    """Write the report (and optionally the Excel export); returns a short Dutch summary."""
    figures = evaluation_figures(db, year_label, kind)
    out_pdf = Path(out_pdf)
    try:
        write_atomic(out_pdf, render_evaluatie(figures))
        if xlsx is not None:
            write_atomic(Path(xlsx), evaluatie_xlsx(figures))
    except OSError as exc:
        raise KnownError(
            f"Het rapport kon niet worden weggeschreven: {exc.strerror} ({exc.filename})."
        ) from exc
    written = f"{out_pdf}" + (f" en {xlsx}" if xlsx is not None else "")
    return (
        f"{figures.titel} weggeschreven naar {written}: {figures.aanvragen} aanvragen, "
        f"{figures.toekenningen} toekenningen, {figures.leerlingen} leerlingen bereikt."
    )


__all__ = [
    "EvaluatieSoort",
    "evaluation_figures",
    "get_conclusions",
    "report_pdf",
    "report_xlsx",
    "save_conclusions",
    "write_report",
]
