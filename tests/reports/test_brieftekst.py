"""The beheerder edits letter texts: placeholders are checked, the new text shows in the letters
and in the preview, and only the beheerder may change them."""

from __future__ import annotations

import pytest
from pdftext import all_text
from report_world import World
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import BriefTekst
from swv_desktop.models import Rol
from swv_desktop.services.beschikkingen.uitgifte import get_letter_texts
from swv_desktop.services.beschikkingen.uitgifte import preview_letter_text
from swv_desktop.services.beschikkingen.uitgifte import render_preview
from swv_desktop.services.beschikkingen.uitgifte import reset_letter_text
from swv_desktop.services.beschikkingen.uitgifte import save_letter_text


def test_defaults_are_listed_in_letter_order(db: Database) -> None:
    texts = get_letter_texts(db)
    assert texts[0].sleutel == "aanhef"
    assert all(t.tekst == t.standaard and not t.aangepast for t in texts)


def test_saved_text_is_used_and_audited(db: Database, world: World) -> None:
    beheer = world.actors[Rol.BEHEERDER]
    save_letter_text(
        db, beheer, "slot", "Vragen? Bel {contactpersoon} over {kenmerk} ({bedrag}).", versie=0
    )
    text = all_text(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"])
    )
    assert "Vragen? Bel Anouk Contact over MWB-2021-001 (€ 7.500,00)." in text
    slot = next(t for t in get_letter_texts(db) if t.sleutel == "slot")
    assert slot.aangepast
    with db.read() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.entiteit == "brieftekst")) == 1
    reset_letter_text(db, beheer, "slot", versie=slot.versie)
    slot = next(t for t in get_letter_texts(db) if t.sleutel == "slot")
    assert not slot.aangepast and slot.versie == 2  # the row stays, so its version counts on
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    assert "Vragen? Bel" not in all_text(render_preview(db, pd, world.beschikkingen["individueel"]))


@pytest.mark.parametrize(
    ("tekst", "fragment"),
    [
        ("Geachte {naam_leerling},", "Onbekend invulveld {naam_leerling}"),
        ("Bedrag {bedrag:>10}", "Onbekend invulveld {bedrag:>10}"),
        ("Kapot {school", "losse accolade"),
        ("   ", "Vul een tekst in"),
    ],
)
def test_bad_texts_are_refused_in_dutch(
    db: Database, world: World, tekst: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as err:
        save_letter_text(db, world.actors[Rol.BEHEERDER], "aanhef", tekst, versie=0)
    assert err.value.fields == {"tekst"}
    assert fragment in str(err.value)
    with db.read() as session:
        assert session.scalar(select(func.count(BriefTekst.id))) == 0


def test_unknown_key_and_other_roles_are_refused(db: Database, world: World) -> None:
    with pytest.raises(ValidationError) as err:
        save_letter_text(db, world.actors[Rol.BEHEERDER], "bestaat_niet", "tekst", versie=0)
    assert err.value.fields == {"sleutel"}
    with pytest.raises(PermissionDenied, match="beheerder"):
        save_letter_text(
            db, world.actors[Rol.PROGRAMMADIRECTEUR], "aanhef", "Beste school,", versie=0
        )


@pytest.mark.parametrize(
    ("sleutel", "expected"),
    [
        ("besluit_afwijzing", "Afwijzing: {aangevraagd_bedrag} niet toegekend."),
        ("besluit_toekenning_groep", "Groep van {aantal_leerlingen} krijgt {bedrag}."),
        ("herziening", "Dit herziet {oud_kenmerk}."),
        ("aanhef", "Beste {bestuur},"),
    ],
)
def test_preview_renders_a_sample_letter_of_the_right_kind(
    db: Database, world: World, sleutel: str, expected: str
) -> None:
    text = all_text(preview_letter_text(db, world.actors[Rol.BEHEERDER], sleutel, expected))
    filled = {
        "besluit_afwijzing": "Afwijzing: € 6.500,00 niet toegekend.",
        "besluit_toekenning_groep": "Groep van 6 krijgt € 30.000,00.",
        "herziening": "Dit herziet MWB-2021-000.",
        "aanhef": "Beste Stichting Voorbeeldscholen VO,",
    }[sleutel]
    assert filled in text
    assert "Samenwerkingsverband VO Zuiderlicht" in text  # the real letterhead
    assert "VOORBEELD-2021-001" in text
    with pytest.raises(ValidationError):
        preview_letter_text(db, world.actors[Rol.BEHEERDER], sleutel, "{onbekend}")
