"""After the fuzzing: the longest and strangest accepted text in every name a document shows,
and every document rendered from that database (the Excel export, each letter, both PDFs)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from swv_desktop.models import Beschikking
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.evaluatie import use_cases as evaluatie


def render_everything(world) -> None:
    """The Excel export, every letter and both evaluation PDFs from what the fuzzing stored."""
    with world.db.read() as session:
        ids = list(session.scalars(select(Beschikking.id)))
    label = schooljaren.get_schooljaar(world.db, world.schooljaar_id).label
    assert ids
    for beschikking_id in ids:
        pdf = uitgifte.render_preview(world.db, world.directeur, beschikking_id)
        assert PdfReader(BytesIO(pdf)).pages
    for kind in ("interim", "final"):
        # concept: the final report without conclusions is refused, its draft renders
        assert PdfReader(
            BytesIO(evaluatie.report_pdf(world.db, world.directeur, label, kind, concept=True))
        ).pages
        workbook = load_workbook(
            BytesIO(evaluatie.report_xlsx(world.db, world.directeur, label, kind))
        )
        assert "Conclusies" in workbook.sheetnames


def store_accepted_extremes(world) -> None:
    """The longest and strangest text the services accept, in every name a document shows."""
    long_word = "Ontwikkelingsperspectiefplan" * 7  # 196 characters without a space
    odd = "<b>&amp;</b> {school} \u202e\u200d😀 ="
    versie = scholen.get_bestuur(world.db, world.bestuur_id).versie
    scholen.save_bestuur(
        world.db,
        world.secretariaat,
        scholen.BestuurInput(long_word, "41234", versie=versie),
        world.bestuur_id,
    )
    scholen.save_school(
        world.db,
        world.secretariaat,
        scholen.SchoolInput(
            odd + long_word[: 200 - len(odd)],
            "12AB",
            "12AB00",
            world.bestuur_id,
            versie=scholen.get_school(world.db, world.school_id).versie,
        ),
        world.school_id,
    )
    evaluatie.save_conclusions(
        world.db,
        world.directeur,
        world.schooljaar_id,
        "interim",
        ("Regel\x0b" + odd + " ") * 500,
        versie=evaluatie.get_answers(
            world.db, world.directeur, world.schooljaar_id, "interim"
        ).versie,
    )
