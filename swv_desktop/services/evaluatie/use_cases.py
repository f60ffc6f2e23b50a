"""The tussenevaluatie (one schooljaar) and eindevaluatie (every pilot year up to and including
that schooljaar): figures, the programmadirecteur's conclusions, the PDF report and the Excel
export of the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.models import EvaluatieAntwoord
from swv_desktop.models import EvaluatieTekst
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.paths import write_atomic
from swv_desktop.reports.evaluatie import render_evaluatie
from swv_desktop.reports.evaluatie_data import CONCLUSIE
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.reports.excel import evaluatie_xlsx
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import schooljaar_by_label
from swv_desktop.services.common import stale_edit
from swv_desktop.services.common import unknown_version
from swv_desktop.services.evaluatie.cijfers import compute_figures
from swv_desktop.services.evaluatie.peil import check_peildatum
from swv_desktop.services.evaluatie.peil import default_peildatum
from swv_desktop.services.evaluatie.verdeling import answers
from swv_desktop.services.scope import Recht

MAX_CONCLUSIONS = 20_000


def _check_kind(kind: EvaluatieSoort | str) -> EvaluatieSoort:
    try:
        return EvaluatieSoort(kind)
    except ValueError:
        raise ValidationError(
            FieldError("soort", f"Onbekend soort evaluatie '{kind}'; kies 'interim' of 'final'.")
        ) from None


def evaluation_figures(
    db: Database,
    actor: Actor,
    year_label: str,
    kind: EvaluatieSoort,
    *,
    peildatum: date | None = None,
) -> EvaluatieCijfers:
    """Every figure of the interim or the final report of ``year_label``: as recorded on or
    before ``peildatum`` (a day within that schooljaar and not after today, else a
    ``ValidationError``), or without one everything recorded until today."""
    scope.require(actor, Recht.RAPPORTEN)
    kind = _check_kind(kind)
    with scope.read(db, actor, Recht.RAPPORTEN) as session:
        jaar = schooljaar_by_label(session, year_label)
        today = db.clock().date()
        peil = check_peildatum(jaar, peildatum, today) if peildatum is not None else None
        return compute_figures(session, jaar, kind, today, peil)


def suggested_peildatum(db: Database, actor: Actor, year_label: str) -> date | None:
    """The peildatum a report of ``year_label`` starts with: today within that schooljaar, its
    end once it is over, none before it begins."""
    with scope.read(db, actor, Recht.RAPPORTEN) as session:
        jaar = schooljaar_by_label(session, year_label)
        return default_peildatum(jaar.start_datum, jaar.eind_datum, db.clock().date())


def get_conclusions(db: Database, actor: Actor, schooljaar_id: int, kind: EvaluatieSoort) -> str:
    """The conclusions written so far ('' when none)."""
    scope.require(actor, Recht.CONCLUSIES_ZIEN)
    kind = _check_kind(kind)
    with scope.read(db, actor, Recht.CONCLUSIES_ZIEN) as session:
        row = session.scalars(
            select(EvaluatieTekst).where(
                EvaluatieTekst.schooljaar_id == schooljaar_id, EvaluatieTekst.soort == kind
            )
        ).first()
        return row.conclusies if row else ""


def _claimed_tekst(
    session: Session, jaar: Schooljaar, kind: EvaluatieSoort, versie: int | None
) -> EvaluatieTekst:
    """The evaluation's text row, claimed at the version the editor loaded (0: nothing was
    saved yet); a stale one is refused with who saved the evaluation last and when."""
    wat = f"de conclusies van de {kind.label.lower()} {jaar.label}"
    row = session.scalars(
        select(EvaluatieTekst)
        .where(EvaluatieTekst.schooljaar_id == jaar.id, EvaluatieTekst.soort == kind)
        .with_for_update()
    ).first()
    if row is None:
        if versie is None:
            raise unknown_version(wat)
        if versie != 0:
            raise stale_edit(session, "evaluatie", jaar.id, wat, meervoud=True)
        row = EvaluatieTekst(schooljaar_id=jaar.id, soort=kind, conclusies="")
        session.add(row)
        return row
    claim_version(
        session, row, versie, entiteit="evaluatie", wat=wat, meervoud=True, audit_id=jaar.id
    )
    return row


@command("evaluatie.conclusies")
def save_conclusions(
    db: Database,
    actor: Actor,
    schooljaar_id: int,
    kind: EvaluatieSoort,
    text: str,
    *,
    versie: int | None = None,
) -> int:
    """Save the conclusions of an evaluation (programmadirecteur only) against the version the
    editor loaded (``Conclusies.versie``); returns the new version."""
    scope.require(actor, Recht.RAPPORTEN)
    kind = _check_kind(kind)
    v = Validator()
    text = invoer.text(
        v, "conclusies", "De tekst van de conclusies", text, max_len=MAX_CONCLUSIONS, multiline=True
    )
    v.raise_if_any()
    with scope.transaction(db, actor, Recht.RAPPORTEN) as session:
        jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        row = _claimed_tekst(session, jaar, kind, versie)
        before = {CONCLUSIE: row.conclusies or ""}
        row.conclusies = text
        row.bijgewerkt_op = db.clock()
        session.flush()
        audit(
            session,
            actor,
            "evaluatie",
            jaar.id,
            f"conclusies {kind.label.lower()}",
            before,
            {CONCLUSIE: text},
            now=db.clock(),
        )
        return row.versie


@dataclass(frozen=True)
class Conclusies:
    """The programmadirecteur's texts of one evaluation: an answer per monitoring question
    (``VRAGEN`` key -> text) and the overall conclusion."""

    antwoorden: dict[str, str]
    conclusie: str
    versie: int = 0
    """The version the editor loaded (0 while nothing was saved); saves go against it."""

    @property
    def ontbreekt(self) -> list[str]:
        """The questions without an answer (and the conclusion when it is empty)."""
        missing = [VRAGEN[k] for k in VRAGEN if not self.antwoorden.get(k, "").strip()]
        if not self.conclusie.strip():
            missing.append("Conclusie")
        return missing


def get_answers(db: Database, actor: Actor, schooljaar_id: int, kind: EvaluatieSoort) -> Conclusies:
    """The answers and conclusion written so far (empty texts where none)."""
    scope.require(actor, Recht.CONCLUSIES_ZIEN)
    kind = _check_kind(kind)
    with scope.read(db, actor, Recht.CONCLUSIES_ZIEN) as session:
        get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        found = dict(answers(session, schooljaar_id, kind))
        versie = session.scalar(
            select(EvaluatieTekst.versie).where(
                EvaluatieTekst.schooljaar_id == schooljaar_id, EvaluatieTekst.soort == kind
            )
        )
    return Conclusies(found, get_conclusions(db, actor, schooljaar_id, kind), versie or 0)


@command("evaluatie.antwoorden")
def save_answers(
    db: Database,
    actor: Actor,
    schooljaar_id: int,
    kind: EvaluatieSoort,
    antwoorden: dict[str, str],
    conclusie: str,
    *,
    versie: int | None = None,
) -> int:
    """Save the answers per monitoring question and the conclusion of an evaluation in one
    transaction with one audit entry (programmadirecteur only), against the version the editor
    loaded (``Conclusies.versie``); a stale save is refused with who and when. Returns the new
    version."""
    scope.require(actor, Recht.RAPPORTEN)
    kind = _check_kind(kind)
    unknown = sorted(set(antwoorden) - set(VRAGEN))
    if unknown:
        raise ValidationError(FieldError("vraag", f"Onbekende vraag '{unknown[0]}'."))
    v = Validator()
    antwoorden = {
        key: invoer.text(v, key, "Het antwoord", value, max_len=MAX_CONCLUSIONS, multiline=True)
        for key, value in antwoorden.items()
    }
    conclusie = invoer.text(
        v, "conclusie", "De conclusie", conclusie, max_len=MAX_CONCLUSIONS, multiline=True
    )
    v.raise_if_any()
    now = db.clock()
    with scope.transaction(db, actor, Recht.RAPPORTEN) as session:
        jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        rows = {
            row.vraag: row
            for row in session.scalars(
                select(EvaluatieAntwoord).where(
                    EvaluatieAntwoord.schooljaar_id == schooljaar_id,
                    EvaluatieAntwoord.soort == kind,
                )
            )
        }
        tekst = _claimed_tekst(session, jaar, kind, versie)
        before = {k: r.tekst for k, r in rows.items()} | {CONCLUSIE: tekst.conclusies or ""}
        for key, value in antwoorden.items():
            row = rows.get(key)
            if row is None:
                row = EvaluatieAntwoord(schooljaar_id=schooljaar_id, soort=kind, vraag=key)
                session.add(row)
            row.tekst = value.strip()
            row.bijgewerkt_op = now
        tekst.conclusies = conclusie.strip()
        tekst.bijgewerkt_op = now
        after = {k: v.strip() for k, v in antwoorden.items()} | {CONCLUSIE: conclusie.strip()}
        audit(
            session,
            actor,
            "evaluatie",
            schooljaar_id,
            f"conclusies {kind.label.lower()}",
            before,
            {**before, **after},
            now=now,
        )
        session.flush()
        return tekst.versie


def _refuse_incomplete_final(figures: EvaluatieCijfers) -> None:
    if figures.soort is EvaluatieSoort.EIND and figures.ontbrekende_antwoorden:
        raise StateError(
            "De eindevaluatie kan pas worden uitgebracht als de programmadirecteur elke "
            "monitoringsvraag heeft beantwoord en de conclusie heeft geschreven. Nog open: "
            + "; ".join(figures.ontbrekende_antwoorden)
        )


def report_pdf(
    db: Database,
    actor: Actor,
    year_label: str,
    kind: EvaluatieSoort,
    *,
    concept: bool = False,
    peildatum: date | None = None,
) -> bytes:
    """The evaluation report as PDF bytes (at ``peildatum``, see ``evaluation_figures``). The
    final report needs every answer and the conclusion; ``concept=True`` renders it anyway,
    marked as a concept."""
    figures = evaluation_figures(db, actor, year_label, kind, peildatum=peildatum)
    if concept:
        return render_evaluatie(replace(figures, concept=True))
    _refuse_incomplete_final(figures)
    return render_evaluatie(figures)


def report_xlsx(
    db: Database,
    actor: Actor,
    year_label: str,
    kind: EvaluatieSoort,
    *,
    peildatum: date | None = None,
) -> bytes:
    """The same figures as an Excel workbook (text cells safe from formula injection)."""
    return evaluatie_xlsx(evaluation_figures(db, actor, year_label, kind, peildatum=peildatum))


REPORT_ROLES = (Rol.PROGRAMMADIRECTEUR,)
"""Who writes the evaluation to a file (the Rapportages page is hers)."""


def write_report(
    db: Database,
    actor: Actor,
    year_label: str,
    kind: EvaluatieSoort,
    out_pdf: Path,
    xlsx: Path | None = None,
    *,
    peildatum: date | None = None,
) -> str:
    """Write the report (and optionally the Excel export) at ``peildatum`` (see
    ``evaluation_figures``); returns a short Dutch summary. The export (who, when, which files,
    which peildatum) is in the audit trail."""
    scope.active(db, actor, Recht.RAPPORTEN)
    figures = evaluation_figures(db, actor, year_label, kind, peildatum=peildatum)
    _refuse_incomplete_final(figures)
    out_pdf = Path(out_pdf)
    try:
        write_atomic(out_pdf, render_evaluatie(figures))
        if xlsx is not None:
            write_atomic(Path(xlsx), evaluatie_xlsx(figures))
    except OSError as exc:
        raise KnownError(
            f"Het rapport kon niet worden weggeschreven: {exc.strerror} ({exc.filename})."
        ) from exc
    toegangslog.export_gemaakt(
        db,
        actor,
        objectsoort="evaluatie",
        omschrijving=f"{kind.label} {year_label}"
        + (f", peildatum {figures.peildatum.isoformat()}" if figures.peildatum else "")
        + (", PDF en Excel" if xlsx is not None else ", PDF"),
    )
    written = f"{out_pdf}" + (f" en {xlsx}" if xlsx is not None else "")
    return (
        f"{figures.titel} weggeschreven naar {written}: {figures.aanvragen} aanvragen, "
        f"{figures.toekenningen} toekenningen, {figures.leerlingen} leerlingen bereikt."
    )


__all__ = [
    "VRAGEN",
    "Conclusies",
    "EvaluatieSoort",
    "get_answers",
    "save_answers",
    "evaluation_figures",
    "get_conclusions",
    "report_pdf",
    "report_xlsx",
    "save_conclusions",
    "suggested_peildatum",
    "write_report",
]
